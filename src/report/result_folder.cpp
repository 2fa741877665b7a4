// SPDX-License-Identifier: MIT
// Reads a result folder for the report: run.json by key (absent keys stay empty, so run.json can
// grow), the CSV tables by name, and the overlay file list.
#include "report/result_folder.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "lysisq/errors.hpp"

namespace lysisq::report::detail {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// The value at a key path as display text: strings as they are, numbers and booleans dumped.
std::string text_at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* key : path) {
    if (!p->is_object() || !p->contains(key)) return "";
    p = &(*p)[key];
  }
  if (p->is_string()) return p->get<std::string>();
  if (p->is_null() || p->is_object() || p->is_array()) return "";
  return p->dump();
}

std::vector<std::string> strings_at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* key : path) {
    if (!p->is_object() || !p->contains(key)) return {};
    p = &(*p)[key];
  }
  std::vector<std::string> out;
  if (!p->is_array()) return out;
  for (const auto& e : *p) out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
  return out;
}

RunInfo run_info_from(const json& j) {
  RunInfo r;
  r.plate = text_at(j, {"plate", "name"});
  r.date_utc = text_at(j, {"start_time_utc"});
  r.version = text_at(j, {"tool", "version"});
  r.git = text_at(j, {"tool", "git_describe"});
  r.assay = text_at(j, {"assay"});
  r.backend = text_at(j, {"compute", "backend"});
  r.device = text_at(j, {"compute", "device"});
  r.threads = text_at(j, {"compute", "threads"});
  r.config_hash = text_at(j, {"config", "resolved_fnv1a64"});
  r.config_file = text_at(j, {"config", "file"});
  r.overrides = strings_at(j, {"config", "overrides"});
  r.command_line = text_at(j, {"command_line"});
  r.host = text_at(j, {"host"});
  r.input = text_at(j, {"input", "file"});
  if (r.input.empty()) r.input = text_at(j, {"plate", "dir"});
  r.layout = text_at(j, {"input", "layout_file"});
  if (r.layout.empty()) r.layout = text_at(j, {"plate", "layout_file"});
  r.primary_metric = text_at(j, {"quantification", "primary_metric"});
  if (j.contains("wall_time_s") && j["wall_time_s"].is_number()) r.wall_time_s = j["wall_time_s"].get<double>();
  r.warnings = strings_at(j, {"warnings"});
  r.outputs = strings_at(j, {"outputs"});
  r.input_notes = strings_at(j, {"input", "notes"});
  if (j.contains("counts") && j["counts"].is_object())
    for (const auto& [k, v] : j["counts"].items()) r.counts.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  return r;
}

}  // namespace

RunInfo read_run_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot read the file");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(file.string() + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw InputError(file.string() + ": expected a JSON object");
  return run_info_from(j);
}

bool ResultFolder::is_release() const {
  if (!run.assay.empty()) return run.assay == "chromium" || run.assay == "51cr" || run.assay == "release";
  return wells && wells->has("cpm");
}

ResultFolder load_result_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": no such result folder");
  if (!fs::is_regular_file(dir / "run.json", ec))
    throw InputError(dir.string() + ": no run.json, so not a finished lysisq result folder (run `lysisq run` first)");
  ResultFolder f;
  f.dir = dir;
  f.run = read_run_json(dir / "run.json");
  f.wells = read_csv_if_exists(dir / "wells.csv");
  f.conditions = read_csv_if_exists(dir / "conditions.csv");
  f.lytic_units = read_csv_if_exists(dir / "lytic_units.csv");
  f.selectivity = read_csv_if_exists(dir / "selectivity.csv");
  f.controls = read_csv_if_exists(dir / "controls.csv");
  f.qc = read_csv_if_exists(dir / "qc.csv");
  f.kinetics = read_csv_if_exists(dir / "kinetics.csv");
  f.kinetic_summary = read_csv_if_exists(dir / "kinetic_summary.csv");
  if (fs::is_directory(dir / "overlays", ec))
    for (const auto& e : fs::directory_iterator(dir / "overlays", ec))
      if (e.is_regular_file() && e.path().extension() == ".png") f.overlays.push_back(e.path());
  std::sort(f.overlays.begin(), f.overlays.end());
  return f;
}

}  // namespace lysisq::report::detail
