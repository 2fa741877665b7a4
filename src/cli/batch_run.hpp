// SPDX-License-Identifier: MIT
// `lysisq batch`: runs the plates of a ROOT folder or LIST file (or one shard of them), each as a
// `lysisq run` child process (plate_job.hpp), resuming where an earlier batch left off.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch_plan.hpp"

namespace lysisq::batch {

struct BatchRequest {
  std::filesystem::path source;       ///< ROOT folder or LIST file
  std::filesystem::path out_dir;
  PlanOptions plan;
  std::filesystem::path config_file;  ///< empty: defaults
  std::vector<std::string> overrides; ///< --set items (and --backend/--threads), for every plate
  int jobs = 1;                       ///< plates run at once
  std::optional<Shard> shard;         ///< --shard i/N
  bool force = false;                 ///< redo plates even when their results are up to date
  bool quiet = false;
};

/// Runs the batch and returns its exit status:
///   0 every plate ok or skipped (up to date); 1 some plates failed (the others were done);
///   2 nothing could start (usage, config, no plates); 3 no plate failed but one has a QC check
///   that failed (qc.csv verdict fail; `lysisq run` exits 3 then too, with complete results);
///   4 a plate found CUDA unusable (the rest are not started); 130 interrupted (SIGINT/SIGTERM:
///   running plates are stopped, their partial folders removed, no summary written).
/// Writes OUT/<plate>/ (+ inputs.json), OUT/logs/<plate>.log, and OUT/batch_summary.csv with
/// OUT/index.html, or with a shard OUT/shard-i-of-N.csv and OUT/shard-i-of-N.plan.csv.
int run_batch(const BatchRequest& req);

}  // namespace lysisq::batch
