// SPDX-License-Identifier: MIT
// `lysisq run COUNTS.csv|SCAN.tif --layout L --out OUT`: the 51Cr release branch, and the rule
// that maps INPUT to a readout.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "cli/run_input.hpp"
#include "cli/run_qc.hpp"
#include "lysisq/counter_file.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_image.hpp"
#include "lysisq/release_run.hpp"
#include "lysisq/results.hpp"

namespace lysisq::cli {

namespace fs = std::filesystem;

namespace {

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

const char* readout_of(RunInput kind) { return kind == RunInput::kImageFolder ? "fluorescence" : "chromium"; }

const char* input_words(RunInput kind) {
  switch (kind) {
    case RunInput::kImageFolder: return "a folder of fluorescence images";
    case RunInput::kCounterFile: return "a counter file";
    case RunInput::kPlateImage: break;
  }
  return "a plate image";
}

ReleaseSource read_counter_source(const fs::path& file, const PlateLayout& layout, const AssayConfig& cfg) {
  const io::CounterReading reading = io::read_counter_file(file, cfg.chromium.counter, layout.format);
  ReleaseSource src;
  src.file = file.string();
  src.kind = "counter_file";
  src.notes = reading.notes;
  for (auto& n : io::check_counter_wells(reading, layout)) src.notes.push_back(std::move(n));
  for (const auto& v : reading.values) src.cpm[v.well] = v.cpm;
  return src;
}

ReleaseSource read_image_source(const fs::path& file, const PlateLayout& layout, const AssayConfig& cfg) {
  const Image<u16> scan = io::read_image_u16(file);
  ReleaseSource src;
  src.file = file.string();
  src.kind = "plate_image";
  try {
    src.image = read_plate_image(scan.cview(), layout.format, cfg.chromium.plate_image);
  } catch (const InputError& e) {
    throw InputError(file.string() + ": " + e.what());  // the reader does not know the file
  }
  for (const auto& w : src.image->wells) src.cpm[w.well] = w.cpm;
  return src;
}

io::RunInfo run_info(const ReleaseRunRequest& req, const Invocation& inv, const AssayConfig& cfg,
                     const PlateLayout& layout) {
  io::RunInfo info;
  info.command_line = inv.command_line;
  info.config_file = req.config_file;
  info.overrides = req.overrides;
  info.resolved_config_yaml = config::to_yaml(cfg);
  info.plate_dir = req.input;
  info.layout_file = req.layout_file;
  info.layout_name = layout.name;
  info.host = host_name();
  info.device = "cpu";
  info.threads = 1;
  return info;
}

}  // namespace

RunInput classify_run_input(const fs::path& input) {
  std::error_code ec;
  if (fs::is_directory(input, ec)) return RunInput::kImageFolder;
  const std::string ext = lower_extension(input);
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return RunInput::kCounterFile;
  if (ext == ".tif" || ext == ".tiff" || ext == ".png") return RunInput::kPlateImage;
  if (!fs::exists(input, ec)) throw InputError(input.string() + ": no such folder or file");
  throw InputError(input.string() +
                   ": not a plate folder, a counter file (.csv, .tsv, .txt) or a plate image (.tif, .tiff, .png)");
}

std::string resolve_assay(const config::LoadedConfig& loaded, RunInput kind, const fs::path& input) {
  const std::string implied = readout_of(kind);
  const auto given = loaded.given.find("assay");
  if (given == loaded.given.end() || loaded.config.assay == implied) return implied;
  throw ConfigError(given->second + ": assay is '" + loaded.config.assay + "' but " + input.string() + " is " +
                    input_words(kind) + " (assay " + implied + "); give the matching input, or set assay: " +
                    implied);
}

int run_release_plate(const ReleaseRunRequest& req, const AssayConfig& cfg, const Invocation& inv) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string start = utc_now_iso8601();
  const PlateLayout layout = config::load_layout(req.layout_file);
  if (const std::string problem = release_layout_problem(layout); !problem.empty())
    throw InputError(req.layout_file.string() + ": " + problem);
  ReleaseSource src = req.kind == RunInput::kPlateImage ? read_image_source(req.input, layout, cfg)
                                                        : read_counter_source(req.input, layout, cfg);
  std::error_code ec;
  fs::create_directories(req.out_dir, ec);  // fail before the work, not after it
  if (ec) throw InputError(req.out_dir.string() + ": cannot create the output folder (" + ec.message() + ")");

  ReleaseRunResult result = run_release(std::move(src), layout, cfg);
  io::RunInfo info = run_info(req, inv, cfg, layout);
  info.start_time_utc = start;
  if (req.overlays) result.warnings.emplace_back("--overlays draws fluorescence fields; a 51Cr run has none");
  const HistoryRequest history{result.plate_name, "chromium", start,
                               history::release_run_controls(result, layout, cfg.history, start)};
  record_history(cfg.history, history, result.qc, result.warnings, info);
  info.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  io::write_release_results(req.out_dir, result, info, cfg);
  if (!req.quiet) {
    for (const auto& w : result.warnings) print_warning(w);
    std::fprintf(stderr, "lysisq: %s: %s %s, %zu wells, %zu targets, %zu conditions -> %s (%.2f s)\n",
                 result.plate_name.c_str(), result.source.kind.c_str(), result.source.file.c_str(),
                 result.quant.wells.size(), result.quant.controls.size(), result.quant.conditions.size(),
                 req.out_dir.c_str(), info.wall_time_s);
  }
  return finish_run(req.out_dir, result.qc, req.quiet);
}

}  // namespace lysisq::cli
