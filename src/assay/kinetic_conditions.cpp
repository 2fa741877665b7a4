// SPDX-License-Identifier: MIT
// Kinetic killing of a plate (ASSAY.md §3.2): each experimental condition followed across the
// per-time-point quantifications, its live targets normalised by its reference wells' growth.
#include "lysisq/kinetic_plate.hpp"

#include <algorithm>
#include <limits>

namespace lysisq {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Series = std::vector<const TimedQuantification*>;

/// Conditions are matched across time points by what makes a replicate group, never by index: a
/// well imaged at one time point only adds or drops a group there and shifts every index after it.
bool same_condition(const ConditionResult& a, const ConditionResult& b) {
  return a.role == b.role && a.target == b.target && a.effector == b.effector && a.et_ratio == b.et_ratio &&
         a.labels == b.labels;
}

const ConditionResult* find_condition(const PlateQuantification& q, const ConditionResult& c) {
  for (const ConditionResult& x : q.conditions)
    if (same_condition(x, c)) return &x;
  return nullptr;
}

/// N_T: mean live targets of the condition's reference wells, from the well counts, as quantify()
/// itself averages its reference. Not looked up as one ConditionResult: the reference wells can
/// span several replicate groups (all target-only wells of the target when none shares the
/// condition's labels). Reference wells not imaged at this time point are left out; NaN if none was.
double reference_live_mean(const PlateQuantification& q, const ConditionResult& c) {
  double sum = 0;
  int n = 0;
  for (const WellResult& w : q.wells) {
    const auto& ref = c.reference_wells;
    if (std::find(ref.begin(), ref.end(), w.assignment.well) == ref.end()) continue;
    sum += double(w.counts.live_targets);
    ++n;
  }
  return n > 0 ? sum / double(n) : kNaN;
}

/// The experimental conditions with a reference, in the earliest quantification's order, then any
/// group that only later time points hold (wells imaged late), in theirs.
std::vector<const ConditionResult*> followed_conditions(const Series& sorted) {
  std::vector<const ConditionResult*> out;
  for (const TimedQuantification* tq : sorted)
    for (const ConditionResult& c : tq->quant.conditions) {
      if (c.role != WellRole::kExperimental || c.reference.empty()) continue;
      const bool seen =
          std::any_of(out.begin(), out.end(), [&](const ConditionResult* o) { return same_condition(*o, c); });
      if (!seen) out.push_back(&c);
    }
  return out;
}

KineticCondition follow(const ConditionResult& which, const Series& sorted, double level_pct) {
  KineticCondition k;
  k.target = which.target;
  k.effector = which.effector;
  k.et_ratio = which.et_ratio;
  k.labels = which.labels;
  k.reference = which.reference;
  // Time 0 is the series' earliest time point for every condition, so that all curves share one
  // origin; a condition absent there cannot be normalised and its killing stays NaN throughout.
  double n_et_0 = kNaN, n_t_0 = kNaN;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const ConditionResult* c = find_condition(sorted[i]->quant, which);
    if (c == nullptr) continue;
    KineticPoint p;
    p.time = sorted[i]->time;
    p.live_targets_mean = c->live_targets.mean;
    p.reference_live_targets_mean = reference_live_mean(sorted[i]->quant, *c);
    if (i == 0) {
      n_et_0 = p.live_targets_mean;
      n_t_0 = p.reference_live_targets_mean;
    }
    p.killing_pct = assay::time_normalised_killing_pct(p.live_targets_mean, n_et_0,
                                                       p.reference_live_targets_mean, n_t_0);
    k.points.push_back(p);
  }
  std::vector<assay::TimePoint> curve;
  curve.reserve(k.points.size());
  for (const KineticPoint& p : k.points) curve.push_back({p.time.time_h, p.killing_pct});
  k.summary = assay::summarize_kinetics(curve, level_pct);
  return k;
}

}  // namespace

std::vector<KineticCondition> kinetic_conditions(std::span<const TimedQuantification> series, double level_pct) {
  Series sorted;
  sorted.reserve(series.size());
  for (const TimedQuantification& tq : series) sorted.push_back(&tq);
  std::stable_sort(sorted.begin(), sorted.end(), [](const TimedQuantification* a, const TimedQuantification* b) {
    return a->time.time_h < b->time.time_h;
  });
  std::vector<KineticCondition> out;
  for (const ConditionResult* c : followed_conditions(sorted)) out.push_back(follow(*c, sorted, level_pct));
  return out;
}

}  // namespace lysisq
