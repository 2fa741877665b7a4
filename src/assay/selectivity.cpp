// SPDX-License-Identifier: MIT
// Autologous vs cell-line selectivity of one effector (ASSAY.md §3.4, §7): per-target LU and
// lysis, LU ratios with bound semantics, the pattern and its explanation; cold-target inhibition.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "lysisq/selectivity.hpp"

namespace lysisq::assay {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool same_et(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(a, b); }

/// Mean %SL of the series at one E:T (repeated E:T are averaged); NaN if absent.
double lysis_at(const std::vector<DosePoint>& pts, double et) {
  double sum = 0;
  int n = 0;
  for (const DosePoint& q : pts)
    if (std::isfinite(q.lysis_pct) && same_et(q.et_ratio, et)) {
      sum += q.lysis_pct;
      ++n;
    }
  return n > 0 ? sum / n : kNaN;
}

double highest_et(const std::vector<DosePoint>& pts) {
  double m = kNaN;
  for (const DosePoint& q : pts)
    if (std::isfinite(q.lysis_pct) && q.et_ratio > 0 && !(q.et_ratio <= m)) m = q.et_ratio;
  return m;
}

TargetActivity activity(const TargetSeries& s, const SelectivityParams& p) {
  TargetActivity a;
  a.name = s.target.name;
  a.origin = s.target.origin;
  a.nk_class = s.target.nk_class;
  LuParams lp = p.lu;
  lp.targets_per_well = s.target.targets_per_well;
  a.lu = lytic_units(s.points, lp);
  a.max_et = highest_et(s.points);
  a.lysis_at_max_et_pct = std::isnan(a.max_et) ? kNaN : lysis_at(s.points, a.max_et);
  a.lysed = a.lysis_at_max_et_pct >= p.min_lysis_pct;
  return a;
}

/// The set of LU values consistent with a result: [v, v], (0, bound), (bound, inf) or (0, inf).
struct Interval {
  double lo = 0, hi = kInf;
};
Interval lu_interval(const LuResult& r) {
  switch (r.status) {
    case LuStatus::kValue: return {r.lu, r.lu};
    case LuStatus::kNotReached: return {0, r.bound};
    case LuStatus::kBelowRange: return {r.bound, kInf};
    case LuStatus::kUndefined: break;
  }
  return {};
}

/// LU ratio autologous / line as an interval quotient, reported as a value or one-sided bound.
void lu_ratio(const LuResult& aut, const LuResult& line, AutologousComparison& c) {
  const Interval a = lu_interval(aut), l = lu_interval(line);
  const double lo = a.lo / l.hi;                       // x / inf = 0
  const double hi = l.lo > 0 ? a.hi / l.lo : kInf;
  c.lu_ratio = kNaN;
  c.ratio_kind = RatioKind::kUndefined;
  if (std::isfinite(lo) && std::isfinite(hi) && lo == hi && lo > 0) {
    c.lu_ratio = lo;
    c.ratio_kind = RatioKind::kValue;
  } else if (lo > 0 && std::isfinite(lo) && !std::isfinite(hi)) {
    c.lu_ratio = lo;
    c.ratio_kind = RatioKind::kLowerBound;
  } else if (lo == 0 && std::isfinite(hi)) {
    c.lu_ratio = hi;
    c.ratio_kind = RatioKind::kUpperBound;
  }
}

AutologousComparison compare(const TargetSeries& aut, const TargetActivity& aut_act,
                             const TargetSeries& line, const TargetActivity& line_act) {
  AutologousComparison c;
  c.autologous = aut_act.name;
  c.cell_line = line_act.name;
  lu_ratio(aut_act.lu, line_act.lu, c);
  c.common_et = kNaN;
  for (const DosePoint& q : aut.points)
    if (std::isfinite(q.lysis_pct) && q.et_ratio > 0 && !(q.et_ratio <= c.common_et) &&
        !std::isnan(lysis_at(line.points, q.et_ratio)))
      c.common_et = q.et_ratio;
  c.lysis_diff_pct = std::isnan(c.common_et)
                         ? kNaN
                         : lysis_at(aut.points, c.common_et) - lysis_at(line.points, c.common_et);
  return c;
}

bool ratio_meets(const AutologousComparison& c, double min_ratio) {
  return (c.ratio_kind == RatioKind::kValue || c.ratio_kind == RatioKind::kLowerBound) &&
         c.lu_ratio >= min_ratio;
}

}  // namespace

const char* ratio_kind_symbol(RatioKind k) {
  switch (k) {
    case RatioKind::kValue: return "=";
    case RatioKind::kLowerBound: return ">";
    case RatioKind::kUpperBound: return "<";
    case RatioKind::kUndefined: break;
  }
  return "?";
}

const char* pattern_name(SelectivityPattern p) {
  switch (p) {
    case SelectivityPattern::kNonLytic: return "non-lytic";
    case SelectivityPattern::kAutologousSelective: return "autologous-selective";
    case SelectivityPattern::kBroad: return "broad";
    case SelectivityPattern::kNkLike: return "NK-like";
    case SelectivityPattern::kUnclassified: break;
  }
  return "unclassified";
}

