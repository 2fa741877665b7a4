// SPDX-License-Identifier: MIT
// Run history: every run's control values and QC verdicts in an SQLite file, read back as
// per-control series for Levey-Jennings charts and Westgard rules (westgard.hpp).
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lysisq/westgard.hpp"

namespace lysisq::history {

/// One control value of a run, e.g. {"K562/LAK-D1 %SL E:T 40", 41.2, "%"},
/// {"K562 %spont", 7.9, "%"}, {"K562 max cpm (decay-corrected)", 5120, "cpm"}.
struct ControlValue {
  std::string control;  ///< the series name; runs are compared only within one name
  double value = 0;     ///< finite
  std::string unit;
};

/// The summary verdict of one QC check of the run, e.g. {"K562 %spont", kPass}.
struct QcSummary {
  std::string check;
  Verdict verdict = Verdict::kPass;
};

/// What a run leaves in the history.
struct RunRecord {
  std::string run_id;  ///< unique, e.g. "20260314T101500Z-PLATE07"
  std::string plate;
  std::string time_utc;  ///< "YYYY-MM-DDTHH:MM:SSZ" (sorts as text); sets the run order
  std::string tool_version;
  std::string assay;                   ///< e.g. "51cr", "imaging"
  std::vector<ControlValue> controls;  ///< control names unique within the run
  std::vector<QcSummary> qc;           ///< check names unique within the run
};

/// The worst QC verdict of a run (kPass when it has none).
Verdict worst_verdict(const RunRecord& run);

/// One run's value of a control.
struct SeriesPoint {
  std::string run_id, plate, time_utc;
  double value = 0;
  std::string unit;
  bool qc_failed = false;  ///< the run's own QC (recorded with it) has a fail verdict
};

/// The history database. Run order is (time_utc, insertion order).
///
/// Safe for several processes at once: WAL journal, a 30 s busy timeout (a second writer waits
/// instead of failing), and each record_run() is one `BEGIN IMMEDIATE` transaction that commits
/// whole or not at all. One object must not be used by two threads at once, nor across fork().
/// Every SQLite failure is an InputError naming the database file.
class HistoryDb {
 public:
  /// Opens `path`, creating the file (not its folder) and the schema if missing, and migrating
  /// an older schema; InputError for a file that is not a lysisq history or is newer than this
  /// build understands.
  explicit HistoryDb(const std::filesystem::path& path);
  ~HistoryDb();
  HistoryDb(HistoryDb&&) noexcept;
  HistoryDb& operator=(HistoryDb&&) noexcept;
  HistoryDb(const HistoryDb&) = delete;
  HistoryDb& operator=(const HistoryDb&) = delete;

  const std::filesystem::path& path() const;
  /// Schema version of the file (the newest this build knows after opening).
  int schema_version() const;
  static int latest_schema_version();

  /// Appends a run. InputError (naming the field) for an empty run id, plate or control name,
  /// a malformed time, a non-finite value; a duplicate run id, control or check name is refused
  /// by the schema and rolls the whole run back.
  void record_run(const RunRecord& run);

  /// All runs in run order, with their controls and QC summaries.
  std::vector<RunRecord> runs() const;
  /// The runs that measured `control`, in run order (empty when none did).
  std::vector<SeriesPoint> series(const std::string& control) const;
  /// Every control name, sorted.
  std::vector<std::string> controls() const;
  /// `PRAGMA integrity_check`: "ok" for a sound file, else SQLite's list of problems.
  std::string integrity_check() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Where the history lives unless a path is given: $LYSISQ_HISTORY_DB, else
/// $XDG_DATA_HOME/lysisq/history.sqlite, else ~/.local/share/lysisq/history.sqlite.
/// InputError when none of LYSISQ_HISTORY_DB, XDG_DATA_HOME and HOME is set.
std::filesystem::path default_db_path();

/// One control of one run judged against its history.
struct ControlVerdict {
  std::string control, run_id, unit;
  double value = 0;
  std::optional<LjLimits> limits;  ///< nullopt: too few earlier runs (see note)
  double z = 0;                    ///< (value - mean) / sd; 0 without limits
  std::vector<RuleHit> hits;       ///< rules that fired, westgard_rules() order
  Verdict verdict = Verdict::kPass;
  std::string note;  ///< e.g. "provisional limits from 7 runs (20 wanted)"
};

/// Judges the point at `index` of `series` (its limits from the runs before it, its rules over
/// the runs up to it). Provisional limits downgrade fail to warn unless policy says otherwise.
ControlVerdict evaluate_point(const std::string& control, const std::vector<SeriesPoint>& series, std::size_t index,
                              const BaselinePolicy& policy = {});
/// Every point of a series judged as it was when recorded: the Levey-Jennings trend.
std::vector<ControlVerdict> evaluate_series(const std::string& control, const std::vector<SeriesPoint>& series,
                                            const BaselinePolicy& policy = {});
/// The newest run of `control` judged against its history; InputError when no run has it.
ControlVerdict evaluate_newest(const HistoryDb& db, const std::string& control, const BaselinePolicy& policy = {});

/// For `lysisq run`: opens (creating) the history at `db_path` (its folder is created), records
/// `run`, and judges each of its controls at the run's place in the series.
std::vector<ControlVerdict> record_and_evaluate(const std::filesystem::path& db_path, const RunRecord& run,
                                                const BaselinePolicy& policy = {});

}  // namespace lysisq::history
