// SPDX-License-Identifier: MIT
// Release-assay arithmetic (ASSAY.md §3.1, §4 Z', §7): %SL from raw cpm, control QC numbers,
// replicate outlier screening. Pure: plain values in, plain structs out, no I/O.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "lysisq/assay.hpp"

namespace lysisq::assay {

/// Optional replicate outlier rule (ASSAY.md §3.1): modified z-score |0.6745 (v - median) / MAD|
/// (Iglewicz & Hoaglin 1993) above `max_robust_z` drops the single most extreme value of a group.
/// At most one value per group is ever dropped, and only from groups of at least `min_n`
/// (default 3), so a triplicate keeps at least two wells.
struct OutlierParams {
  bool enabled = false;
  double max_robust_z = 3.5;    ///< the usual Iglewicz-Hoaglin cut-off
  int min_n = 3;                ///< smaller groups are never screened
  /// MAD floor as a fraction of |median|: with integer cpm two equal replicates give MAD = 0,
  /// which would make any third value an "outlier"; 1 % of the level is below counting noise.
  double mad_floor_frac = 0.01;
};

/// One replicate dropped by the outlier rule; always written to results and log.
struct Exclusion {
  std::string group;   ///< "experimental", "spontaneous", "maximum", "background", "effector_only"
  int index = 0;       ///< position in the caller's input vector
  double value = 0;    ///< the dropped raw value (cpm)
  double robust_z = 0; ///< its modified z-score
};

/// Values kept after screening one replicate group, plus what was dropped.
struct ScreenedGroup {
  std::vector<double> kept;
  std::vector<Exclusion> excluded;  ///< empty or one entry
};
/// Applies the MAD rule to one group (a no-op copy when `p.enabled` is false).
ScreenedGroup screen_outliers(std::span<const double> values, const std::string& group,
                              const OutlierParams& p);

/// Raw cpm of one target's control wells. Background may be empty (b = 0).
struct ReleaseControls {
  std::vector<double> spontaneous;
  std::vector<double> maximum;
  std::vector<double> background;
};

/// Per-target control numbers (ASSAY.md §4, §7). NaN where undefined; `reason` says why.
struct ControlSummary {
  ReplicateStats spontaneous, maximum, background;  ///< after outlier screening
  double background_cpm = 0;    ///< b: mean of background wells, 0 if none
  double spont_pct = 0;         ///< (S-b)/(M-b) x 100
  double net_max_cpm = 0;       ///< M - b
  double window_ratio = 0;      ///< (M-b)/(S-b)
  double z_prime = 0;           ///< 1 - 3(sd_M + sd_S)/|M - S|, sample SDs
  std::vector<Exclusion> exclusions;
  std::string reason;           ///< empty when every number above is defined
};
ControlSummary summarize_controls(const ReleaseControls& c, const OutlierParams& outliers = {});

/// Z' = 1 - 3(sd_pos + sd_neg)/|mean_pos - mean_neg| with sample SDs; NaN if either group has
/// fewer than 2 values or the means are equal.
double z_prime(std::span<const double> positive, std::span<const double> negative);

struct ReleaseParams {
  bool delta_method_sd = false;  ///< also compute the SD including control error
  OutlierParams outliers;        ///< applied to the experimental and effector-only wells
  double flag_above_pct = 100;   ///< %SL strictly above this is flagged
  double flag_below_pct = -10;   ///< %SL strictly below this is flagged
};

/// %SL of one experimental condition (one effector, target, E:T), signed, never clamped.
struct ReleaseResult {
  ReplicateStats experimental;   ///< cpm after screening: n, mean, SD, CV %
  ReplicateStats effector_only;  ///< n = 0 for isotopic release
  double lysis_pct = 0;          ///< (E - Eff - S)/(M - S) x 100 of the mean cpm; NaN if undefined
  double lysis_sd_pct = 0;       ///< SD(E)/(M - S) x 100; NaN with fewer than 2 replicates
  /// Delta-method SD of a single well's %SL with the controls' means as uncertain (var of a mean
  /// = sd^2/n); equals lysis_sd_pct when the controls have no spread. NaN unless requested.
  double lysis_sd_delta_pct = 0;
  bool above_max_flag = false;   ///< %SL > flag_above_pct (incomplete lysis or pipetting)
  bool below_min_flag = false;   ///< %SL < flag_below_pct
  std::vector<Exclusion> exclusions;
  std::string reason;            ///< why lysis_pct is NaN; empty otherwise
};

/// %SL from raw cpm. `effector_only` non-empty selects the non-isotopic variant
/// (E - Eff - S)/(M - S); the control numbers come from summarize_controls().
ReleaseResult specific_release(std::span<const double> experimental, const ControlSummary& controls,
                               const ReleaseParams& p = {},
                               std::span<const double> effector_only = {});

}  // namespace lysisq::assay
