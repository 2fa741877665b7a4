// SPDX-License-Identifier: MIT
// Dose-response series, lytic units, selectivity and cold-target inhibition for either readout
// (ASSAY.md §3.3, §3.4, §7). The arithmetic lives in src/assay/; this file only groups.
#include "lysisq/dose_response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace lysisq {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using SeriesKey = std::tuple<std::string, std::string, Labels>;  // effector, target, labels

bool has_cold_labels(const Labels& labels) {
  return labels.count(kColdTargetLabel) > 0 || labels.count(kColdRatioLabel) > 0;
}

std::string label_or_empty(const Labels& labels, const char* key) {
  const auto it = labels.find(key);
  return it == labels.end() ? std::string() : it->second;
}

/// The layout's target of that name, or a default one carrying the name.
Target target_of(const PlateLayout& layout, const std::string& name) {
  if (const Target* t = layout.find_target(name)) return *t;
  Target t;
  t.name = name;
  return t;
}

/// Mean lysis of `points` at `et` (equal ratios), NaN if none.
double lysis_at(const std::vector<assay::DosePoint>& points, double et) {
  double sum = 0;
  int n = 0;
  for (const auto& p : points)
    if (std::fabs(p.et_ratio - et) <= 1e-9 * std::max(p.et_ratio, et)) {
      sum += p.lysis_pct;
      ++n;
    }
  return n > 0 ? sum / n : kNaN;
}

LyticUnitRow lytic_unit_row(const DoseSeries& s, const PlateLayout& layout, const LyticUnitConfig& cfg) {
  LyticUnitRow row;
  row.effector = s.effector;
  row.target = s.target;
  row.labels = s.labels;
  row.targets_per_well = target_of(layout, s.target).targets_per_well;
  const assay::LuParams p{cfg.method, cfg.lysis_pct, cfg.per_exponent, row.targets_per_well};
  row.lu = assay::lytic_units(s.points, p);
  row.auc_pct_ln_et = assay::lysis_auc_ln_et(s.points);
  row.points_n = static_cast<int>(s.points.size());
  return row;
}

/// One selectivity per (effector, labels) over the series without cold targets.
std::vector<EffectorSelectivity> selectivities(const std::vector<DoseSeries>& series, const PlateLayout& layout,
                                               const LyticUnitConfig& lu, const SelectivityConfig& sel) {
  std::map<std::pair<std::string, Labels>, std::vector<assay::TargetSeries>> by_effector;
  for (const auto& s : series) {
    if (has_cold_labels(s.labels)) continue;
    by_effector[{s.effector, s.labels}].push_back({target_of(layout, s.target), s.points});
  }
  assay::SelectivityParams p;
  p.lu.method = lu.method;
  p.lu.lysis_pct = lu.lysis_pct;
  p.lu.per_exponent = lu.per_exponent;
  p.min_lysis_pct = sel.min_lysis_pct;
  p.min_ratio = sel.min_ratio;
  std::vector<EffectorSelectivity> out;
  for (const auto& [key, targets] : by_effector)
    out.push_back({key.first, key.second, assay::classify_selectivity(targets, p)});
  return out;
}

std::vector<ColdTargetInhibition> cold_target_rows(const std::vector<DoseSeries>& series) {
  std::map<SeriesKey, const DoseSeries*> index;
  for (const auto& s : series) index[{s.effector, s.target, s.labels}] = &s;
  std::vector<ColdTargetInhibition> out;
  for (const auto& s : series) {
    if (!has_cold_labels(s.labels)) continue;
    const auto twin = index.find({s.effector, s.target, without_cold_labels(s.labels)});
    for (const auto& p : s.points) {
      ColdTargetInhibition c;
      c.effector = s.effector;
      c.target = s.target;
      c.labels = s.labels;
      c.cold_target = label_or_empty(s.labels, kColdTargetLabel);
      c.cold_ratio = label_or_empty(s.labels, kColdRatioLabel);
      c.et_ratio = p.et_ratio;
      c.lysis_with_cold_pct = p.lysis_pct;
      c.lysis_without_cold_pct = twin == index.end() ? kNaN : lysis_at(twin->second->points, p.et_ratio);
      c.inhibition_pct = assay::cold_target_inhibition_pct(c.lysis_with_cold_pct, c.lysis_without_cold_pct);
      if (std::isnan(c.lysis_without_cold_pct))
        c.reason = "no condition without cold targets for this effector, target and E:T";
      else if (std::isnan(c.inhibition_pct))
        c.reason = "no lysis without cold targets (<= 0 %): nothing to inhibit";
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace

Labels without_cold_labels(const Labels& labels) {
  Labels out = labels;
  out.erase(kColdTargetLabel);
  out.erase(kColdRatioLabel);
  return out;
}

std::vector<DoseSeries> group_series(std::span<const DoseResponsePoint> points) {
  std::map<SeriesKey, std::vector<assay::DosePoint>> groups;
  for (const auto& p : points)
    if (std::isfinite(p.lysis_pct) && std::isfinite(p.et_ratio))
      groups[{p.effector, p.target, p.labels}].push_back({p.et_ratio, p.lysis_pct});
  std::vector<DoseSeries> out;
  for (auto& [key, pts] : groups) {
    std::stable_sort(pts.begin(), pts.end(),
                     [](const assay::DosePoint& a, const assay::DosePoint& b) { return a.et_ratio < b.et_ratio; });
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::move(pts)});
  }
  return out;
}

DoseResponseAnalysis analyse_dose_response(std::span<const DoseResponsePoint> points, const PlateLayout& layout,
                                           const LyticUnitConfig& lu, const SelectivityConfig& sel) {
  const std::vector<DoseSeries> series = group_series(points);
  DoseResponseAnalysis a;
  for (const auto& s : series) a.lytic_units.push_back(lytic_unit_row(s, layout, lu));
  a.selectivity = selectivities(series, layout, lu, sel);
  a.cold_target = cold_target_rows(series);
  return a;
}

std::vector<DoseResponsePoint> dose_points(const PlateQuantification& q) {
  std::vector<DoseResponsePoint> out;
  for (const auto& c : q.conditions)
    if (c.role == WellRole::kExperimental)
      out.push_back({c.effector, c.target, c.labels, c.et_ratio, c.killing().mean});
  return out;
}

}  // namespace lysisq
