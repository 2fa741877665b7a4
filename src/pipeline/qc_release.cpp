// SPDX-License-Identifier: MIT
// QC of a release (51Cr) plate from its counts and controls (ASSAY.md §4, §7): which numbers each
// check of qc.hpp sees. The checks themselves are src/assay/qc_checks.cpp.
#include <cstdio>
#include <map>
#include <tuple>

#include "lysisq/qc_run.hpp"

namespace lysisq {

namespace {

using WellCpmIndex = std::map<WellId, const ReleaseWell*>;

/// Appends the counted, non-excluded wells of `ids`, each as its cpm over the group's mean.
void add_relative(const std::vector<WellId>& ids, const WellCpmIndex& by_well, std::vector<QcWellValue>& out) {
  std::vector<QcWellValue> group;
  double sum = 0;
  for (const WellId& id : ids)
    if (const auto it = by_well.find(id); it != by_well.end() && !it->second->excluded) {
      group.push_back({id, it->second->cpm});
      sum += it->second->cpm;
    }
  if (group.empty() || !(sum > 0)) return;
  const double mean = sum / double(group.size());
  for (QcWellValue& v : group) out.push_back({v.well, v.value / mean});
}

void control_checks(const ReleaseRunResult& r, const PlateLayout& layout, const QcParams& p,
                    const WellCpmIndex& by_well, std::vector<QcResult>& out) {
  // Edge effect over every spontaneous and maximum well of the plate at once, each relative to
  // its own group's mean: one target's 3 control wells split into rings would leave a pooled SD
  // with 1 degree of freedom, which crosses 3 SD by chance on many clean plates.
  std::vector<QcWellValue> relative;
  for (const ReleaseControlResult& c : r.quant.controls) {
    const Target* t = layout.find_target(c.target);
    const TargetOrigin origin = t ? t->origin : TargetOrigin::kCellLine;
    for (QcResult& q : check_release_controls(c.target, origin, c.summary, p)) out.push_back(std::move(q));
    out.push_back(check_replicate_cv(c.target + " spontaneous", c.summary.spontaneous, p));
    out.push_back(check_replicate_cv(c.target + " maximum", c.summary.maximum, p));
    add_relative(c.spontaneous_wells, by_well, relative);
    add_relative(c.maximum_wells, by_well, relative);
  }
  if (auto e = check_edge_effect("control wells (cpm / group mean)", relative, layout.format, p))
    out.push_back(std::move(*e));
}

/// Effector-only wells grouped like conditions (effector, E:T, target if named, labels).
void effector_only_checks(const ReleaseRunResult& r, const QcParams& p, std::vector<QcResult>& out) {
  std::map<std::tuple<std::string, double, std::string, Labels>, std::vector<double>> groups;
  for (const ReleaseWell& w : r.quant.wells) {
    const WellAssignment& a = w.assignment;
    if (a.role == WellRole::kEffectorOnly && !w.excluded)
      groups[{a.effector, -a.et_ratio, a.target, a.labels}].push_back(w.cpm);  // E:T high first
  }
  for (const auto& [key, cpm] : groups) {
    const auto& [effector, neg_et, target, labels] = key;
    char et[32];
    std::snprintf(et, sizeof et, " E:T %g", -neg_et);
    std::string subject = effector + " effector-only" + (target.empty() ? "" : " " + target) + et;
    for (const auto& [k, v] : labels) subject.append(" ").append(k).append("=").append(v);
    out.push_back(check_replicate_cv(subject, cpm, p));
  }
}

}  // namespace

std::vector<QcResult> release_qc(const ReleaseRunResult& r, const PlateLayout& layout, const QcParams& p) {
  WellCpmIndex by_well;
  for (const ReleaseWell& w : r.quant.wells) by_well[w.assignment.well] = &w;
  std::vector<QcResult> out;
  control_checks(r, layout, p, by_well, out);
  for (const ReleaseCondition& c : r.quant.conditions) {
    const std::string subject = condition_subject(c.effector, c.target, c.et_ratio, c.labels);
    out.push_back(check_replicate_cv(subject, c.release.experimental, p));
    out.push_back(check_lysis_range(subject, c.release.lysis_pct, p));
  }
  effector_only_checks(r, p, out);
  sort_qc(out);
  return out;
}

}  // namespace lysisq
