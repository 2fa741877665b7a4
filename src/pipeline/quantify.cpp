// SPDX-License-Identifier: MIT
// Per-well counts, reference wells and per-condition killing statistics (ASSAY.md §3.2, §7).
#include "lysisq/quantify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace lysisq {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_or_nan(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

/// Replicate statistics of the finite values; n = 0 and NaN moments when there are none.
assay::ReplicateStats finite_stats(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return {0, kNaN, kNaN, kNaN};
  return assay::replicate_stats(finite);
}

struct Reference {
  std::string kind;
  std::vector<const WellResult*> wells;
};

/// Reference wells of a target (see quantify()); `wells` holds every imaged layout well.
Reference find_reference(const std::vector<WellResult>& wells, const WellAssignment& a) {
  Reference ref;
  for (WellRole role : {WellRole::kTargetOnly, WellRole::kSpontaneous}) {
    std::vector<const WellResult*> same_target, same_labels;
    for (const auto& w : wells) {
      if (w.assignment.role != role || w.assignment.target != a.target) continue;
      same_target.push_back(&w);
      if (w.assignment.labels == a.labels) same_labels.push_back(&w);
    }
    if (same_target.empty()) continue;
    ref.kind = role_name(role);
    ref.wells = same_labels.empty() ? same_target : same_labels;
    return ref;
  }
  return ref;
}

void compute_well_killing(std::vector<WellResult>& wells) {
  // References are looked up before any killing is written; they only read counts.
  std::vector<std::pair<double, double>> ref_means(wells.size(), {kNaN, kNaN});
  for (std::size_t i = 0; i < wells.size(); ++i) {
    if (wells[i].assignment.target.empty()) continue;
    const Reference ref = find_reference(wells, wells[i].assignment);
    std::vector<double> live, dead;
    for (const WellResult* r : ref.wells) {
      live.push_back(double(r->counts.live_targets));
      if (std::isfinite(r->dead_targets_pct)) dead.push_back(r->dead_targets_pct);
    }
    ref_means[i] = {mean_or_nan(live), mean_or_nan(dead)};
  }
  for (std::size_t i = 0; i < wells.size(); ++i) {
    auto& w = wells[i];
    const auto [live_ref, dead_ref] = ref_means[i];
    w.killing_target_loss_pct = std::isnan(live_ref)
                                    ? kNaN
                                    : assay::killing_target_loss_pct(double(w.counts.live_targets), live_ref);
    w.specific_death_pct = (std::isnan(dead_ref) || std::isnan(w.dead_targets_pct))
                               ? kNaN
                               : assay::specific_death_pct(w.dead_targets_pct, dead_ref);
  }
}

using ConditionKey = std::tuple<int, std::string, std::string, double, std::map<std::string, std::string>>;

ConditionKey key_of(const WellAssignment& a) {
  // E:T negated so that conditions list from the highest ratio down, as plates are laid out.
  return {int(a.role), a.target, a.effector, -a.et_ratio, a.labels};
}

ConditionResult summarise(const std::vector<const WellResult*>& group, const std::vector<WellResult>& all,
                          const QuantParams& p) {
  const WellAssignment& a = group.front()->assignment;
  ConditionResult c;
  c.role = a.role;
  c.target = a.target;
  c.effector = a.effector;
  c.et_ratio = a.et_ratio;
  c.labels = a.labels;
  c.primary_metric = p.primary_metric;
  std::vector<double> live, dead, loss, death;
  for (const WellResult* w : group) {
    c.wells.push_back(w->assignment.well);
    live.push_back(double(w->counts.live_targets));
    dead.push_back(w->dead_targets_pct);
    loss.push_back(w->killing_target_loss_pct);
    death.push_back(w->specific_death_pct);
  }
  if (!a.target.empty()) {
    const Reference ref = find_reference(all, a);
    c.reference = ref.kind;
    for (const WellResult* r : ref.wells) c.reference_wells.push_back(r->assignment.well);
  }
  c.live_targets = finite_stats(live);
  c.dead_targets_pct = finite_stats(dead);
  c.killing_target_loss = finite_stats(loss);
  c.specific_death = finite_stats(death);
  return c;
}

}  // namespace

const char* metric_name(KillingMetric m) {
  return m == KillingMetric::kTargetLoss ? "target_loss" : "specific_death";
}

std::vector<WellCounts> tally_wells(std::span<const ObjectRecord> objects,
                                    const std::map<WellId, int>& fields_per_well) {
  std::map<WellId, WellCounts> by_well;
  for (const auto& [well, fields] : fields_per_well) {
    WellCounts& c = by_well[well];
    c.well = well;
    c.fields = fields;
  }
  for (const auto& o : objects) {
    WellCounts& c = by_well[o.well];
    c.well = o.well;
    ++c.objects;
    if (o.cls == ObjectClass::kEffector) ++c.effectors;
    if (o.cls == ObjectClass::kLiveTarget) ++c.live_targets;
    if (o.cls == ObjectClass::kDeadTarget) ++c.dead_targets;
  }
  std::vector<WellCounts> out;
  out.reserve(by_well.size());
  for (auto& [well, c] : by_well) out.push_back(c);
  return out;
}

PlateQuantification quantify(const PlateLayout& layout, std::span<const WellCounts> counts,
                             const QuantParams& p) {
  std::map<WellId, const WellCounts*> by_well;
  for (const auto& c : counts) by_well[c.well] = &c;
  PlateQuantification q;
  for (const auto& a : layout.wells) {  // layout.wells is sorted by well
    auto it = by_well.find(a.well);
    if (it == by_well.end()) continue;
    WellResult w;
    w.assignment = a;
    w.counts = *it->second;
    const auto targets = w.counts.targets();
    w.dead_targets_pct = targets > 0 ? double(w.counts.dead_targets) / double(targets) * 100.0 : kNaN;
    q.wells.push_back(std::move(w));
  }
  std::sort(q.wells.begin(), q.wells.end(),
            [](const WellResult& x, const WellResult& y) { return x.assignment.well < y.assignment.well; });
  compute_well_killing(q.wells);
  std::map<ConditionKey, std::vector<const WellResult*>> groups;
  for (const auto& w : q.wells) groups[key_of(w.assignment)].push_back(&w);
  for (const auto& [key, group] : groups) q.conditions.push_back(summarise(group, q.wells, p));
  return q;
}

}  // namespace lysisq
