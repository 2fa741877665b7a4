// SPDX-License-Identifier: MIT
// Internal to src/report: a finished result folder read back (run.json plus the optional tables
// and overlay PNGs). Only this loader and the history section know JSON.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/csv_table.hpp"

namespace lysisq::report::detail {

/// The facts of run.json the report shows; every field may be empty (older or other assays).
struct RunInfo {
  std::string plate, date_utc, version, git, assay, backend, device, threads;
  std::string config_hash, config_file, command_line, host, input, layout, primary_metric;
  std::optional<double> wall_time_s;
  std::vector<std::string> warnings, outputs, input_notes, overrides;
  std::vector<std::pair<std::string, std::string>> counts;  ///< run.json "counts", in file order
};

struct ResultFolder {
  std::filesystem::path dir;
  RunInfo run;
  std::optional<CsvTable> wells, conditions, lytic_units, selectivity, controls, qc;
  std::optional<CsvTable> kinetics, kinetic_summary;  ///< only after `lysisq run --kinetics`
  std::vector<std::filesystem::path> overlays;  ///< overlays/*.png, sorted by name
  bool is_release() const;                      ///< 51Cr (cpm) rather than fluorescence imaging
};

/// InputError naming the folder when it is missing or has no run.json (the completeness marker),
/// or naming run.json when it is not a JSON object.
ResultFolder load_result_folder(const std::filesystem::path& dir);

/// run.json alone (for the batch index).
RunInfo read_run_json(const std::filesystem::path& file);

}  // namespace lysisq::report::detail
