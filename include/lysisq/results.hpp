// SPDX-License-Identifier: MIT
// Result files of a plate run (src/io/write_results.cpp and friends): wells.csv, conditions.csv,
// objects.csv, lytic_units.csv, selectivity.csv, cold_target.csv, controls.csv (release),
// resolved_config.yaml and run.json. Column names are declared once, in tables.
#pragma once
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/measure.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/release_run.hpp"

namespace lysisq::io {

/// The run-history step of a run (the CLI's), for run.json. The verdicts themselves are QcResults
/// of level run in the result's `qc`.
struct HistoryRunInfo {
  std::string status = "disabled";    ///< "recorded", "disabled" (history.enabled false) or "failed"
  std::string db_path;                ///< the database used (or tried)
  std::string run_id;                 ///< the id recorded
  std::vector<std::string> controls;  ///< control names recorded
  std::string error;                  ///< why it failed (also a run.json warning)
};

/// Provenance the caller (the CLI) knows and the pipeline does not.
struct RunInfo {
  std::string command_line;
  std::filesystem::path config_file;       ///< empty: defaults only
  std::vector<std::string> overrides;      ///< --set key=value, in order
  std::string resolved_config_yaml;        ///< config::to_yaml(cfg): written and hashed
  std::filesystem::path plate_dir, layout_file;
  std::string layout_name;
  std::string device;                      ///< device_description()
  std::string host;
  std::string start_time_utc;              ///< ISO 8601, e.g. 2026-11-27T14:31:22Z
  double wall_time_s = 0;
  int threads = 0;                         ///< worker threads used
  HistoryRunInfo history;
  std::vector<std::string> extra_outputs;  ///< written by the caller beforehand, e.g. "overlays/"
};

/// An output column: snake_case name with its unit, and what it holds (for docs and --help).
struct ColumnInfo {
  std::string_view name;
  std::string_view description;
};
std::span<const ColumnInfo> well_columns();
std::span<const ColumnInfo> condition_columns();
/// objects.csv columns; intensity columns are named after the channel index
/// (mean_intensity_w2_au), so they depend on the channel assignment and the death readout.
std::vector<std::string> object_column_names(const ChannelParams& ch, DeathReadout readout);
/// Release (51Cr) plates: wells.csv, conditions.csv and controls.csv.
std::span<const ColumnInfo> release_well_columns();
std::span<const ColumnInfo> release_condition_columns();
std::span<const ColumnInfo> control_columns();
/// Dose-response tables of either readout.
std::span<const ColumnInfo> lytic_unit_columns();
std::span<const ColumnInfo> selectivity_columns();
std::span<const ColumnInfo> cold_target_columns();
/// qc.csv columns: level, check, subject, value, unit, warn_limit, fail_limit, verdict, message.
std::span<const ColumnInfo> qc_columns();
/// Columns of `lysisq segment`'s per-image objects CSV (one channel).
std::vector<std::string> field_object_column_names();

/// RFC 4180 field: quoted (with doubled quotes) iff it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view s);
/// Locale-independent number ('.' decimal, up to 10 significant digits); NaN/inf give "".
std::string csv_number(double v);

/// Kinetic runs: one row per experimental condition and time point; one row per condition with
/// AUC, maximum killing and the time to `level_pct` killing.
std::span<const ColumnInfo> kinetic_columns();
std::span<const ColumnInfo> kinetic_summary_columns();
std::string kinetics_csv(const PlateRunResult& r);
std::string kinetic_summary_csv(const PlateRunResult& r, double level_pct);

std::string wells_csv(const PlateRunResult& r);
std::string conditions_csv(const PlateRunResult& r);
std::string objects_csv(const PlateRunResult& r, const ChannelParams& ch, DeathReadout readout);
std::string release_wells_csv(const ReleaseRunResult& r);
std::string release_conditions_csv(const ReleaseRunResult& r);
std::string controls_csv(const ReleaseRunResult& r);
/// One row per series: LU with its status and bound ("<" not reached, ">" below range), AUC.
std::string lytic_units_csv(const std::string& plate, const DoseResponseAnalysis& a);
/// One row per effector and autologous-vs-cell-line comparison (one row when there is none).
std::string selectivity_csv(const std::string& plate, const DoseResponseAnalysis& a);
/// One row per cold-target condition and E:T.
std::string cold_target_csv(const std::string& plate, const DoseResponseAnalysis& a);
/// One row per QC verdict, in the order given (sort_qc(): fail, warn, pass, then level).
std::string qc_csv(std::span<const QcResult> qc);
/// One image's objects (label, geometry, mean intensity), for `lysisq segment`.
std::string field_objects_csv(std::span<const ObjectMeasurement> objects);

/// 64-bit FNV-1a of `text`, as 16 lower-case hex digits (the resolved config's fingerprint).
std::string fnv1a64_hex(std::string_view text);

/// run.json text (pretty-printed JSON object); NaN thresholds are written as null. Both run.json
/// kinds hold "qc" ({counts: {fail, warn, pass}, worst, results: qc.csv's rows}) and "history"
/// (HistoryRunInfo).
std::string run_json(const PlateRunResult& r, const RunInfo& info, const AssayConfig& cfg,
                     std::span<const std::string> outputs);

/// run.json of a release plate: provenance, the input (counter file or plate image with its grid
/// QC), and every table (wells, controls, conditions, lytic units, selectivity, cold target).
std::string release_run_json(const ReleaseRunResult& r, const RunInfo& info, const AssayConfig& cfg,
                             std::span<const std::string> outputs);

/// Writes every result file into `out_dir` (created if missing), each atomically, qc.csv included. A stale run.json
/// is removed first and the new one written last, so a folder with run.json holds one complete
/// result. objects.csv only if cfg.output.objects_csv (a stale one is removed otherwise);
/// lytic_units.csv and selectivity.csv always, cold_target.csv when the layout has cold-target
/// conditions. Returns the file names written, run.json last.
std::vector<std::string> write_results(const std::filesystem::path& out_dir, const PlateRunResult& r,
                                       const RunInfo& info, const AssayConfig& cfg);

/// Same for a release plate: wells.csv, conditions.csv, controls.csv, qc.csv, lytic_units.csv,
/// selectivity.csv, cold_target.csv (only when the layout has cold-target conditions),
/// resolved_config.yaml, then run.json. Stale files of the other readout are removed.
std::vector<std::string> write_release_results(const std::filesystem::path& out_dir, const ReleaseRunResult& r,
                                               const RunInfo& info, const AssayConfig& cfg);

}  // namespace lysisq::io
