// SPDX-License-Identifier: MIT
// wells.csv and conditions.csv of a fluorescence plate: one column table each (value_table.hpp).
#include "value_table.hpp"

namespace lysisq::io {

namespace {

using namespace detail;

struct WellRow {
  const std::string& plate;
  const WellResult& w;
};

// clang-format off
const Column<WellRow> kWellTable[] = {
  {{"plate", "plate name (from the file names)"}, [](const WellRow& r) { return text(r.plate); }},
  {{"well", "well, A01 form"}, [](const WellRow& r) { return text(r.w.assignment.well.str()); }},
  {{"role", "layout role"}, [](const WellRow& r) { return text(role_name(r.w.assignment.role)); }},
  {{"target", "target cells"}, [](const WellRow& r) { return text(r.w.assignment.target); }},
  {{"effector", "effector cells"}, [](const WellRow& r) { return text(r.w.assignment.effector); }},
  {{"et_ratio", "effector:target ratio (0 for controls)"}, [](const WellRow& r) { return number(r.w.assignment.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const WellRow& r) { return text(labels_text(r.w.assignment.labels)); }},
  {{"fields_n", "fields imaged"}, [](const WellRow& r) { return integer(r.w.counts.fields); }},
  {{"objects_n", "segmented objects"}, [](const WellRow& r) { return integer(r.w.counts.objects); }},
  {{"effectors_n", "objects classified effector"}, [](const WellRow& r) { return integer(r.w.counts.effectors); }},
  {{"targets_n", "objects classified target (live + dead)"}, [](const WellRow& r) { return integer(r.w.counts.targets()); }},
  {{"live_targets_n", "live targets"}, [](const WellRow& r) { return integer(r.w.counts.live_targets); }},
  {{"dead_targets_n", "dead targets"}, [](const WellRow& r) { return integer(r.w.counts.dead_targets); }},
  {{"dead_targets_pct", "dead / all targets x 100 (empty: no targets)"}, [](const WellRow& r) { return number(r.w.dead_targets_pct); }},
  {{"killing_target_loss_pct", "(1 - live / mean live of reference wells) x 100"}, [](const WellRow& r) { return number(r.w.killing_target_loss_pct); }},
  {{"specific_death_pct", "(D - D_ref) / (100 - D_ref) x 100, D = dead %"}, [](const WellRow& r) { return number(r.w.specific_death_pct); }},
};

struct ConditionRow {
  const std::string& plate;
  const ConditionResult& c;
};

const Column<ConditionRow> kConditionTable[] = {
  {{"plate", "plate name"}, [](const ConditionRow& r) { return text(r.plate); }},
  {{"role", "layout role"}, [](const ConditionRow& r) { return text(role_name(r.c.role)); }},
  {{"target", "target cells"}, [](const ConditionRow& r) { return text(r.c.target); }},
  {{"effector", "effector cells"}, [](const ConditionRow& r) { return text(r.c.effector); }},
  {{"et_ratio", "effector:target ratio"}, [](const ConditionRow& r) { return number(r.c.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const ConditionRow& r) { return text(labels_text(r.c.labels)); }},
  {{"replicates_n", "replicate wells"}, [](const ConditionRow& r) { return integer(std::int64_t(r.c.wells.size())); }},
  {{"wells", "replicate wells, space-separated"}, [](const ConditionRow& r) { return text(wells_text(r.c.wells)); }},
  {{"reference_role", "role of the reference wells (target_only or spontaneous)"}, [](const ConditionRow& r) { return text(r.c.reference); }},
  {{"reference_wells", "reference wells, space-separated"}, [](const ConditionRow& r) { return text(wells_text(r.c.reference_wells)); }},
  {{"live_targets_n_mean", "live targets per well, mean"}, [](const ConditionRow& r) { return number(r.c.live_targets.mean); }},
  {{"live_targets_n_sd", "live targets per well, sample SD"}, [](const ConditionRow& r) { return number(r.c.live_targets.sd); }},
  {{"live_targets_cv_pct", "live targets per well, CV %"}, [](const ConditionRow& r) { return number(r.c.live_targets.cv_pct); }},
  {{"dead_targets_pct_mean", "dead % among targets, mean over wells"}, [](const ConditionRow& r) { return number(r.c.dead_targets_pct.mean); }},
  {{"dead_targets_pct_sd", "dead % among targets, SD over wells"}, [](const ConditionRow& r) { return number(r.c.dead_targets_pct.sd); }},
  {{"killing_target_loss_pct_mean", "target-loss killing %, mean over wells"}, [](const ConditionRow& r) { return number(r.c.killing_target_loss.mean); }},
  {{"killing_target_loss_pct_sd", "target-loss killing %, SD over wells"}, [](const ConditionRow& r) { return number(r.c.killing_target_loss.sd); }},
  {{"specific_death_pct_mean", "specific death %, mean over wells"}, [](const ConditionRow& r) { return number(r.c.specific_death.mean); }},
  {{"specific_death_pct_sd", "specific death %, SD over wells"}, [](const ConditionRow& r) { return number(r.c.specific_death.sd); }},
  {{"primary_metric", "quantification.primary_metric"}, [](const ConditionRow& r) { return text(metric_name(r.c.primary_metric)); }},
  {{"killing_pct_mean", "primary killing metric %, mean"}, [](const ConditionRow& r) { return number(r.c.killing().mean); }},
  {{"killing_pct_sd", "primary killing metric %, SD"}, [](const ConditionRow& r) { return number(r.c.killing().sd); }},
};
// clang-format on

}  // namespace

std::span<const ColumnInfo> well_columns() { return column_infos<kWellTable>(); }
std::span<const ColumnInfo> condition_columns() { return column_infos<kConditionTable>(); }

std::string wells_csv(const PlateRunResult& r) {
  return table_csv(kWellTable, rows_of<WellRow>(r.quant.wells, r.plate_name));
}
std::string conditions_csv(const PlateRunResult& r) {
  return table_csv(kConditionTable, rows_of<ConditionRow>(r.quant.conditions, r.plate_name));
}

}  // namespace lysisq::io
