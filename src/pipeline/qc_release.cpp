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

/// Counted, non-excluded wells of `ids` as edge-effect inputs.
std::vector<QcWellValue> well_values(const std::vector<WellId>& ids, const WellCpmIndex& by_well) {
  std::vector<QcWellValue> out;
  for (const WellId& id : ids)
    if (const auto it = by_well.find(id); it != by_well.end() && !it->second->excluded)
      out.push_back({id, it->second->cpm});
  return out;
}

void edge_check(const std::string& subject, const std::vector<WellId>& ids, const WellCpmIndex& by_well,
                PlateFormat f, const QcParams& p, std::vector<QcResult>& out) {
  const std::vector<QcWellValue> values = well_values(ids, by_well);
  if (auto r = check_edge_effect(subject, values, f, p)) out.push_back(std::move(*r));
}

void control_checks(const ReleaseRunResult& r, const PlateLayout& layout, const QcParams& p,
                    const WellCpmIndex& by_well, std::vector<QcResult>& out) {
  for (const ReleaseControlResult& c : r.quant.controls) {
    const Target* t = layout.find_target(c.target);
    const TargetOrigin origin = t ? t->origin : TargetOrigin::kCellLine;
    for (QcResult& q : check_release_controls(c.target, origin, c.summary, p)) out.push_back(std::move(q));
    out.push_back(check_replicate_cv(c.target + " spontaneous", c.summary.spontaneous, p));
    out.push_back(check_replicate_cv(c.target + " maximum", c.summary.maximum, p));
    edge_check(c.target + " spontaneous", c.spontaneous_wells, by_well, layout.format, p, out);
    edge_check(c.target + " maximum", c.maximum_wells, by_well, layout.format, p, out);
  }
  if (!r.quant.controls.empty())  // background wells are the plate's, shared by every target
    edge_check("background", r.quant.controls.front().background_wells, by_well, layout.format, p, out);
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
