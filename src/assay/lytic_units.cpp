// SPDX-License-Identifier: MIT
// Lytic-unit driver (ASSAY.md §3.3, §7): cleans the series, runs the chosen method, and applies
// the never-extrapolate rules (not reached / below range with their bounds). Also the AUC of
// %SL vs ln(E:T).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "lu_methods.hpp"

namespace lysisq::assay {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct MethodEntry {
  LuMethod method;
  const char* name;
  detail::EtEstimate (*estimate)(std::span<const DosePoint>, double);
};
constexpr std::array<MethodEntry, 5> kMethods = {{
    {LuMethod::kExponential, "exponential", detail::estimate_exponential},
    {LuMethod::kOneHit, "one_hit", detail::estimate_one_hit},
    {LuMethod::kWeibull, "weibull", detail::estimate_weibull},
    {LuMethod::kLogLinear, "log_linear", detail::estimate_log_linear},
    {LuMethod::kLogInterp, "log_interp", detail::estimate_log_interp},
}};

const MethodEntry& entry(LuMethod m) {
  for (const MethodEntry& e : kMethods)
    if (e.method == m) return e;
  return kMethods[0];
}

/// Usable points (E:T > 0 and finite, %SL finite), sorted by E:T; counts what was dropped.
std::vector<DosePoint> clean_sorted(std::span<const DosePoint> points, int& dropped) {
  std::vector<DosePoint> v;
  v.reserve(points.size());
  for (const DosePoint& p : points)
    if (std::isfinite(p.et_ratio) && p.et_ratio > 0 && std::isfinite(p.lysis_pct)) v.push_back(p);
  dropped = static_cast<int>(points.size() - v.size());
  std::stable_sort(v.begin(), v.end(),
                   [](const DosePoint& a, const DosePoint& b) { return a.et_ratio < b.et_ratio; });
  return v;
}

void note(std::string& reason, const std::string& why) {
  if (!reason.empty()) reason += "; ";
  reason += why;
}

}  // namespace

const char* lu_method_name(LuMethod m) { return entry(m).name; }

std::optional<LuMethod> parse_lu_method(std::string_view s) {
  for (const MethodEntry& e : kMethods)
    if (s == e.name) return e.method;
  return std::nullopt;
}

const char* lu_status_name(LuStatus s) {
  switch (s) {
    case LuStatus::kValue: return "value";
    case LuStatus::kNotReached: return "not_reached";
    case LuStatus::kBelowRange: return "below_range";
    case LuStatus::kUndefined: break;
  }
  return "undefined";
}

LuResult lytic_units(std::span<const DosePoint> points, const LuParams& p) {
  LuResult r;
  r.method = p.method;
  r.lysis_pct = p.lysis_pct;
  r.per_exponent = p.per_exponent;
  r.et_x = r.lu = r.bound = kNaN;
  r.fit = {kNaN, kNaN, 0};
  int dropped = 0;
  const std::vector<DosePoint> pts = clean_sorted(points, dropped);
  if (!(p.lysis_pct > 0 && p.lysis_pct < 100) || !(p.targets_per_well > 0)) {
    r.reason = "x must lie in (0, 100) and T must be > 0";
    return r;
  }
  if (pts.empty()) {
    r.reason = "no usable points (E:T > 0 with a finite %SL)";
    return r;
  }
  const double scale = std::pow(10.0, p.per_exponent) / p.targets_per_well;  // LU = scale / (E:T)x
  const double et_min = pts.front().et_ratio, et_max = pts.back().et_ratio;
  double max_lysis = pts.front().lysis_pct;
  for (const DosePoint& q : pts) max_lysis = std::max(max_lysis, q.lysis_pct);
  detail::EtEstimate e;
  if (max_lysis < p.lysis_pct) {
    e.status = LuStatus::kNotReached;
    e.reason = "highest observed %SL is below x";
  } else {
    e = entry(p.method).estimate(pts, p.lysis_pct / 100.0);
    r.fit = e.fit;
  }
  if (e.status == LuStatus::kValue && e.et_x > et_max) {
    e.status = LuStatus::kNotReached;
    e.reason = "(E:T)x lies above the highest E:T tested";
  } else if (e.status == LuStatus::kValue && e.et_x < et_min) {
    e.status = LuStatus::kBelowRange;
    e.reason = "(E:T)x lies below the lowest E:T tested";
  }
  r.status = e.status;
  r.reason = e.reason;
  if (r.status == LuStatus::kValue) {
    r.et_x = e.et_x;
    r.lu = scale / e.et_x;
  } else if (r.status == LuStatus::kNotReached) {
    r.bound = scale / et_max;
  } else if (r.status == LuStatus::kBelowRange) {
    r.bound = scale / et_min;
  }
  if (dropped > 0) note(r.reason, std::to_string(dropped) + " point(s) with E:T <= 0 or non-finite values ignored");
  return r;
}

double lysis_auc_ln_et(std::span<const DosePoint> points) {
  int dropped = 0;
  const std::vector<DosePoint> pts = clean_sorted(points, dropped);
  if (pts.size() < 2) return kNaN;
  double auc = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    const double w = std::log(pts[i + 1].et_ratio) - std::log(pts[i].et_ratio);
    auc += 0.5 * (pts[i].lysis_pct + pts[i + 1].lysis_pct) * w;
  }
  return auc;
}

}  // namespace lysisq::assay
