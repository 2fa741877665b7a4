// SPDX-License-Identifier: MIT
// `lysisq batch` summary: one row per plate (batch_summary.csv, shard-i-of-N.csv), filled from a
// finished result folder, and `lysisq merge`'s check that shards cover a batch exactly once.
#pragma once
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/results.hpp"

namespace lysisq::batch {

/// A plate's line in the summary. Text, as written, so merged shard files round-trip exactly.
struct SummaryRow {
  std::string plate;
  std::string status;       ///< "ok", "failed" or "skipped" (results unchanged since an earlier run)
  std::string reason;       ///< why failed or skipped (one line); empty when ok
  std::string input, layout;
  std::string readout;      ///< "fluorescence" or "chromium"
  std::string wells, conditions, objects;  ///< row counts of wells.csv / conditions.csv; run.json objects
  std::string worst_qc;     ///< worst verdict in qc.csv (pass, warn, fail); empty without qc.csv
  std::string lytic_units;  ///< "LAK-D1 vs K562: 193.0; ..." from lytic_units.csv
  std::string selectivity;  ///< "LAK-D1: broad; ..." from selectivity.csv
  std::string elapsed_s;    ///< wall time of this plate in this invocation; empty when skipped
};

/// The summary's columns, in order, with what each holds.
std::span<const io::ColumnInfo> summary_columns();

/// Fills wells, conditions, objects, worst_qc, lytic_units and selectivity from the finished
/// result folder `dir` (missing files leave their fields empty).
void fill_from_results(SummaryRow& row, const std::filesystem::path& dir);

/// Whether `dir` holds a complete result: run.json parses, says "complete": true, and every file
/// its "outputs" lists exists. Fills `start_time_utc` from run.json when given.
bool results_complete(const std::filesystem::path& dir, std::string* start_time_utc = nullptr);

std::string summary_csv(std::span<const SummaryRow> rows);
/// Rows of a summary file written by summary_csv; InputError naming `origin` when the header is
/// not the summary's.
std::vector<SummaryRow> parse_summary_csv(std::string_view text, const std::string& origin);

/// Exit status of a finished batch (errors.hpp ExitStatus), following `lysisq run` (which exits 3
/// when a QC check fails, with complete results): 1 when a plate failed; else 3 when a plate's
/// worst QC verdict is fail; else 0.
int batch_exit_status(std::span<const SummaryRow> rows);

/// "12 ok, 1 failed, 3 skipped".
std::string status_counts(std::span<const SummaryRow> rows);

// ---- shards (batch_merge.cpp) ----

/// shard-i-of-N.plan.csv: every plate of the batch with its shard, so that any one shard's
/// files tell `merge` the whole set.
std::string plan_csv(const std::vector<std::string>& sorted_plates, int shard_count);

/// Reads OUT's shard-i-of-N.csv and .plan.csv files and returns the rows of all shards, sorted by
/// plate. `shard_count` picks N when files of several N are present (an error otherwise).
/// InputError (naming shards and plates) when a shard's summary is missing, the plans disagree,
/// or a plate is missing, repeated or in the wrong shard.
std::vector<SummaryRow> merge_shards(const std::filesystem::path& out_dir, std::optional<int> shard_count);

}  // namespace lysisq::batch
