// SPDX-License-Identifier: MIT
// Kinetic (time-lapse) killing metrics (ASSAY.md §3.2): time-normalised killing, AUC and KT50.
// Pure arithmetic, no I/O.
#pragma once
#include <span>
#include <string>
#include <vector>

namespace lysisq::assay {

/// One value of a time series (a count, or %killing).
struct TimePoint {
  double time_h = 0;
  double value = 0;
};

/// (1 - [N_ET(t)/N_ET(0)] / [N_T(t)/N_T(0)]) x 100: killing corrected for target growth.
/// NaN when a count it divides by is <= 0 or any input is not finite.
double time_normalised_killing_pct(double n_et_t, double n_et_0, double n_t_t, double n_t_0);

/// Time-normalised killing curve. Time 0 is each series' earliest point; each time of `et`
/// is matched to the same time in `target_only` (within 1e-9 h); unmatched times give NaN.
/// The result is sorted by time.
std::vector<TimePoint> time_normalised_killing(std::span<const TimePoint> et_counts,
                                               std::span<const TimePoint> target_only_counts);

/// Summary of a %killing vs time curve.
struct KineticSummary {
  int points_used = 0;        ///< finite points after sorting by time
  double duration_h = 0;      ///< last - first time
  double auc_pct_h = 0;       ///< trapezoid area, %·h; NaN with fewer than 2 points
  double auc_normalised = 0;  ///< auc / (100 x duration); NaN when duration is 0
  double max_killing_pct = 0;
  bool kt50_reached = false;
  /// First time the curve reaches `level_pct` (default 50), by linear interpolation between the
  /// bracketing points; the first time itself if the curve starts at or above it. NaN if never.
  double kt50_h = 0;
  std::string reason;         ///< notes: dropped points, too few points, not reached
};

/// AUC, maximum and KT50 of a %killing curve (any order; non-finite points are ignored).
KineticSummary summarize_kinetics(std::span<const TimePoint> killing_pct, double level_pct = 50);

}  // namespace lysisq::assay
