// SPDX-License-Identifier: MIT
// Release plates from per-well counts: group wells by the layout, summarise each target's
// controls, %SL per experimental condition, and map every outlier exclusion back to its well
// (ASSAY.md §3.1, §7). The arithmetic is src/assay/release.cpp.
#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "lysisq/errors.hpp"
#include "lysisq/release_run.hpp"

namespace lysisq {

namespace {

/// Wells of one group with their counts, in well order.
struct WellValues {
  std::vector<WellId> wells;
  std::vector<double> cpm;
  void add(const ReleaseWell& w) {
    wells.push_back(w.assignment.well);
    cpm.push_back(w.cpm);
  }
};

/// Finds the wells behind `excl` (indices into the named group) and appends them to `out`.
void map_exclusions(const std::vector<assay::Exclusion>& excl, const std::map<std::string, const WellValues*>& groups,
                    std::vector<WellExclusion>& out) {
  for (const auto& e : excl) {
    const auto it = groups.find(e.group);
    if (it == groups.end() || e.index < 0 || std::size_t(e.index) >= it->second->wells.size())
      throw InternalError("release exclusion of group '" + e.group + "' does not map to a well");
    out.push_back({it->second->wells[std::size_t(e.index)], e.group, e.value, e.robust_z});
  }
}

std::vector<ReleaseWell> counted_wells(const WellCpm& cpm, const PlateLayout& layout) {
  std::vector<ReleaseWell> wells;
  std::string missing;
  int missing_n = 0;
  for (const auto& a : layout.wells) {
    const auto it = cpm.find(a.well);
    if (it == cpm.end()) {
      if (++missing_n > 12) continue;  // the message lists the first 12
      if (!missing.empty()) missing += ", ";
      missing += a.well.str();
      continue;
    }
    wells.push_back({a, it->second, false});
  }
  if (missing_n > 0)
    throw InputError("no count for " + std::to_string(missing_n) + " layout well(s): " + missing +
                     (missing_n > 12 ? ", ..." : "") + "; every well of the layout needs a value");
  std::sort(wells.begin(), wells.end(),
            [](const ReleaseWell& x, const ReleaseWell& y) { return x.assignment.well < y.assignment.well; });
  return wells;
}

ReleaseControlResult target_controls(const std::string& target, const std::vector<ReleaseWell>& wells,
                                     const WellValues& background, const assay::OutlierParams& outliers) {
  WellValues spont, max;
  for (const auto& w : wells) {
    if (w.assignment.target != target) continue;
    if (w.assignment.role == WellRole::kSpontaneous) spont.add(w);
    if (w.assignment.role == WellRole::kMaximum) max.add(w);
  }
  ReleaseControlResult c;
  c.target = target;
  c.spontaneous_wells = spont.wells;
  c.maximum_wells = max.wells;
  c.background_wells = background.wells;
  c.summary = assay::summarize_controls({spont.cpm, max.cpm, background.cpm}, outliers);
  map_exclusions(c.summary.exclusions, {{"spontaneous", &spont}, {"maximum", &max}, {"background", &background}},
                 c.exclusions);
  return c;
}

bool same_et(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(a, b); }

/// Effector-only wells for a condition: same effector and E:T, and the same target when the
/// effector-only wells name one; among those, the ones with the condition's labels if any exist.
WellValues effector_only_for(const WellAssignment& a, const std::vector<ReleaseWell>& wells) {
  WellValues any, same_labels;
  for (const auto& w : wells) {
    const WellAssignment& e = w.assignment;
    if (e.role != WellRole::kEffectorOnly || e.effector != a.effector || !same_et(e.et_ratio, a.et_ratio)) continue;
    if (!e.target.empty() && e.target != a.target) continue;
    any.add(w);
    if (e.labels == a.labels) same_labels.add(w);
  }
  return same_labels.wells.empty() ? any : same_labels;
}

ReleaseCondition condition_of(const std::vector<const ReleaseWell*>& group, const std::vector<ReleaseWell>& wells,
                              const ReleaseControlResult& controls, const assay::ReleaseParams& p) {
  const WellAssignment& a = group.front()->assignment;
  ReleaseCondition c;
  c.target = a.target;
  c.effector = a.effector;
  c.et_ratio = a.et_ratio;
  c.labels = a.labels;
  WellValues exp;
  for (const ReleaseWell* w : group) exp.add(*w);
  const WellValues eff = effector_only_for(a, wells);
  c.wells = exp.wells;
  c.effector_only_wells = eff.wells;
  c.release = assay::specific_release(exp.cpm, controls.summary, p, eff.cpm);
  map_exclusions(c.release.exclusions, {{"experimental", &exp}, {"effector_only", &eff}}, c.exclusions);
  return c;
}

void mark_excluded(std::vector<ReleaseWell>& wells, const std::vector<WellExclusion>& excl) {
  for (const auto& e : excl)
    for (auto& w : wells)
      if (w.assignment.well == e.well) w.excluded = true;
}

}  // namespace

std::string release_layout_problem(const PlateLayout& layout) {
  std::set<std::string> spont, max, used;
  for (const auto& w : layout.wells) {
    if (w.role == WellRole::kSpontaneous) spont.insert(w.target);
    if (w.role == WellRole::kMaximum) max.insert(w.target);
    if (w.role == WellRole::kExperimental) used.insert(w.target);
  }
  for (const auto& t : used) {
    if (!spont.count(t))
      return "target '" + t + "' has experimental wells but no spontaneous control wells; add wells with role "
             "spontaneous (targets alone) for '" + t + "'";
    if (!max.count(t))
      return "target '" + t + "' has experimental wells but no maximum control wells; add wells with role "
             "maximum (targets + detergent) for '" + t + "'";
  }
  return {};
}

ReleaseQuantification quantify_release(const WellCpm& cpm, const PlateLayout& layout, const assay::ReleaseParams& p) {
  if (const std::string problem = release_layout_problem(layout); !problem.empty()) throw InputError(problem);
  ReleaseQuantification q;
  q.wells = counted_wells(cpm, layout);
  WellValues background;
  for (const auto& w : q.wells)
    if (w.assignment.role == WellRole::kBackground) background.add(w);

  std::map<std::string, std::size_t> control_of;
  for (const auto& t : layout.targets) {
    const bool has_controls = std::any_of(q.wells.begin(), q.wells.end(), [&](const ReleaseWell& w) {
      return w.assignment.target == t.name &&
             (w.assignment.role == WellRole::kSpontaneous || w.assignment.role == WellRole::kMaximum);
    });
    if (!has_controls) continue;
    control_of[t.name] = q.controls.size();
    q.controls.push_back(target_controls(t.name, q.wells, background, p.outliers));
  }

  using Key = std::tuple<std::string, std::string, double, Labels>;
  std::map<Key, std::vector<const ReleaseWell*>> groups;
  for (const auto& w : q.wells)
    if (w.assignment.role == WellRole::kExperimental) {
      const WellAssignment& a = w.assignment;
      groups[{a.target, a.effector, -a.et_ratio, a.labels}].push_back(&w);  // E:T high first
    }
  for (const auto& [key, group] : groups)
    q.conditions.push_back(condition_of(group, q.wells, q.controls.at(control_of.at(std::get<0>(key))), p));

  for (const auto& c : q.controls) mark_excluded(q.wells, c.exclusions);
  for (const auto& c : q.conditions) mark_excluded(q.wells, c.exclusions);
  return q;
}

std::vector<DoseResponsePoint> dose_points(const ReleaseQuantification& q) {
  std::vector<DoseResponsePoint> out;
  for (const auto& c : q.conditions) out.push_back({c.effector, c.target, c.labels, c.et_ratio, c.release.lysis_pct});
  return out;
}

}  // namespace lysisq
