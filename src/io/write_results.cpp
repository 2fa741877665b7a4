// SPDX-License-Identifier: MIT
// Writes a plate's result files, each atomically, run.json last (the "complete" marker).
#include <system_error>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/results.hpp"

namespace lysisq::io {

namespace fs = std::filesystem;

namespace {

void remove_stale(const fs::path& file) {
  std::error_code ec;
  fs::remove(file, ec);
  if (ec) throw InputError(file.string() + ": cannot remove the previous result (" + ec.message() + ")");
}

}  // namespace

std::vector<std::string> write_results(const fs::path& out_dir, const PlateRunResult& r, const RunInfo& info,
                                       const AssayConfig& cfg) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw InputError(out_dir.string() + ": cannot create the output folder (" + ec.message() + ")");
  // First remove the old marker: from here until the new run.json exists the folder does not look
  // complete, whatever happens in between.
  remove_stale(out_dir / "run.json");

  std::vector<std::pair<std::string, std::string>> files = {
      {"wells.csv", wells_csv(r)},
      {"conditions.csv", conditions_csv(r)},
      {"resolved_config.yaml", info.resolved_config_yaml},
  };
  if (cfg.output.objects_csv)
    files.emplace_back("objects.csv", objects_csv(r, cfg.channels, cfg.classification.death_readout));
  else
    remove_stale(out_dir / "objects.csv");

  std::vector<std::string> written;
  for (const auto& [name, content] : files) {
    write_file_atomic(out_dir / name, content);
    written.push_back(name);
  }
  if (cfg.output.label_images) written.emplace_back("labels/");  // written during the run
  written.emplace_back("run.json");
  write_file_atomic(out_dir / "run.json", run_json(r, info, cfg, written));
  return written;
}

}  // namespace lysisq::io
