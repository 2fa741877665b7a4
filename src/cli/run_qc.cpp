// SPDX-License-Identifier: MIT
// The history step, QC summary, report and exit status of `lysisq run` (run_qc.hpp).
#include "cli/run_qc.hpp"

#include <cstdio>
#include <exception>

#include "cli/cli_common.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/qc_run.hpp"
#include "lysisq/report.hpp"
#include "lysisq/version.hpp"

namespace lysisq::cli {

namespace fs = std::filesystem;

void record_history(const HistoryConfig& cfg, const HistoryRequest& req, std::vector<QcResult>& qc,
                    std::vector<std::string>& warnings, io::RunInfo& info) {
  io::HistoryRunInfo& h = info.history;
  if (!cfg.enabled) {
    h.status = "disabled";
    return;
  }
  for (const auto& n : req.controls.notes) warnings.push_back(n);
  try {
    const fs::path db = cfg.db_path.empty() ? history::default_db_path() : fs::path(cfg.db_path);
    h.db_path = db.string();
    history::RunRecord run;
    run.run_id = history::new_run_id(req.start_time_utc, req.plate);
    run.plate = req.plate;
    run.time_utc = req.start_time_utc;
    run.tool_version = kVersion;
    run.assay = req.assay;
    run.controls = req.controls.controls;
    run.qc = history::qc_summaries(qc);
    const auto verdicts = history::record_and_evaluate(db, run, history::baseline_policy(cfg));
    h.status = "recorded";
    h.run_id = run.run_id;
    for (const auto& c : run.controls) h.controls.push_back(c.control);
    for (QcResult& r : history::westgard_results(verdicts)) qc.push_back(std::move(r));
    sort_qc(qc);
  } catch (const std::exception& e) {  // InputError from SQLite or the path; never fail the analysis
    h.status = "failed";
    h.error = one_line(e.what());
    warnings.push_back("run history not recorded: " + h.error + " (history.db_path, or --no-history)");
  }
}

std::string qc_summary_line(std::span<const QcResult> qc) {
  const QcCounts c = count_verdicts(qc);
  char buf[128];
  std::snprintf(buf, sizeof buf, "QC: %d fail, %d warn, %d pass \u2014 see qc.csv", c.fail, c.warn, c.pass);
  return buf;
}

int finish_run(const fs::path& out_dir, std::span<const QcResult> qc, bool quiet) {
  try {
    report::write_plate_report(out_dir);
  } catch (const std::exception& e) {  // the results are complete without the page
    print_warning(std::string("report.html not written: ") + e.what());
  }
  if (!quiet) std::fprintf(stderr, "%s\n", qc_summary_line(qc).c_str());
  return worst_verdict(qc) == QcVerdict::kFail ? static_cast<int>(ExitStatus::kQcFailed) : 0;
}

}  // namespace lysisq::cli
