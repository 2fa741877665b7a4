// SPDX-License-Identifier: MIT
// Kinetic killing metrics (ASSAY.md §3.2): time-normalised killing, trapezoid AUC, KT50.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "lysisq/kinetics.hpp"

namespace lysisq::assay {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTimeTolH = 1e-9;

std::vector<TimePoint> sorted_finite(std::span<const TimePoint> pts) {
  std::vector<TimePoint> v;
  v.reserve(pts.size());
  for (const TimePoint& p : pts)
    if (std::isfinite(p.time_h) && std::isfinite(p.value)) v.push_back(p);
  std::stable_sort(v.begin(), v.end(),
                   [](const TimePoint& a, const TimePoint& b) { return a.time_h < b.time_h; });
  return v;
}

void note(std::string& reason, const std::string& why) {
  if (!reason.empty()) reason += "; ";
  reason += why;
}

/// First crossing of `level` by linear interpolation; NaN if the curve never reaches it.
double first_crossing(const std::vector<TimePoint>& v, double level) {
  if (v.empty()) return kNaN;
  if (v.front().value >= level) return v.front().time_h;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    const TimePoint& a = v[i];
    const TimePoint& b = v[i + 1];
    if (a.value < level && b.value >= level)
      return a.time_h + (level - a.value) / (b.value - a.value) * (b.time_h - a.time_h);
  }
  return kNaN;
}

}  // namespace

double time_normalised_killing_pct(double n_et_t, double n_et_0, double n_t_t, double n_t_0) {
  if (!std::isfinite(n_et_t) || !std::isfinite(n_et_0) || !std::isfinite(n_t_t) ||
      !std::isfinite(n_t_0) || n_et_0 <= 0 || n_t_0 <= 0 || n_t_t <= 0)
    return kNaN;
  return (1.0 - (n_et_t / n_et_0) / (n_t_t / n_t_0)) * 100.0;
}

std::vector<TimePoint> time_normalised_killing(std::span<const TimePoint> et_counts,
                                               std::span<const TimePoint> target_only_counts) {
  const std::vector<TimePoint> et = sorted_finite(et_counts);
  const std::vector<TimePoint> t = sorted_finite(target_only_counts);
  std::vector<TimePoint> out;
  if (et.empty() || t.empty()) return out;
  out.reserve(et.size());
  for (const TimePoint& p : et) {
    double value = kNaN;
    for (const TimePoint& q : t)
      if (std::fabs(q.time_h - p.time_h) <= kTimeTolH) {
        value = time_normalised_killing_pct(p.value, et.front().value, q.value, t.front().value);
        break;
      }
    out.push_back({p.time_h, value});
  }
  return out;
}

KineticSummary summarize_kinetics(std::span<const TimePoint> killing_pct, double level_pct) {
  KineticSummary s;
  const std::vector<TimePoint> v = sorted_finite(killing_pct);
  s.points_used = static_cast<int>(v.size());
  if (v.size() < killing_pct.size())
    note(s.reason, std::to_string(killing_pct.size() - v.size()) + " non-finite point(s) ignored");
  s.auc_pct_h = s.auc_normalised = s.max_killing_pct = s.kt50_h = kNaN;
  s.duration_h = v.empty() ? 0.0 : v.back().time_h - v.front().time_h;
  if (!v.empty()) {
    s.max_killing_pct = v.front().value;
    for (const TimePoint& p : v) s.max_killing_pct = std::max(s.max_killing_pct, p.value);
  }
  if (v.size() >= 2) {
    double auc = 0;
    for (std::size_t i = 0; i + 1 < v.size(); ++i)
      auc += 0.5 * (v[i].value + v[i + 1].value) * (v[i + 1].time_h - v[i].time_h);
    s.auc_pct_h = auc;
    if (s.duration_h > 0) s.auc_normalised = auc / (100.0 * s.duration_h);
  } else {
    note(s.reason, "AUC needs at least 2 time points");
  }
  s.kt50_h = first_crossing(v, level_pct);
  s.kt50_reached = !std::isnan(s.kt50_h);
  if (!s.kt50_reached) {
    char level[32];
    std::snprintf(level, sizeof level, "%g", level_pct);
    note(s.reason, std::string("KT") + level + " not reached");
  }
  return s;
}

}  // namespace lysisq::assay
