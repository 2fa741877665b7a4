// SPDX-License-Identifier: MIT
// `lysisq run` after the analysis, for both readouts: the run history (record, judge, verdicts as
// QC results), the QC summary line, report.html and the exit status (src/cli/run_qc.cpp).
#pragma once
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/qc.hpp"
#include "lysisq/results.hpp"
#include "lysisq/run_history.hpp"

namespace lysisq::cli {

/// What the history step needs of a finished plate.
struct HistoryRequest {
  std::string plate;           ///< the plate's name (RunRecord::plate)
  std::string assay;           ///< "fluorescence" or "chromium"
  std::string start_time_utc;  ///< the run's time, "YYYY-MM-DDTHH:MM:SSZ"
  history::RunControls controls;
};

/// When cfg.enabled: records the run (controls and the worst verdict per check of `qc`) in the
/// history at cfg.db_path (default history::default_db_path()), appends one level-run verdict per
/// judged control to `qc` and re-sorts it (sort_qc). The controls' notes become `warnings`; so
/// does any history failure (no HOME, unwritable or foreign database): a history problem never
/// fails the analysis. Fills info.history either way.
void record_history(const HistoryConfig& cfg, const HistoryRequest& req, std::vector<QcResult>& qc,
                    std::vector<std::string>& warnings, io::RunInfo& info);

/// "QC: 2 fail, 3 warn, 41 pass — see qc.csv".
std::string qc_summary_line(std::span<const QcResult> qc);

/// After run.json: writes report.html (a failure is a warning on stderr, not a failed run), prints
/// the QC summary line (unless `quiet`), and returns the exit status: ExitStatus::kQcFailed (3)
/// when any check failed, else 0. Warnings do not change it.
int finish_run(const std::filesystem::path& out_dir, std::span<const QcResult> qc, bool quiet);

}  // namespace lysisq::cli
