// SPDX-License-Identifier: MIT
// Replicate statistics and imaging killing metrics (ASSAY.md §3.2, §7).
#include <cmath>

#include "lysisq/assay.hpp"

namespace lysisq::assay {

ReplicateStats replicate_stats(std::span<const double> values) {
  ReplicateStats s;
  s.n = static_cast<int>(values.size());
  if (s.n == 0) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / s.n;
  if (s.n > 1) {
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / (s.n - 1));
  }
  s.cv_pct = s.mean != 0 ? s.sd / std::fabs(s.mean) * 100.0 : 0.0;
  return s;
}

double killing_target_loss_pct(double live_targets_et, double mean_live_targets_target_only) {
  if (mean_live_targets_target_only <= 0) return std::nan("");
  return (1.0 - live_targets_et / mean_live_targets_target_only) * 100.0;
}

double specific_death_pct(double dead_pct_et, double dead_pct_target_only) {
  if (dead_pct_target_only >= 100.0) return std::nan("");
  return (dead_pct_et - dead_pct_target_only) / (100.0 - dead_pct_target_only) * 100.0;
}

}  // namespace lysisq::assay
