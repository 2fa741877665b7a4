// SPDX-License-Identifier: MIT
// Test helper: release (51Cr) plates built by hand, a layout plus per-well cpm, for the release
// quantification, writer and CLI tests. The numbers are ASSAY.md §5 vector A.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "lysisq/plate.hpp"
#include "lysisq/release_run.hpp"

namespace lysisq::test {

/// A layout and its counts, built up well group by well group.
struct HandPlate {
  PlateLayout layout;
  WellCpm cpm;

  /// Assigns `wells` ("A01", ...) in order to the given cpm values.
  void add(WellRole role, const std::string& target, const std::string& effector, double et,
           const std::vector<std::string>& wells, const std::vector<double>& cpm_values,
           const std::map<std::string, std::string>& labels = {});
  /// Sorts layout.wells by well (as load_layout does).
  void finish();
};

/// Vector A: K562 (cell line, T = 1e4) and LAK-1, spontaneous 520/480/500 (H01-H03), maximum
/// 5100/4900/5000 (H04-H06), E:T 40/20/10/5 in rows A01-A12 (triplicates), no background.
HandPlate vector_a_plate();

/// The §5 vector A expectations, E:T 40, 20, 10, 5.
inline constexpr double kVectorAEt[4] = {40, 20, 10, 5};
inline constexpr double kVectorALysisPct[4] = {40.000, 25.556, 13.333, 6.296};
inline constexpr double kVectorASdPct[4] = {1.111, 1.111, 1.111, 0.463};

}  // namespace lysisq::test