namespace {

/// True when some lysed autologous target meets the ratio against every cell line (>= 1 line).
bool autologous_selective(const SelectivityResult& r, double min_ratio) {
  for (const TargetActivity& a : r.targets) {
    if (a.origin != TargetOrigin::kAutologous || !a.lysed) continue;
    int lines = 0, met = 0;
    for (const AutologousComparison& c : r.comparisons)
      if (c.autologous == a.name) {
        ++lines;
        met += ratio_meets(c, min_ratio) ? 1 : 0;
      }
    if (lines > 0 && met == lines) return true;
  }
  return false;
}

SelectivityPattern pattern_of(const SelectivityResult& r, double min_ratio) {
  bool any = false, aut = false, nk_res = false, nk_sens = false;
  for (const TargetActivity& a : r.targets) {
    if (!a.lysed) continue;
    any = true;
    aut = aut || a.origin == TargetOrigin::kAutologous;
    const bool line = a.origin == TargetOrigin::kCellLine;
    nk_res = nk_res || (line && a.nk_class == NkClass::kNkResistant);
    nk_sens = nk_sens || (line && a.nk_class == NkClass::kNkSensitive);
  }
  if (!any) return SelectivityPattern::kNonLytic;
  if (autologous_selective(r, min_ratio)) return SelectivityPattern::kAutologousSelective;
  if (aut && nk_res) return SelectivityPattern::kBroad;
  if (nk_sens && !nk_res && !aut) return SelectivityPattern::kNkLike;
  return SelectivityPattern::kUnclassified;
}


std::string num(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string et_text(double et) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g:1", et);
  return buf;
}

/// "LU20 = 63.3/1e7", "LU20 < 25.0/1e7", "LU20 > 200.0/1e7" or "LU20 undefined".
std::string lu_text(const LuResult& lu) {
  const std::string name = "LU" + num(lu.lysis_pct, 0);
  const std::string per = "/1e" + std::to_string(lu.per_exponent);
  switch (lu.status) {
    case LuStatus::kValue: return name + " = " + num(lu.lu, 1) + per;
    case LuStatus::kNotReached: return name + " < " + num(lu.bound, 1) + per;
    case LuStatus::kBelowRange: return name + " > " + num(lu.bound, 1) + per;
    case LuStatus::kUndefined: break;
  }
  return name + " undefined";
}

std::string ratio_text(const AutologousComparison& c) {
  switch (c.ratio_kind) {
    case RatioKind::kValue: return num(c.lu_ratio, 2);
    case RatioKind::kLowerBound: return "> " + num(c.lu_ratio, 2);
    case RatioKind::kUpperBound: return "< " + num(c.lu_ratio, 2);
    case RatioKind::kUndefined: break;
  }
  return "undefined";
}

std::string pattern_reason(SelectivityPattern pat, const SelectivityParams& p) {
  const std::string lim = num(p.min_lysis_pct, 0) + " %";
  switch (pat) {
    case SelectivityPattern::kNonLytic: return "no target reaches " + lim + " lysis at its highest E:T";
    case SelectivityPattern::kAutologousSelective:
      return "autologous tumour lysed (>= " + lim + ") with LU ratio >= " + num(p.min_ratio, 1) +
             " against every cell line (TIL-like)";
    case SelectivityPattern::kBroad:
      return "autologous tumour and NK-resistant line both lysed (>= " + lim + ", LAK-like)";
    case SelectivityPattern::kNkLike:
      return "NK-sensitive line lysed (>= " + lim + "), NK-resistant line and autologous tumour not";
    case SelectivityPattern::kUnclassified: break;
  }
  return "matches none of the patterns";
}

std::string explain_selectivity(const SelectivityResult& r, const SelectivityParams& p) {
  std::string s = std::string(pattern_name(r.pattern)) + ": " + pattern_reason(r.pattern, p) + ".";
  for (const TargetActivity& a : r.targets) {
    s += " " + a.name + ": ";
    s += std::isnan(a.max_et) ? std::string("no data")
                              : num(a.lysis_at_max_et_pct, 1) + " % at " + et_text(a.max_et);
    s += ", " + lu_text(a.lu) + ".";
  }
  for (const AutologousComparison& c : r.comparisons) {
    s += " " + c.autologous + "/" + c.cell_line + " LU ratio ";
    s += ratio_text(c);
    if (!std::isnan(c.common_et))
      s += ", lysis difference " + num(c.lysis_diff_pct, 1) + " % at " + et_text(c.common_et);
    s += ".";
  }
  return s;
}

}  // namespace

SelectivityResult classify_selectivity(std::span<const TargetSeries> series,
                                       const SelectivityParams& p) {
  SelectivityResult r;
  for (const TargetSeries& s : series) r.targets.push_back(activity(s, p));
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (series[i].target.origin != TargetOrigin::kAutologous) continue;
    for (std::size_t j = 0; j < series.size(); ++j)
      if (series[j].target.origin == TargetOrigin::kCellLine)
        r.comparisons.push_back(compare(series[i], r.targets[i], series[j], r.targets[j]));
  }
  r.pattern = pattern_of(r, p.min_ratio);
  r.explanation = explain_selectivity(r, p);
  return r;
}

double cold_target_inhibition_pct(double lysis_with_cold_pct, double lysis_without_cold_pct) {
  if (!std::isfinite(lysis_with_cold_pct) || !std::isfinite(lysis_without_cold_pct) ||
      lysis_without_cold_pct <= 0)
    return kNaN;
  return (1.0 - lysis_with_cold_pct / lysis_without_cold_pct) * 100.0;
}

}  // namespace lysisq::assay
