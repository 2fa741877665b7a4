// SPDX-License-Identifier: MIT
// `lysisq run INPUT --layout L.yaml --out OUT`: one plate, end to end. INPUT is a folder of
// fluorescence images (this file) or a 51Cr counter file / plate image (cmd_run_release.cpp).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "cli/cli_common.hpp"
#include "cli/run_input.hpp"
#include "cli/run_overlays.hpp"
#include "cli/run_qc.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/results.hpp"

namespace lysisq::cli {

namespace fs = std::filesystem;

namespace {

struct RunArgs {
  std::string plate_dir, layout_file, out_dir;
  ConfigOptions config;
  bool objects = false, labels = false, quiet = false, no_history = false;
  std::string overlays;  ///< "", "flagged" or "all"
  ImageSelection selection;  ///< --time-point, --z-step
};

OverlayMode overlay_mode(const std::string& s) {
  return s.empty() ? OverlayMode::kNone : s == "all" ? OverlayMode::kAll : OverlayMode::kFlagged;
}

void ensure_out_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir.string() + ": cannot create the output folder (" + ec.message() + ")");
}

/// Label images go to OUT/labels/ as they are produced, so they never pile up in memory.
LabelSink label_writer(const fs::path& out_dir, const std::string& plate) {
  const fs::path dir = out_dir / "labels";
  ensure_out_dir(dir);
  return [dir, plate](const io::FieldFiles& f, const LabelImage& labels) {
    const std::string name = plate + "_" + f.well.str() + "_s" + std::to_string(f.field) + "_labels.tif";
    io::write_label_tiff(dir / name, labels);
  };
}

/// The manifest's fields that were analysed: time point `t` (all of them on a plate without
/// time points) and Z-step `z` (all of them on a plate with one plane).
io::PlateManifest analysed_fields(io::PlateManifest m, int t, std::optional<int> z) {
  std::erase_if(m.fields, [&](const io::FieldFiles& f) { return f.timepoint != t || (z && f.z != *z); });
  return m;
}

io::RunInfo run_info(const RunArgs& a, const Invocation& inv, const AssayConfig& cfg,
                     const PlateLayout& layout, const std::vector<std::string>& overrides) {
  io::RunInfo info;
  info.command_line = inv.command_line;
  info.config_file = a.config.config_file;
  info.overrides = overrides;
  info.resolved_config_yaml = config::to_yaml(cfg);
  info.plate_dir = a.plate_dir;
  info.layout_file = a.layout_file;
  info.layout_name = layout.name;
  info.host = host_name();
  return info;
}

int run_fluorescence(const RunArgs& a, const Invocation& inv, const AssayConfig& cfg,
                     const std::vector<std::string>& overrides) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string start = utc_now_iso8601();
  const ComputeEnvironment env = probe_compute_environment();
  const Backend backend = resolve_backend(cfg.compute.backend, env);  // before minutes of work
  const PlateLayout layout = config::load_layout(a.layout_file);
  const io::PlateManifest manifest = io::discover_plate(a.plate_dir, cfg.input);
  ensure_out_dir(a.out_dir);  // fail before the work, not after it

  Progress progress("fields", a.quiet);
  PlateRunOptions opts;
  opts.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  opts.cancel = &interrupted();
  if (cfg.output.label_images) opts.label_sink = label_writer(a.out_dir, manifest.plate_name);
  PlateRunResult result = cfg.kinetics.enabled ? run_kinetic_plate(manifest, layout, cfg, backend, opts)
                                                : run_plate(manifest, layout, cfg, backend, opts);
  progress.finish();
  const io::PlateManifest analysed = analysed_fields(manifest, result.time_point, result.z_step);  // overlays redraw these

  io::RunInfo info = run_info(a, inv, cfg, layout, overrides);
  info.start_time_utc = start;
  info.device = device_description(backend, env);
  info.threads = result.threads;
  const HistoryRequest history{result.plate_name, "fluorescence", start,
                               history::imaging_run_controls(result, layout, cfg.history)};
  record_history(cfg.history, history, result.qc, result.warnings, info);
  if (write_overlays(a.out_dir, analysed, result, cfg, backend, overlay_mode(a.overlays), result.warnings) > 0)
    info.extra_outputs.emplace_back("overlays/");
  info.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  io::write_results(a.out_dir, result, info, cfg);
  if (!a.quiet) {
    for (const auto& w : result.warnings) print_warning(w);
    std::fprintf(stderr, "lysisq: %s: %zu fields, %zu objects, %zu wells, %zu conditions -> %s (%.1f s, %s)\n",
                 result.plate_name.c_str(), result.field_count, result.objects.size(), result.quant.wells.size(),
                 result.quant.conditions.size(), a.out_dir.c_str(), info.wall_time_s, info.device.c_str());
    if (!result.kinetic_times.empty())
      std::fprintf(stderr, "lysisq: kinetics: %zu time points over %.4g h, %zu conditions -> kinetic_summary.csv\n",
                   result.kinetic_times.size(), result.kinetic_times.back().time_h, result.kinetics.size());
  }
  return finish_run(a.out_dir, result.qc, a.quiet);
}

