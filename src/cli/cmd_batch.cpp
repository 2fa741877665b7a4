// SPDX-License-Identifier: MIT
// `lysisq batch`: many plates, one `lysisq run` each, resumable and shardable (batch_run.hpp);
// `lysisq merge`: the shard summaries of a batch checked and joined (batch_summary.hpp).
#include "cli/cmd_batch.hpp"

#include <cstdio>
#include <memory>

#include "cli/batch_run.hpp"
#include "cli/batch_summary.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/report.hpp"

namespace lysisq::cli {

namespace {

struct BatchArgs {
  std::string source, out_dir, layout, layout_name = "layout.yaml", shard;
  ConfigOptions config;
  ImageSelection selection;  ///< --time-point, --z-step for every image-folder plate
  int jobs = 1;
  bool force = false, quiet = false, no_history = false;
};

int run_batch_command(const BatchArgs& a) {
  batch::BatchRequest req;
  req.source = a.source;
  req.out_dir = a.out_dir;
  req.plan.shared_layout = a.layout;
  req.plan.layout_name = a.layout_name;
  req.config_file = a.config.config_file;
  req.overrides = overrides_of(a.config);
  if (a.no_history) req.overrides.emplace_back("history.enabled=false");
  append_overrides(a.selection, req.overrides);
  req.jobs = a.jobs;
  if (!a.shard.empty()) req.shard = batch::parse_shard(a.shard);
  req.force = a.force;
  req.quiet = a.quiet;
  return batch::run_batch(req);
}

struct MergeArgs {
  std::string out_dir, merged;
  int shards = 0;
  bool quiet = false;
};

int run_merge_command(const MergeArgs& a) {
  const std::filesystem::path out = a.out_dir;
  const auto rows = batch::merge_shards(out, a.shards > 0 ? std::optional<int>(a.shards) : std::nullopt);
  const std::filesystem::path merged = a.merged.empty() ? out / "batch_summary.csv" : std::filesystem::path(a.merged);
  io::write_file_atomic(merged, batch::summary_csv(rows));
  try {
    report::write_batch_index(out);
  } catch (const std::exception& e) {
    print_warning(std::string("no index.html: ") + e.what());
  }
  if (!a.quiet)
    std::fprintf(stderr, "lysisq: merged %zu plates (%s) -> %s\n", rows.size(), batch::status_counts(rows).c_str(),
                 merged.c_str());
  return batch::batch_exit_status(rows);
}

}  // namespace

Command add_batch_command(CLI::App& root) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* cmd = root.add_subcommand(
      "batch", "Analyse many plates, one `lysisq run` each, into OUT/<plate>/ with OUT/batch_summary.csv and "
               "OUT/index.html. Re-running skips plates whose inputs, layout and config are unchanged; a failing "
               "plate is reported and the others go on (exit 1; exit 3 when none failed but a QC check did)");
  cmd->add_option("SOURCE", args->source,
                  "ROOT folder (each sub-folder of images, counter file or plate image is a plate; layout "
                  "<plate>/layout.yaml or <stem>.layout.yaml) or LIST file (lines: PLATE [LAYOUT [NAME]], tab- or "
                  "blank-separated, '#' comments, paths relative to the list)")
      ->required();
  cmd->add_option("--out,-o", args->out_dir, "Batch output folder (created)")->required();
  cmd->add_option("--layout,-l", args->layout, "One layout for every plate (instead of each plate's own)");
  cmd->add_option("--layout-name", args->layout_name, "File name of a plate folder's own layout")->capture_default_str();
  add_config_options(*cmd, args->config, true);
  add_image_selection_options(*cmd, args->selection);
  cmd->add_option("--jobs,-j", args->jobs, "Plates run at once (each uses --threads workers)")->capture_default_str();
  cmd->add_option("--shard", args->shard,
                  "Run only shard i of N: plates at sorted positions k with k mod N = i; writes "
                  "OUT/shard-i-of-N.csv (join the shards with `lysisq merge OUT`)")
      ->type_name("i/N");
  cmd->add_flag("--force", args->force, "Redo every plate, even those whose results are up to date");
  cmd->add_flag("--no-history", args->no_history,
                "Do not record the plates in the run history nor judge their controls (history.enabled=false)");
  cmd->add_flag("--quiet,-q", args->quiet, "Only failures on stderr");
  decorate(*cmd);
  return {cmd, [args] { return run_batch_command(*args); }};
}

Command add_merge_command(CLI::App& root) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = root.add_subcommand(
      "merge", "Join the shard summaries (shard-i-of-N.csv) of a sharded batch into batch_summary.csv and "
               "index.html, checking that every plate of the batch was covered exactly once");
  cmd->add_option("OUT", args->out_dir, "The batch output folder the shards wrote into")->required();
  cmd->add_option("--out,-o", args->merged, "Merged summary file (default OUT/batch_summary.csv)");
  cmd->add_option("--shards", args->shards, "Shard count N, when files of several N are present")->type_name("N");
  cmd->add_flag("--quiet,-q", args->quiet, "Do not print the summary line");
  decorate(*cmd);
  return {cmd, [args] { return run_merge_command(*args); }};
}

}  // namespace lysisq::cli
