// SPDX-License-Identifier: MIT
// Writes a plate's result files, each atomically, run.json last (the "complete" marker).
#include <functional>
#include <system_error>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/results.hpp"

namespace lysisq::io {

namespace fs = std::filesystem;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;  // name, content

void remove_stale(const fs::path& file) {
  std::error_code ec;
  fs::remove(file, ec);
  if (ec) throw InputError(file.string() + ": cannot remove the previous result (" + ec.message() + ")");
}

/// lytic_units.csv and selectivity.csv always; cold_target.csv only when there are cold-target
/// conditions (a stale one is listed in `stale` otherwise).
void add_dose_files(Files& files, std::vector<std::string>& stale, const std::string& plate,
                    const DoseResponseAnalysis& a) {
  files.emplace_back("lytic_units.csv", lytic_units_csv(plate, a));
  files.emplace_back("selectivity.csv", selectivity_csv(plate, a));
  if (a.cold_target.empty())
    stale.emplace_back("cold_target.csv");
  else
    files.emplace_back("cold_target.csv", cold_target_csv(plate, a));
}

/// Removes run.json, then the `stale` files, writes `files`, and finally run.json from
/// `make_json(written names)`.
std::vector<std::string> write_all(const fs::path& out_dir, const Files& files, const std::vector<std::string>& stale,
                                   const std::vector<std::string>& also_written,
                                   const std::function<std::string(const std::vector<std::string>&)>& make_json) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw InputError(out_dir.string() + ": cannot create the output folder (" + ec.message() + ")");
  // First remove the old marker: from here until the new run.json exists the folder does not look
  // complete, whatever happens in between.
  remove_stale(out_dir / "run.json");
  for (const auto& name : stale) remove_stale(out_dir / name);
  std::vector<std::string> written;
  for (const auto& [name, content] : files) {
    write_file_atomic(out_dir / name, content);
    written.push_back(name);
  }
  written.insert(written.end(), also_written.begin(), also_written.end());
  written.emplace_back("run.json");
  write_file_atomic(out_dir / "run.json", make_json(written));
  return written;
}

}  // namespace

std::vector<std::string> write_results(const fs::path& out_dir, const PlateRunResult& r, const RunInfo& info,
                                       const AssayConfig& cfg) {
  Files files = {
      {"wells.csv", wells_csv(r)},
      {"conditions.csv", conditions_csv(r)},
      {"qc.csv", qc_csv(r.qc)},
  };
  std::vector<std::string> stale = {"controls.csv"};  // a release run's, in a reused folder
  add_dose_files(files, stale, r.plate_name, r.dose_response);
  files.emplace_back("resolved_config.yaml", info.resolved_config_yaml);
  if (cfg.output.objects_csv)
    files.emplace_back("objects.csv", objects_csv(r, cfg.channels, cfg.classification.death_readout));
  else
    stale.emplace_back("objects.csv");
  if (!r.kinetic_times.empty()) {
    files.emplace_back("kinetics.csv", kinetics_csv(r));
    files.emplace_back("kinetic_summary.csv", kinetic_summary_csv(r, cfg.kinetics.level_pct));
  } else {
    stale.insert(stale.end(), {"kinetics.csv", "kinetic_summary.csv"});
  }
  std::vector<std::string> also;
  if (cfg.output.label_images) also.emplace_back("labels/");  // written during the run
  also.insert(also.end(), info.extra_outputs.begin(), info.extra_outputs.end());
  return write_all(out_dir, files, stale, also,
                   [&](const std::vector<std::string>& written) { return run_json(r, info, cfg, written); });
}

std::vector<std::string> write_release_results(const fs::path& out_dir, const ReleaseRunResult& r,
                                               const RunInfo& info, const AssayConfig& cfg) {
  Files files = {
      {"wells.csv", release_wells_csv(r)},
      {"conditions.csv", release_conditions_csv(r)},
      {"controls.csv", controls_csv(r)},
      {"qc.csv", qc_csv(r.qc)},
  };
  std::vector<std::string> stale = {"objects.csv", "kinetics.csv", "kinetic_summary.csv"};  // an imaging run's
  add_dose_files(files, stale, r.plate_name, r.dose_response);
  files.emplace_back("resolved_config.yaml", info.resolved_config_yaml);
  return write_all(out_dir, files, stale, info.extra_outputs,
                   [&](const std::vector<std::string>& written) { return release_run_json(r, info, cfg, written); });
}

}  // namespace lysisq::io
