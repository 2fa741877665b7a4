// SPDX-License-Identifier: MIT
// A batch plate's inputs record, and the resume decision against OUT/<plate>.
#include "cli/batch_prepare.hpp"

#include "cli/batch_summary.hpp"
#include "cli/run_input.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/results.hpp"
#include "lysisq/version.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;

namespace {

/// Every channel file of every field the pattern finds: what `lysisq run` reads.
std::vector<fs::path> image_files(const fs::path& dir, const AssayConfig& cfg) {
  const io::PlateManifest m = io::discover_plate(dir, cfg.input);
  std::vector<fs::path> files;
  for (const auto& f : m.fields)
    for (const auto& [channel, path] : f.channels) files.push_back(path);
  return files;
}

/// The config as far as it can change results: the worker thread count cannot (fields are
/// independent and written in a fixed order), and a cluster's --threads $SLURM_CPUS_PER_TASK
/// must not make a laptop's results look stale, nor the other way round.
AssayConfig fingerprinted(AssayConfig cfg) {
  cfg.compute.threads = ComputeParams{}.threads;
  return cfg;
}

}  // namespace

PreparedPlate prepare_plate(const PlateEntry& entry, const config::LoadedConfig& loaded) {
  PreparedPlate p;
  p.entry = entry;
  const cli::RunInput kind = cli::classify_run_input(entry.input);
  AssayConfig cfg = loaded.config;
  cfg.assay = cli::resolve_assay(loaded, kind, entry.input);
  p.readout = cfg.assay;
  std::error_code ec;
  if (!fs::is_regular_file(entry.layout, ec))
    throw InputError(entry.layout.string() + ": no layout for plate " + entry.name +
                     "; put one there, or give --layout FILE (or a LAYOUT column in the plate list)");
  const PlateLayout layout = config::load_layout(entry.layout);

  InputsRecord& r = p.inputs;
  r.plate = entry.name;
  r.input = entry.input.string();
  r.layout = entry.layout.string();
  r.tool_version = kVersion;
  r.layout_fnv1a64 = io::fnv1a64_hex(config::layout_to_yaml(layout));
  r.config_fnv1a64 = io::fnv1a64_hex(config::to_yaml(fingerprinted(cfg)));
  r.recorded_ns = now_ns();  // before stat: a file written after this moment counts as racy
  if (kind == cli::RunInput::kImageFolder) {
    p.base = entry.input;
    r.files = stat_inputs(p.base, image_files(entry.input, cfg));
  } else {
    p.base = entry.input.parent_path();
    r.files = stat_inputs(p.base, {entry.input});
  }
  return p;
}

ResumeCheck check_resume(PreparedPlate& p, const fs::path& final_dir) {
  std::error_code ec;
  if (!fs::exists(final_dir, ec)) return {false, "no results yet"};
  std::string since;
  if (!results_complete(final_dir, &since)) return {false, "results incomplete"};
  const auto recorded = read_inputs_record(final_dir / kInputsFile);
  if (!recorded) return {false, std::string("no valid ") + kInputsFile};
  const Comparison c = compare_inputs(*recorded, p.inputs, p.base);
  if (!c.unchanged) return {false, c.why};
  if (c.refresh) io::write_file_atomic(final_dir / kInputsFile, inputs_json(p.inputs));
  return {true, "unchanged since " + (since.empty() ? std::string("an earlier run") : since)};
}

}  // namespace lysisq::batch
