// SPDX-License-Identifier: MIT
// Kinetic (time-lapse) killing of a plate (ASSAY.md §3.2): each experimental condition's live
// targets over the time points against its reference wells', as time-normalised %killing with
// AUC and KT50. Pure computation: per-time-point quantifications in, plain structs out.
#pragma once
#include <map>
#include <span>
#include <string>
#include <vector>

#include "lysisq/kinetics.hpp"
#include "lysisq/quantify.hpp"

namespace lysisq {

/// A time point of the plate's files and its time in hours after the first one.
struct KineticTime {
  int time_point = 0;
  double time_h = 0;
};

/// The plate quantified at one time point.
struct TimedQuantification {
  KineticTime time;
  PlateQuantification quant;
};

/// One point of a condition's kinetic curve.
struct KineticPoint {
  KineticTime time;
  double live_targets_mean = 0;            ///< N_ET(t): mean live targets of the replicate wells
  double reference_live_targets_mean = 0;  ///< N_T(t): mean live targets of the reference wells
  double killing_pct = 0;                  ///< time-normalised %killing; NaN where undefined
};

/// An experimental condition followed over time.
struct KineticCondition {
  std::string target, effector;
  double et_ratio = 0;
  std::map<std::string, std::string> labels;
  std::string reference;           ///< reference role, as ConditionResult::reference
  std::vector<KineticPoint> points;  ///< ascending time
  assay::KineticSummary summary;     ///< AUC, maximum and KT50 of the killing curve
};

/// The kinetic curves of every experimental condition that has reference wells, in the order of
/// PlateQuantification::conditions. `series` holds the same layout quantified at each time point
/// (any order; it is sorted by time). Time 0 of the normalisation is the earliest time point.
/// `level_pct` is the KT level (50 gives KT50).
std::vector<KineticCondition> kinetic_conditions(std::span<const TimedQuantification> series, double level_pct);

}  // namespace lysisq
