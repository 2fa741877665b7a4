// SPDX-License-Identifier: MIT
// Pure assay arithmetic (ASSAY.md §3): replicate statistics and killing metrics. No I/O.
#pragma once
#include <span>

namespace lysisq::assay {

/// n, mean, sample SD (n-1; 0 when n < 2) and CV in % of the raw values (0 when mean is 0).
struct ReplicateStats {
  int n = 0;
  double mean = 0, sd = 0, cv_pct = 0;
};
ReplicateStats replicate_stats(std::span<const double> values);

/// target_loss: (1 - N_live(ET) / mean N_live(T-only)) x 100.
double killing_target_loss_pct(double live_targets_et, double mean_live_targets_target_only);

/// specific_death: (D(ET) - D(T)) / (100 - D(T)) x 100, D = % dead among targets.
double specific_death_pct(double dead_pct_et, double dead_pct_target_only);

}  // namespace lysisq::assay
