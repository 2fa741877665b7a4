// SPDX-License-Identifier: MIT
// Levey-Jennings limits, the Westgard multirule (one control per run) and 51Cr decay correction.
// Rule definitions: westgard.com "Westgard Rules" multirule page (ASSAY-DOMAIN.md §6).
#include "lysisq/westgard.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "lysisq/errors.hpp"

namespace lysisq::history {

namespace {

constexpr std::array<WestgardRuleInfo, 6> kRules = {{
    {WestgardRule::k1_2s, "1-2s", 1, Verdict::kWarn, "warning"},
    {WestgardRule::k1_3s, "1-3s", 1, Verdict::kFail, "random error"},
    {WestgardRule::k2_2s, "2-2s", 2, Verdict::kFail, "systematic error"},
    {WestgardRule::kR_4s, "R-4s", 2, Verdict::kFail, "random error"},
    {WestgardRule::k4_1s, "4-1s", 4, Verdict::kFail, "systematic error"},
    {WestgardRule::k10_x, "10-x", 10, Verdict::kFail, "systematic error"},
}};

/// SD multiple that the runs of a same-side rule must lie strictly beyond (0 = the mean).
double side_threshold(WestgardRule r) {
  switch (r) {
    case WestgardRule::k1_2s:
      return 2;
    case WestgardRule::k1_3s:
      return 3;
    case WestgardRule::k2_2s:
      return 2;
    case WestgardRule::k4_1s:
      return 1;
    case WestgardRule::k10_x:
      return 0;
    case WestgardRule::kR_4s:
      break;
  }
  throw InternalError("westgard: R-4s is not a same-side rule");
}

/// +1 if every z is strictly above +t, -1 if every z is strictly below -t, else 0.
int same_side(std::span<const double> z, double t) {
  const bool above = std::all_of(z.begin(), z.end(), [t](double v) { return v > t; });
  const bool below = std::all_of(z.begin(), z.end(), [t](double v) { return v < -t; });
  return above ? 1 : below ? -1 : 0;
}

std::string fmt(const char* format, double a, double b = 0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

/// The explanation of a fired rule; `side` is +1/-1 for same-side rules, 0 for R-4s.
std::string explain(const WestgardRuleInfo& info, int side, std::span<const double> z) {
  const char sign = side > 0 ? '+' : '-';
  std::string what;
  if (info.rule == WestgardRule::kR_4s) {
    what = fmt("2 consecutive runs span %.2f SD, one beyond +2 SD and one beyond -2 SD", std::fabs(z[1] - z[0]));
  } else if (info.rule == WestgardRule::k10_x) {
    what = std::string("10 consecutive runs ") + (side > 0 ? "above" : "below") + " the mean";
  } else if (info.window == 1) {
    what = std::string("run beyond ") + sign + fmt("%g SD (z = %.2f)", side_threshold(info.rule), z[0]);
  } else {
    what = std::to_string(info.window) + " consecutive runs beyond " + sign + fmt("%g SD", side_threshold(info.rule));
  }
  return what + " (" + std::string(info.meaning) + ")";
}

}  // namespace

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kFail:
      return "fail";
  }
  return "?";
}

std::optional<Verdict> parse_verdict(std::string_view s) {
  for (Verdict v : {Verdict::kPass, Verdict::kWarn, Verdict::kFail})
    if (s == verdict_name(v)) return v;
  return std::nullopt;
}

std::optional<LjLimits> lj_limits(std::span<const double> values, std::size_t judged, const BaselinePolicy& policy) {
  LYSISQ_EXPECTS(judged < values.size(), "lj_limits: judged run index out of range");
  const std::size_t n = std::min(judged, policy.baseline_runs);
  if (n < std::max<std::size_t>(policy.min_runs, 2)) return std::nullopt;
  const auto base = values.first(n);
  double sum = 0;
  for (double v : base) sum += v;
  const double mean = sum / double(n);
  double ss = 0;
  for (double v : base) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / double(n - 1));
  // Equal values (a mean of 3 equal counts, 6.333...) leave an SD of rounding noise (~1e-15 x
  // the mean), which would give absurd z-scores: that is no spread either.
  if (!(sd > 1e-9 * std::fabs(mean)) || !std::isfinite(sd)) return std::nullopt;
  return LjLimits{mean, sd, n, n < policy.baseline_runs};
}

std::span<const WestgardRuleInfo> westgard_rules() { return kRules; }

const WestgardRuleInfo& rule_info(WestgardRule r) {
  for (const auto& info : kRules)
    if (info.rule == r) return info;
  throw InternalError("westgard: unknown rule");
}

std::vector<RuleHit> evaluate_westgard(std::span<const double> values, const LjLimits& limits) {
  LYSISQ_EXPECTS(!values.empty(), "evaluate_westgard: no values");
  LYSISQ_EXPECTS(limits.sd > 0, "evaluate_westgard: SD must be > 0");
  std::vector<RuleHit> hits;
  for (const auto& info : kRules) {
    if (values.size() < info.window) continue;
    const auto tail = values.last(info.window);
    std::vector<double> z(tail.size());
    std::transform(tail.begin(), tail.end(), z.begin(), [&](double v) { return (v - limits.mean) / limits.sd; });
    int side = 0;
    bool fired = false;
    if (info.rule == WestgardRule::kR_4s) {
      fired = (z[0] > 2 && z[1] < -2) || (z[0] < -2 && z[1] > 2);
    } else {
      side = same_side(z, side_threshold(info.rule));
      fired = side != 0;
    }
    if (fired) hits.push_back({info.rule, info.verdict, explain(info, side, z), {tail.begin(), tail.end()}, z});
  }
  return hits;
}

Verdict worst_verdict(std::span<const RuleHit> hits) {
  Verdict v = Verdict::kPass;
  for (const auto& h : hits) v = std::max(v, h.verdict);
  return v;
}

double decay_corrected_cpm(double cpm, double days_since_reference, double half_life_days) {
  LYSISQ_EXPECTS(half_life_days > 0, "decay_corrected_cpm: half-life must be > 0");
  // cpm / 2^(-d/t) written as a multiplication: same value, one rounding fewer.
  return cpm * std::exp2(days_since_reference / half_life_days);
}

}  // namespace lysisq::history
