// SPDX-License-Identifier: MIT
// QC of a fluorescence plate from its measurements (ASSAY.md §4, §7): which numbers each check
// of qc.hpp / qc_image.hpp sees. The checks themselves are src/assay/qc_*.cpp.
#include <cstdio>
#include <map>
#include <utility>

#include "lysisq/qc_run.hpp"
#include "lysisq/release.hpp"

namespace lysisq {

namespace {

using WellIndex = std::map<WellId, const WellResult*>;

void append(std::vector<QcResult>& out, std::vector<QcResult> more) {
  out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

bool is_control(WellRole r) {
  return r == WellRole::kTargetOnly || r == WellRole::kSpontaneous || r == WellRole::kMaximum;
}

/// Fields meant to look alike: effectors add objects, so experimental and effector-only wells are
/// compared per E:T, and the effector-free control wells together. The focus score depends on
/// density too (the Laplacian variance grows with the cells, the mean also holds the background),
/// so focus is compared within the same groups.
std::pair<int, double> count_group(const WellAssignment& a) {
  if (is_control(a.role)) return {0, 0.0};
  return {a.role == WellRole::kEffectorOnly ? 2 : 1, a.et_ratio};
}

void image_checks(const PlateRunResult& r, const PlateLayout& layout, const AssayConfig& cfg,
                  std::vector<QcResult>& out) {
  const QcParams& p = cfg.qc;
  std::map<std::pair<int, double>, std::vector<QcSample>> counts, focus;
  for (const FieldQuality& f : r.field_quality) {
    const std::string subject = field_subject(f.well, f.field);
    for (const auto& ch : f.channels)
      out.push_back(check_saturation(subject + " w" + std::to_string(ch.channel), ch.quality.saturated_pct, p));
    const WellAssignment* a = layout.find(f.well);
    if (!a || a->role == WellRole::kBackground) continue;
    const auto group = count_group(*a);
    counts[group].push_back({subject, double(f.objects)});
    if (double(f.objects) < p.field_count_min_objects) continue;  // nothing to focus on
    for (const auto& ch : f.channels)
      if (ch.channel == cfg.channels.nuclear)
        focus[group].push_back({subject + " w" + std::to_string(ch.channel), ch.quality.focus_score});
  }
  for (const auto& [group, samples] : focus) append(out, check_focus(samples, p));
  for (const auto& [group, samples] : counts) append(out, check_field_counts(samples, p));
}

/// The wells % killing of `target` is computed against (quantify.hpp): its target-only wells, or
/// its spontaneous wells when it has none.
std::vector<const WellResult*> reference_wells(const PlateQuantification& q, const std::string& target) {
  for (WellRole role : {WellRole::kTargetOnly, WellRole::kSpontaneous}) {
    std::vector<const WellResult*> wells;
    for (const auto& w : q.wells)
      if (w.assignment.role == role && w.assignment.target == target) wells.push_back(&w);
    if (!wells.empty()) return wells;
  }
  return {};
}

void well_checks(const PlateRunResult& r, const PlateLayout& layout, const QcParams& p, std::vector<QcResult>& out) {
  for (const Target& t : layout.targets) {
    std::vector<QcSample> samples;
    for (const WellResult* w : reference_wells(r.quant, t.name))
      samples.push_back({w->assignment.well.str() + " " + t.name, double(w->counts.live_targets)});
    append(out, check_target_only_live(samples, p));
  }
}

/// The per-well count whose replicate CV is judged (see imaging_qc()).
double replicate_count(const WellResult& w) {
  switch (w.assignment.role) {
    case WellRole::kMaximum: return double(w.counts.targets());
    case WellRole::kEffectorOnly: return double(w.counts.effectors);
    default: return double(w.counts.live_targets);
  }
}

/// "LAK-D1/K562 E:T 40", "LAK-D1 effector-only E:T 40", "K562 spontaneous" (+ labels).
std::string group_subject(const ConditionResult& c) {
  if (c.role == WellRole::kExperimental) return condition_subject(c.effector, c.target, c.et_ratio, c.labels);
  std::string s = c.role == WellRole::kEffectorOnly ? c.effector + " effector-only" : c.target + " " + role_name(c.role);
  if (c.role == WellRole::kEffectorOnly) {
    char et[32];
    std::snprintf(et, sizeof et, " E:T %g", c.et_ratio);
    s += et;
  }
  for (const auto& [key, value] : c.labels) s.append(" ").append(key).append("=").append(value);
  return s;
}

void condition_checks(const PlateRunResult& r, const QcParams& p, std::vector<QcResult>& out) {
  WellIndex by_well;
  for (const auto& w : r.quant.wells) by_well[w.assignment.well] = &w;
  for (const ConditionResult& c : r.quant.conditions) {
    if (c.role == WellRole::kBackground) continue;
    std::vector<double> values;
    for (const WellId& id : c.wells)
      if (const auto it = by_well.find(id); it != by_well.end()) values.push_back(replicate_count(*it->second));
    const std::string subject = group_subject(c);
    out.push_back(check_replicate_cv(subject, values, p));
    if (c.role == WellRole::kExperimental) out.push_back(check_lysis_range(subject, c.killing().mean, p));
  }
}

double metric_value(const WellResult& w, KillingMetric m) {
  return m == KillingMetric::kTargetLoss ? double(w.counts.live_targets) : w.dead_targets_pct;
}

void plate_checks(const PlateRunResult& r, const PlateLayout& layout, const AssayConfig& cfg,
                  std::vector<QcResult>& out) {
  const KillingMetric m = cfg.quantification.primary_metric;
  for (const Target& t : layout.targets) {
    std::vector<double> maximum, reference;
    for (const auto& w : r.quant.wells)
      if (w.assignment.role == WellRole::kMaximum && w.assignment.target == t.name) maximum.push_back(metric_value(w, m));
    if (maximum.empty()) continue;
    for (const WellResult* w : reference_wells(r.quant, t.name)) reference.push_back(metric_value(*w, m));
    out.push_back(check_z_prime(t.name, assay::z_prime(maximum, reference), cfg.qc));
  }
}

}  // namespace

std::vector<QcResult> imaging_qc(const PlateRunResult& r, const PlateLayout& layout, const AssayConfig& cfg) {
  std::vector<QcResult> out;
  image_checks(r, layout, cfg, out);
  well_checks(r, layout, cfg.qc, out);
  condition_checks(r, cfg.qc, out);
  plate_checks(r, layout, cfg, out);
  sort_qc(out);
  return out;
}

}  // namespace lysisq
