// SPDX-License-Identifier: MIT
// The control values a finished plate records in the run history (run_history.hpp): %spont and
// (decay-corrected) maximum cpm per target for 51Cr, reference-target live counts for imaging,
// and the reference effector's lysis of the reference target at the highest E:T for both.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>

#include "lysisq/civil_date.hpp"
#include "lysisq/run_history.hpp"

namespace lysisq::history {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string et_text(double et) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", et);
  return buf;
}

std::string labels_suffix(const Labels& labels) {
  std::string s;
  for (const auto& [k, v] : labels) s.append(" ").append(k).append("=").append(v);
  return s;
}

/// One condition's lysis, as the reference control looks for it.
struct LysisPoint {
  double et_ratio = 0;
  const Labels* labels = nullptr;
  double lysis_pct = 0;
};

/// The point at the highest E:T among those without labels, else among all; nullopt when none.
std::optional<LysisPoint> highest_et(const std::vector<LysisPoint>& points) {
  for (bool plain_only : {true, false}) {
    const LysisPoint* best = nullptr;
    for (const auto& p : points)
      if ((!plain_only || p.labels->empty()) && (!best || p.et_ratio > best->et_ratio)) best = &p;
    if (best) return *best;
  }
  return std::nullopt;
}

/// Adds the reference control "<E>/<T> <what> E:T <x>[ labels]" from the pair's points.
void add_reference(const ReferencePair& ref, const std::vector<LysisPoint>& points, const std::string& what,
                   RunControls& out) {
  if (ref.effector.empty() || ref.target.empty()) return;
  const auto p = highest_et(points);
  const std::string pair = ref.effector + "/" + ref.target;
  if (!p) {
    out.notes.push_back("run history: no " + pair + " condition on this plate: no reference " + what + " recorded");
    return;
  }
  const std::string name = pair + " " + what + " E:T " + et_text(p->et_ratio) + labels_suffix(*p->labels);
  if (!std::isfinite(p->lysis_pct)) {
    out.notes.push_back("run history: " + name + " is undefined and was not recorded");
    return;
  }
  out.controls.push_back({name, p->lysis_pct, "%"});
}

void add_finite(RunControls& out, const std::string& name, double value, const std::string& unit) {
  if (std::isfinite(value))
    out.controls.push_back({name, value, unit});
  else
    out.notes.push_back("run history: " + name + " is undefined and was not recorded");
}

}  // namespace

ReferencePair reference_pair(const PlateLayout& layout, const HistoryConfig& cfg) {
  ReferencePair ref;
  if (!cfg.reference_effector.empty()) {
    ref.effector = cfg.reference_effector;
    bool found = false;
    for (const Effector& e : layout.effectors) found = found || e.name == ref.effector;
    if (!found) ref.notes.push_back("history.reference_effector '" + ref.effector + "' is not in the layout");
  } else {
    for (const Effector& e : layout.effectors)
      if (e.type == EffectorType::kLak) {
        ref.effector = e.name;
        break;
      }
    if (ref.effector.empty() && !layout.effectors.empty())
      ref.notes.push_back("run history: no LAK effector in the layout and no history.reference_effector: "
                          "no reference lysis control recorded");
  }
  if (!cfg.reference_target.empty()) {
    ref.target = cfg.reference_target;
    if (!layout.find_target(ref.target))
      ref.notes.push_back("history.reference_target '" + ref.target + "' is not in the layout");
    return ref;
  }
  for (const Target& t : layout.targets)
    if (t.origin == TargetOrigin::kCellLine && t.nk_class == NkClass::kNkSensitive) return ref.target = t.name, ref;
  for (const Target& t : layout.targets)
    if (iequals(t.name, "K562")) return ref.target = t.name, ref;
  if (!ref.effector.empty())
    ref.notes.push_back("run history: no NK-sensitive cell-line target (K562) in the layout and no "
                        "history.reference_target: no reference lysis control recorded");
  return ref;
}

RunControls release_run_controls(const ReleaseRunResult& r, const PlateLayout& layout, const HistoryConfig& cfg,
                                 std::string_view run_time_utc) {
  const ReferencePair ref = reference_pair(layout, cfg);
  RunControls out;
  out.notes = ref.notes;
  double days = 0;  // since the reference date; 0 without one (factor 1)
  std::string max_name = " max cpm";
  if (!cfg.reference_date.empty()) {
    const auto run_day = days_since_epoch(run_time_utc), ref_day = days_since_epoch(cfg.reference_date);
    if (run_day && ref_day) {
      days = double(*run_day - *ref_day);
      max_name += " (decay-corrected to " + cfg.reference_date + ")";
    } else {
      out.notes.push_back("run history: no date in '" + std::string(run_time_utc) +
                          "'; maximum cpm recorded without decay correction");
    }
  }
  for (const ReleaseControlResult& c : r.quant.controls) {
    add_finite(out, c.target + " %spont", c.summary.spont_pct, "%");
    add_finite(out, c.target + max_name, decay_corrected_cpm(c.summary.net_max_cpm, days), "cpm");
  }
  std::vector<LysisPoint> points;
  for (const ReleaseCondition& c : r.quant.conditions)
    if (c.effector == ref.effector && c.target == ref.target) points.push_back({c.et_ratio, &c.labels, c.release.lysis_pct});
  add_reference(ref, points, "%SL", out);
  return out;
}

RunControls imaging_run_controls(const PlateRunResult& r, const PlateLayout& layout, const HistoryConfig& cfg) {
  const ReferencePair ref = reference_pair(layout, cfg);
  RunControls out;
  out.notes = ref.notes;
  std::vector<LysisPoint> points;
  for (const ConditionResult& c : r.quant.conditions)
    if (c.role == WellRole::kExperimental && c.effector == ref.effector && c.target == ref.target)
      points.push_back({c.et_ratio, &c.labels, c.killing().mean});
  add_reference(ref, points, "% killing (" + r.dose_response.lysis_measure + ")", out);
  for (const Target& t : layout.targets)
    for (WellRole role : {WellRole::kTargetOnly, WellRole::kSpontaneous}) {
      double sum = 0;
      int n = 0;
      for (const WellResult& w : r.quant.wells)
        if (w.assignment.role == role && w.assignment.target == t.name) sum += double(w.counts.live_targets), ++n;
      if (n == 0) continue;
      out.controls.push_back({t.name + " live targets (" + role_name(role) + " wells)", sum / n, "live targets"});
      break;
    }
  return out;
}

}  // namespace lysisq::history
