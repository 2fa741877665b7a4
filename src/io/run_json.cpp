// SPDX-License-Identifier: MIT
// run.json: provenance (version, command, config fingerprint, backend/device, host, time), counts,
// classifier thresholds, per-stage timings and warnings. Written last: the "complete" marker.
#include <cmath>
#include <cstdio>

#include "lysisq/version.hpp"
#include "result_json.hpp"

namespace lysisq::io {

namespace {

using detail::Json;  // ordered: keys stay in the order written, easier to read

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

const char* mode_name(bool is_auto) { return is_auto ? "auto" : "fixed"; }

Json counts_json(const PlateRunResult& r) {
  std::int64_t effectors = 0, live = 0, dead = 0;
  for (const auto& w : r.quant.wells) {
    effectors += w.counts.effectors;
    live += w.counts.live_targets;
    dead += w.counts.dead_targets;
  }
  return Json{{"fields", r.field_count},          {"objects", r.objects.size()},
              {"wells", r.quant.wells.size()},    {"conditions", r.quant.conditions.size()},
              {"effectors", effectors},           {"live_targets", live},
              {"dead_targets", dead}};
}

Json classification_json(const ClassifierThresholds& t) {
  const bool calcein = t.readout == DeathReadout::kCalceinLoss;
  return Json{{"death_readout", calcein ? "calcein_loss" : "dead_stain"},
              {"target_threshold_au", number_or_null(t.target)},
              {"target_threshold_mode", mode_name(t.target_auto)},
              {"target_rule", "target iff mean target label inside the nucleus > target_threshold_au"},
              {"dead_threshold_au", number_or_null(t.dead)},
              {"dead_threshold_mode", mode_name(t.dead_auto)},
              {"dead_rule", calcein ? "dead iff target label < dead_threshold_au (among targets)"
                                    : "dead iff mean dead stain > dead_threshold_au (among targets)"}};
}

Json timings_json(const std::vector<StageTiming>& totals) {
  Json a = Json::array();
  for (const auto& t : totals) a.push_back(Json{{"stage", t.stage}, {"total_ms", t.ms}});
  return a;
}

}  // namespace

std::string fnv1a64_hex(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;  // FNV offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;  // FNV prime
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace detail {

void add_provenance(Json& j, const RunInfo& info) {
  j["tool"] = Json{{"name", "lysisq"}, {"version", kVersion}, {"git_describe", kGitDescribe}};
  j["command_line"] = info.command_line;
  j["start_time_utc"] = info.start_time_utc;
  j["wall_time_s"] = info.wall_time_s;
  j["host"] = info.host;
  j["config"] = Json{{"file", info.config_file.string()},
                     {"overrides", info.overrides},
                     {"resolved_file", "resolved_config.yaml"},
                     {"resolved_fnv1a64", fnv1a64_hex(info.resolved_config_yaml)}};
}

}  // namespace detail

std::string run_json(const PlateRunResult& r, const RunInfo& info, const AssayConfig& cfg,
                     std::span<const std::string> outputs) {
  Json j;
  detail::add_provenance(j, info);
  j["plate"] = Json{{"name", r.plate_name},
                    {"dir", info.plate_dir.string()},
                    {"layout_file", info.layout_file.string()},
                    {"layout_name", info.layout_name},
                    // The one time point analysed (lysisq run --time-point); null: no time axis.
                    {"time_point", r.time_point > 0 ? Json(r.time_point) : Json(nullptr)},
                    // The one Z-step analysed (--z-step, or the projection); null: one plane.
                    {"z_step", r.z_step ? Json(*r.z_step) : Json(nullptr)}};
  j["compute"] = Json{{"backend", backend_name(r.backend)}, {"device", info.device}, {"threads", info.threads}};
  j["counts"] = counts_json(r);
  j["classification"] = classification_json(r.thresholds);
  j["quantification"] = Json{{"primary_metric", metric_name(cfg.quantification.primary_metric)}};
  j["dose_response"] = detail::dose_response_json(r.plate_name, r.dose_response);
  // Killing over every time point (--kinetics); null for an endpoint-only run.
  j["kinetics"] = r.kinetic_times.empty() ? Json(nullptr) : detail::kinetics_json(r, cfg.kinetics.level_pct);
  j["stage_timings"] = timings_json(r.stage_totals_ms);
  j["qc"] = detail::qc_json(r.qc);
  j["history"] = detail::history_json(info.history);
  j["warnings"] = r.warnings;
  j["outputs"] = std::vector<std::string>(outputs.begin(), outputs.end());
  j["complete"] = true;
  return j.dump(2) + "\n";
}

}  // namespace lysisq::io
