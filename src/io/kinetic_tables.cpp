// SPDX-License-Identifier: MIT
// kinetics.csv (one row per experimental condition and time point) and kinetic_summary.csv (one
// row per condition: AUC, maximum, KT time) of a kinetic run: column tables (value_table.hpp).
#include "result_json.hpp"

namespace lysisq::io {

namespace {

using namespace detail;

struct KineticRow {
  const std::string& plate;
  const KineticCondition& c;
  const KineticPoint& p;
};

// clang-format off
const Column<KineticRow> kKineticTable[] = {
  {{"plate", "plate name"}, [](const KineticRow& r) { return text(r.plate); }},
  {{"target", "target cells"}, [](const KineticRow& r) { return text(r.c.target); }},
  {{"effector", "effector cells"}, [](const KineticRow& r) { return text(r.c.effector); }},
  {{"et_ratio", "effector:target ratio"}, [](const KineticRow& r) { return number(r.c.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const KineticRow& r) { return text(labels_text(r.c.labels)); }},
  {{"time_point", "time point of the files (TimePoint_<n>, scan number)"}, [](const KineticRow& r) { return integer(r.p.time.time_point); }},
  {{"time_h", "hours after the first time point"}, [](const KineticRow& r) { return number(r.p.time.time_h); }},
  {{"live_targets_n_mean", "live targets per well, mean of the replicate wells: N_ET(t)"}, [](const KineticRow& r) { return number(r.p.live_targets_mean); }},
  {{"reference_live_targets_n_mean", "live targets per reference well, mean: N_T(t)"}, [](const KineticRow& r) { return number(r.p.reference_live_targets_mean); }},
  {{"killing_time_normalised_pct", "(1 - [N_ET(t)/N_ET(0)] / [N_T(t)/N_T(0)]) x 100"}, [](const KineticRow& r) { return number(r.p.killing_pct); }},
};

struct SummaryRow {
  const std::string& plate;
  double level_pct;
  const KineticCondition& c;
};

const Column<SummaryRow> kSummaryTable[] = {
  {{"plate", "plate name"}, [](const SummaryRow& r) { return text(r.plate); }},
  {{"target", "target cells"}, [](const SummaryRow& r) { return text(r.c.target); }},
  {{"effector", "effector cells"}, [](const SummaryRow& r) { return text(r.c.effector); }},
  {{"et_ratio", "effector:target ratio"}, [](const SummaryRow& r) { return number(r.c.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const SummaryRow& r) { return text(labels_text(r.c.labels)); }},
  {{"points_n", "time points with a finite killing value"}, [](const SummaryRow& r) { return integer(r.c.summary.points_used); }},
  {{"duration_h", "last minus first time, hours"}, [](const SummaryRow& r) { return number(r.c.summary.duration_h); }},
  {{"auc_pct_h", "area under the killing curve, trapezoid, %·h"}, [](const SummaryRow& r) { return number(r.c.summary.auc_pct_h); }},
  {{"auc_normalised", "auc_pct_h / (100 x duration_h)"}, [](const SummaryRow& r) { return number(r.c.summary.auc_normalised); }},
  {{"max_killing_pct", "highest killing %"}, [](const SummaryRow& r) { return number(r.c.summary.max_killing_pct); }},
  {{"kt_level_pct", "killing level of the KT time (kinetics.level_pct)"}, [](const SummaryRow& r) { return number(r.level_pct); }},
  {{"kt_h", "first time the killing reaches kt_level_pct, hours (linear interpolation)"}, [](const SummaryRow& r) { return number(r.c.summary.kt50_h); }},
  {{"kt_status", "value, or not_reached"}, [](const SummaryRow& r) { return text(r.c.summary.kt50_reached ? "value" : "not_reached"); }},
  {{"reason", "notes: dropped points, too few points, not reached"}, [](const SummaryRow& r) { return text(r.c.summary.reason); }},
};
// clang-format on

std::vector<KineticRow> kinetic_rows(const PlateRunResult& r) {
  std::vector<KineticRow> rows;
  for (const KineticCondition& c : r.kinetics)
    for (const KineticPoint& p : c.points) rows.push_back({r.plate_name, c, p});
  return rows;
}

}  // namespace

std::span<const ColumnInfo> kinetic_columns() { return column_infos<kKineticTable>(); }
std::span<const ColumnInfo> kinetic_summary_columns() { return column_infos<kSummaryTable>(); }

std::string kinetics_csv(const PlateRunResult& r) { return table_csv(kKineticTable, kinetic_rows(r)); }

std::string kinetic_summary_csv(const PlateRunResult& r, double level_pct) {
  return table_csv(kSummaryTable, rows_of<SummaryRow>(r.kinetics, r.plate_name, level_pct));
}

namespace detail {

Json kinetics_json(const PlateRunResult& r, double level_pct) {
  Json times = Json::array();
  for (const KineticTime& t : r.kinetic_times) times.push_back({{"time_point", t.time_point}, {"time_h", t.time_h}});
  return Json{{"time_points", times},
              {"level_pct", level_pct},
              {"conditions", table_json(kSummaryTable, rows_of<SummaryRow>(r.kinetics, r.plate_name, level_pct))}};
}

}  // namespace detail

}  // namespace lysisq::io
