// SPDX-License-Identifier: MIT
// Levey-Jennings limits and Westgard rules for run-to-run QC of control values (ASSAY.md §4, last
// row), and the 51Cr decay correction that makes maximum-release cpm comparable across runs.
// Pure arithmetic: no I/O, no database.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lysisq::history {

/// A QC verdict, ordered by severity (std::max gives the worst).
enum class Verdict { kPass = 0, kWarn = 1, kFail = 2 };

/// "pass" / "warn" / "fail".
const char* verdict_name(Verdict v);
/// Inverse of verdict_name(); nullopt for anything else.
std::optional<Verdict> parse_verdict(std::string_view s);

/// Mean and sample SD (n-1) of a control's baseline runs: the centre line and the 1/2/3 SD lines
/// of the Levey-Jennings chart.
struct LjLimits {
  double mean = 0;
  double sd = 0;
  std::size_t n = 0;         ///< baseline runs used
  bool provisional = false;  ///< fewer than BaselinePolicy::baseline_runs runs were available
};

/// Which earlier runs set the limits for a judged run.
///
/// Choice (clinical-laboratory practice, Westgard): the limits come from the first
/// `baseline_runs` runs of the control's series and then stay fixed. Fixed limits matter: limits
/// recomputed over a moving window follow a slow drift, and the drift rules (4-1s, 10-x) would
/// never fire. Until `baseline_runs` earlier runs exist, all earlier runs give *provisional*
/// limits (at least `min_runs` of them; below that there are no limits and nothing is judged).
/// The judged run is never part of its own baseline.
struct BaselinePolicy {
  std::size_t baseline_runs = 20;  ///< ASSAY-DOMAIN.md §6: mean and SD from >= 20 baseline runs
  std::size_t min_runs = 5;        ///< an SD from fewer runs is too unstable to judge anything
  /// Provisional limits (n < baseline_runs) are uncertain: the 95 % interval of an SD from 5 runs
  /// spans 0.6x to 2.9x the true SD. So their rule violations are reported as warn, not fail.
  bool fail_on_provisional = false;
  /// Runs whose own QC failed were rejected (and usually repeated): their control values do
  /// not enter the limits or the multi-run rules of later runs (Westgard practice). A failed
  /// run is still judged itself.
  bool exclude_failed_runs = true;
};

/// Limits for the run at `judged` (0-based index into `values`, in run order) from the runs
/// before it, under `policy`; nullopt when fewer than policy.min_runs runs precede it or the
/// baseline SD is 0 (no spread: z-scores would be infinite).
std::optional<LjLimits> lj_limits(std::span<const double> values, std::size_t judged,
                                  const BaselinePolicy& policy = {});

/// The Westgard rules for one control measured once per run (N = 1).
enum class WestgardRule { k1_2s, k1_3s, k2_2s, kR_4s, k4_1s, k10_x };

/// Static facts of a rule: its conventional name ("1-3s"), how many consecutive runs it looks
/// at, and the verdict when it fires (1-2s warns; the others fail).
struct WestgardRuleInfo {
  WestgardRule rule;
  std::string_view name;
  std::size_t window;
  Verdict verdict;
  std::string_view meaning;  ///< random or systematic error, for the explanation
};
/// The six rules, in the order they are evaluated and reported.
std::span<const WestgardRuleInfo> westgard_rules();
const WestgardRuleInfo& rule_info(WestgardRule r);

/// One rule that fired on the newest run.
struct RuleHit {
  WestgardRule rule;
  Verdict verdict;
  std::string explanation;     ///< e.g. "2 consecutive runs beyond +2 SD (systematic error)"
  std::vector<double> values;  ///< the runs involved, oldest first (the newest run last)
  std::vector<double> z;       ///< their z-scores against the limits
};

/// Evaluates every rule on the newest (last) value of `values` (in run order; earlier values feed
/// the multi-run rules). A value exactly at a limit does not count as beyond it (ASSAY.md §7).
/// Returns the rules that fired in westgard_rules() order; empty when the run is in control.
/// Requires limits.sd > 0 and a non-empty `values`.
std::vector<RuleHit> evaluate_westgard(std::span<const double> values, const LjLimits& limits);

/// The worst verdict among `hits` (kPass when empty).
Verdict worst_verdict(std::span<const RuleHit> hits);

/// Physical half-life of 51Cr in days (ASSAY.md §4).
inline constexpr double kCr51HalfLifeDays = 27.7;

/// Decay-corrects a count back to the reference (label or calibration) date:
/// `cpm / 2^(-days_since_reference / half_life_days)`. One half-life later, a count doubles.
/// Negative days (a count before the reference date) scale down. Requires half_life_days > 0.
double decay_corrected_cpm(double cpm, double days_since_reference, double half_life_days = kCr51HalfLifeDays);

}  // namespace lysisq::history