int run(const RunArgs& a, const Invocation& inv) {
  std::vector<std::string> overrides = overrides_of(a.config);
  if (a.objects) overrides.emplace_back("output.objects_csv=true");
  if (a.labels) overrides.emplace_back("output.label_images=true");
  if (a.no_history) overrides.emplace_back("history.enabled=false");
  append_overrides(a.selection, overrides);
  config::LoadedConfig loaded = config::load_config_traced(a.config.config_file, overrides);
  const RunInput kind = classify_run_input(a.plate_dir);
  if (a.selection.any() && kind != RunInput::kImageFolder)
    throw ConfigError(std::string(a.selection.first_flag()) +
                      " selects images of an image folder; " + a.plate_dir + " is a counter export or plate image");
  loaded.config.assay = resolve_assay(loaded, kind, a.plate_dir);  // resolved_config.yaml says which
  if (kind == RunInput::kImageFolder) return run_fluorescence(a, inv, loaded.config, overrides);
  ReleaseRunRequest req{a.plate_dir, a.layout_file, a.out_dir, a.config.config_file, overrides, kind, a.quiet,
                        !a.overlays.empty()};
  return run_release_plate(req, loaded.config, inv);
}

}  // namespace

Command add_run_command(CLI::App& root, const Invocation& inv) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = root.add_subcommand(
      "run", "Analyse one plate: a fluorescence image folder (segment, classify, quantify killing) or a 51Cr "
             "counter file / plate image (%SL); both give lytic units and selectivity");
  cmd->add_option("INPUT", args->plate_dir,
                  "Folder of <plate>_<well>_s<field>_w<channel>.tif images, a counter export (.csv/.tsv/.txt) or a "
                  "plate image (.tif/.tiff/.png)")
      ->required();
  cmd->add_option("--layout,-l", args->layout_file, "Plate layout YAML (roles, targets, effectors, E:T)")
      ->required();
  cmd->add_option("--out,-o", args->out_dir, "Output folder (created); run.json is written last")->required();
  add_config_options(*cmd, args->config, true);
  cmd->add_flag("--objects", args->objects, "Also write objects.csv (output.objects_csv)");
  cmd->add_flag("--labels", args->labels, "Also write OUT/labels/*_labels.tif (output.label_images)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress or summary on stderr");
  cmd->add_option("--overlays", args->overlays,
                  "Write OUT/overlays/<plate>_<well>_s<field>.png for the fields QC flagged (warn or fail), or for "
                  "every field with --overlays all (fluorescence; re-segments those fields)")
      ->expected(0, 1)
      ->default_str("flagged")
      ->check(CLI::IsMember({"flagged", "all"}))
      ->type_name("[all]");
  add_image_selection_options(*cmd, args->selection);
  cmd->add_flag("--no-history", args->no_history,
                "Do not record this run in the run history nor judge its controls (history.enabled=false)");
  decorate(*cmd);
  return {cmd, [args, &inv] { return run(*args, inv); }};
}

}  // namespace lysisq::cli
