// SPDX-License-Identifier: MIT
// Internal to src/synth: where the faults go and how they are checked and written (faults.cpp).
#pragma once
#include <string>
#include <vector>

#include "lysisq/synth.hpp"

namespace lysisq::synth::detail {

/// ConfigError for a fault of the other plate kind, or one given twice.
void validate_faults(const std::vector<Fault>& faults, bool chromium);
bool has_fault(const std::vector<Fault>& faults, Fault f);

/// No well: a fault that is not built in.
inline constexpr WellId kNoWell{-1, -1};

/// The `index`-th (0-based) experimental well of the layout in well order (row-major).
WellId nth_experimental(const PlateLayout& layout, std::size_t index);

/// Positions of the fault wells among the experimental wells (see SynthParams::faults): distinct
/// conditions, so that faults combine without one hiding another.
inline constexpr std::size_t kSaturatedWellIndex = 12;  ///< B01 on 96 wells (LAK-D1/K562 40:1)
inline constexpr std::size_t kBlurredWellIndex = 39;    ///< D04 (TIL-P1/MEL-P1 20:1)
inline constexpr std::size_t kEmptyWellIndex = 54;      ///< E07 (TIL-P1/K562 10:1)
inline constexpr std::size_t kOutlierWellIndex = 21;    ///< B10 (LAK-D1/K562 5:1)
inline constexpr std::size_t kChromiumOutlierWellIndex = 12;  ///< B01 (LAK-D1/K562 40:1)

/// Optics blur of a blurred-field fault, px (the normal optics: render.cpp kBlurSigmaPx 0.8).
inline constexpr double kFaultBlurSigmaPx = 4.0;

/// truth_faults.csv: fault, well, field (0 = every field), description.
std::string faults_csv(const std::vector<FaultTruth>& faults);

}  // namespace lysisq::synth::detail
