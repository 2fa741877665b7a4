// SPDX-License-Identifier: MIT
// Internal to src/io: the run.json pieces that both readouts share, and the tables as JSON rows
// (from the same column tables as the CSV files).
#pragma once
#include <span>
#include <string>

#include "lysisq/results.hpp"
#include "value_table.hpp"

namespace lysisq::io::detail {

/// tool, command_line, start_time_utc, wall_time_s, host and config (file, overrides, hash).
void add_provenance(Json& j, const RunInfo& info);

/// {lysis_measure, lytic_units: {method, lysis_x_pct, per_effectors, rows}, selectivity: [...],
///  cold_target: [...]}; selectivity entries carry the per-target activity too.
Json dose_response_json(const std::string& plate, const DoseResponseAnalysis& a);

/// {counts: {fail, warn, pass}, worst, results: [qc.csv rows]}.
Json qc_json(std::span<const QcResult> qc);
/// HistoryRunInfo as an object.
Json history_json(const HistoryRunInfo& h);

/// {time_points: [{time_point, time_h}], level_pct, conditions: [kinetic_summary.csv rows]} of a
/// kinetic run.
Json kinetics_json(const PlateRunResult& r, double level_pct);

/// {wells, controls, conditions, exclusions} of a release plate.
Json release_tables_json(const ReleaseRunResult& r);

}  // namespace lysisq::io::detail
