// SPDX-License-Identifier: MIT
// `lysisq report DIR`: report.html for a finished result folder; `--index BATCH_DIR`: index.html
// over the plate folders of a batch (lysisq/report.hpp).
#include "cli/cmd_report.hpp"

#include <cstdio>
#include <memory>

#include "lysisq/report.hpp"

namespace lysisq::cli {

namespace {

struct ReportArgs {
  std::string dir;
  std::string history_json;
  bool index = false;
  bool quiet = false;
};

int run(const ReportArgs& a) {
  std::filesystem::path written;
  if (a.index) {
    written = report::write_batch_index(a.dir);
  } else {
    report::ReportOptions opt;
    if (!a.history_json.empty()) opt.history_json = a.history_json;
    written = report::write_plate_report(a.dir, opt);
  }
  if (!a.quiet) std::fprintf(stderr, "lysisq: wrote %s\n", written.c_str());
  return 0;
}

}  // namespace

Command add_report_command(CLI::App& root) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = root.add_subcommand(
      "report", "Write DIR/report.html for a finished result folder (QC, plate heatmaps, E:T curves, selectivity, "
                "overlays), or with --index a BATCH_DIR/index.html linking the plates' reports. The page is "
                "self-contained and opens offline");
  cmd->add_option("DIR", args->dir, "Result folder of `lysisq run` (must hold run.json), or the batch folder with --index")
      ->required();
  CLI::Option* index = cmd->add_flag("--index", args->index, "Write DIR/index.html linking every sub-folder that has a report.html");
  CLI::Option* history = cmd->add_option("--history-json", args->history_json,
                  "Control history for the Levey-Jennings chart: {\"control\", \"unit\", \"points\": [{\"time_utc\", "
                  "\"plate\", \"value\", \"lj_mean\", \"lj_sd\", \"qc\"}]} or an array of such objects")
      ->type_name("FILE");
  cmd->add_flag("-q,--quiet", args->quiet, "Do not print the path written");
  index->excludes(history);
  decorate(*cmd);
  return {cmd, [args] { return run(*args); }};
}

}  // namespace lysisq::cli
