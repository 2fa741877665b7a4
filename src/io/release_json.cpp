// SPDX-License-Identifier: MIT
// run.json of a release (51Cr) plate: provenance, the input and its QC, the settings used, and
// every result table. Written last: the "complete" marker.
#include <cmath>

#include "result_json.hpp"

namespace lysisq::io {

namespace {

using detail::Json;

Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json image_json(const PlateImageReading& img) {
  const PlateGrid& g = img.grid;
  return Json{{"format", std::to_string(img.format.well_count()) + " wells"},
              {"grid", Json{{"origin_x_px", num(g.origin_x_px)},
                            {"origin_y_px", num(g.origin_y_px)},
                            {"pitch_x_px", num(g.pitch_x_px)},
                            {"pitch_y_px", num(g.pitch_y_px)},
                            {"angle_deg", num(g.angle_deg)}}},
              {"grid_residual_px", num(img.grid_residual_px)},
              {"grid_residual_flag", img.grid_residual_flag},
              {"spots_found", img.spots_found},
              {"spots_fitted", img.spots_fitted},
              {"saturated_spots", img.saturated_spots},
              {"spillover_wells", img.spillover_wells}};
}

Json input_json(const ReleaseRunResult& r, const RunInfo& info) {
  Json in{{"file", r.source.file}, {"kind", r.source.kind}, {"notes", r.source.notes}};
  if (r.source.image) in["plate_image"] = image_json(*r.source.image);
  in["layout_file"] = info.layout_file.string();
  in["layout_name"] = info.layout_name;
  return in;
}

Json settings_json(const AssayConfig& cfg) {
  const auto& p = cfg.release;
  return Json{{"release", Json{{"formula", "%SL = (E - Eff - S) / (M - S) x 100; Eff = 0 without effector-only wells"},
                               {"delta_method_sd", p.delta_method_sd},
                               {"outliers_enabled", p.outliers.enabled},
                               {"outliers_max_robust_z", p.outliers.max_robust_z},
                               {"flag_above_pct", p.flag_above_pct},
                               {"flag_below_pct", p.flag_below_pct}}},
              {"lytic_units", Json{{"method", assay::lu_method_name(cfg.lytic_units.method)},
                                   {"lysis_x_pct", cfg.lytic_units.lysis_pct},
                                   {"per_effectors", std::pow(10.0, cfg.lytic_units.per_exponent)}}},
              {"selectivity", Json{{"min_lysis_pct", cfg.selectivity.min_lysis_pct},
                                   {"min_ratio", cfg.selectivity.min_ratio}}}};
}

}  // namespace

std::string release_run_json(const ReleaseRunResult& r, const RunInfo& info, const AssayConfig& cfg,
                             std::span<const std::string> outputs) {
  Json j;
  detail::add_provenance(j, info);
  j["assay"] = "chromium";
  j["plate"] = Json{{"name", r.plate_name}};
  j["input"] = input_json(r, info);
  j["counts"] = Json{{"wells", r.quant.wells.size()},
                     {"targets_with_controls", r.quant.controls.size()},
                     {"conditions", r.quant.conditions.size()}};
  j["settings"] = settings_json(cfg);
  const Json tables = detail::release_tables_json(r);
  for (const auto& [key, value] : tables.items()) j[key] = value;
  j["dose_response"] = detail::dose_response_json(r.plate_name, r.dose_response);
  j["qc"] = detail::qc_json(r.qc);
  j["history"] = detail::history_json(info.history);
  j["warnings"] = r.warnings;
  j["outputs"] = std::vector<std::string>(outputs.begin(), outputs.end());
  j["complete"] = true;
  return j.dump(2) + "\n";
}

}  // namespace lysisq::io
