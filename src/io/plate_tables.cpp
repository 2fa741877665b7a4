// SPDX-License-Identifier: MIT
// wells.csv and conditions.csv: one column table each (name, description, cell writer).
#include <algorithm>
#include <array>

#include "csv_util.hpp"

namespace lysisq::io {

namespace {

using detail::append_field;
using detail::append_int;
using detail::append_number;
using detail::Column;
using detail::labels_text;
using detail::wells_text;

struct WellRow {
  const std::string& plate;
  const WellResult& w;
};

// clang-format off
const Column<WellRow> kWellTable[] = {
  {{"plate", "plate name (from the file names)"}, [](std::string& o, const WellRow& r) { append_field(o, r.plate); }},
  {{"well", "well, A01 form"}, [](std::string& o, const WellRow& r) { append_field(o, r.w.assignment.well.str()); }},
  {{"role", "layout role"}, [](std::string& o, const WellRow& r) { append_field(o, role_name(r.w.assignment.role)); }},
  {{"target", "target cells"}, [](std::string& o, const WellRow& r) { append_field(o, r.w.assignment.target); }},
  {{"effector", "effector cells"}, [](std::string& o, const WellRow& r) { append_field(o, r.w.assignment.effector); }},
  {{"et_ratio", "effector:target ratio (0 for controls)"}, [](std::string& o, const WellRow& r) { append_number(o, r.w.assignment.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](std::string& o, const WellRow& r) { append_field(o, labels_text(r.w.assignment.labels)); }},
  {{"fields_n", "fields imaged"}, [](std::string& o, const WellRow& r) { append_int(o, r.w.counts.fields); }},
  {{"objects_n", "segmented objects"}, [](std::string& o, const WellRow& r) { append_int(o, r.w.counts.objects); }},
  {{"effectors_n", "objects classified effector"}, [](std::string& o, const WellRow& r) { append_int(o, r.w.counts.effectors); }},
  {{"targets_n", "objects classified target (live + dead)"}, [](std::string& o, const WellRow& r) { append_int(o, r.w.counts.targets()); }},
  {{"live_targets_n", "live targets"}, [](std::string& o, const WellRow& r) { append_int(o, r.w.counts.live_targets); }},
  {{"dead_targets_n", "dead targets"}, [](std::string& o, const WellRow& r) { append_int(o, r.w.counts.dead_targets); }},
  {{"dead_targets_pct", "dead / all targets x 100 (empty: no targets)"}, [](std::string& o, const WellRow& r) { append_number(o, r.w.dead_targets_pct); }},
  {{"killing_target_loss_pct", "(1 - live / mean live of reference wells) x 100"}, [](std::string& o, const WellRow& r) { append_number(o, r.w.killing_target_loss_pct); }},
  {{"specific_death_pct", "(D - D_ref) / (100 - D_ref) x 100, D = dead %"}, [](std::string& o, const WellRow& r) { append_number(o, r.w.specific_death_pct); }},
};

struct ConditionRow {
  const std::string& plate;
  const ConditionResult& c;
};

const Column<ConditionRow> kConditionTable[] = {
  {{"plate", "plate name"}, [](std::string& o, const ConditionRow& r) { append_field(o, r.plate); }},
  {{"role", "layout role"}, [](std::string& o, const ConditionRow& r) { append_field(o, role_name(r.c.role)); }},
  {{"target", "target cells"}, [](std::string& o, const ConditionRow& r) { append_field(o, r.c.target); }},
  {{"effector", "effector cells"}, [](std::string& o, const ConditionRow& r) { append_field(o, r.c.effector); }},
  {{"et_ratio", "effector:target ratio"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](std::string& o, const ConditionRow& r) { append_field(o, labels_text(r.c.labels)); }},
  {{"replicates_n", "replicate wells"}, [](std::string& o, const ConditionRow& r) { append_int(o, std::int64_t(r.c.wells.size())); }},
  {{"wells", "replicate wells, space-separated"}, [](std::string& o, const ConditionRow& r) { append_field(o, wells_text(r.c.wells)); }},
  {{"reference_role", "role of the reference wells (target_only or spontaneous)"}, [](std::string& o, const ConditionRow& r) { append_field(o, r.c.reference); }},
  {{"reference_wells", "reference wells, space-separated"}, [](std::string& o, const ConditionRow& r) { append_field(o, wells_text(r.c.reference_wells)); }},
  {{"live_targets_n_mean", "live targets per well, mean"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.live_targets.mean); }},
  {{"live_targets_n_sd", "live targets per well, sample SD"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.live_targets.sd); }},
  {{"live_targets_cv_pct", "live targets per well, CV %"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.live_targets.cv_pct); }},
  {{"dead_targets_pct_mean", "dead % among targets, mean over wells"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.dead_targets_pct.mean); }},
  {{"dead_targets_pct_sd", "dead % among targets, SD over wells"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.dead_targets_pct.sd); }},
  {{"killing_target_loss_pct_mean", "target-loss killing %, mean over wells"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.killing_target_loss.mean); }},
  {{"killing_target_loss_pct_sd", "target-loss killing %, SD over wells"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.killing_target_loss.sd); }},
  {{"specific_death_pct_mean", "specific death %, mean over wells"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.specific_death.mean); }},
  {{"specific_death_pct_sd", "specific death %, SD over wells"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.specific_death.sd); }},
  {{"primary_metric", "quantification.primary_metric"}, [](std::string& o, const ConditionRow& r) { append_field(o, metric_name(r.c.primary_metric)); }},
  {{"killing_pct_mean", "primary killing metric %, mean"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.killing().mean); }},
  {{"killing_pct_sd", "primary killing metric %, SD"}, [](std::string& o, const ConditionRow& r) { append_number(o, r.c.killing().sd); }},
};
// clang-format on

template <class Row, std::size_t N>
std::vector<ColumnInfo> infos(const Column<Row> (&table)[N]) {
  std::vector<ColumnInfo> v;
  for (const auto& c : table) v.push_back(c.info);
  return v;
}

}  // namespace

std::span<const ColumnInfo> well_columns() {
  static const std::vector<ColumnInfo> kInfos = infos(kWellTable);
  return kInfos;
}

std::span<const ColumnInfo> condition_columns() {
  static const std::vector<ColumnInfo> kInfos = infos(kConditionTable);
  return kInfos;
}

std::string wells_csv(const PlateRunResult& r) {
  std::string out;
  const std::span<const Column<WellRow>> cols(kWellTable);
  detail::append_header(out, cols);
  for (const auto& w : r.quant.wells) detail::append_row(out, cols, WellRow{r.plate_name, w});
  return out;
}

std::string conditions_csv(const PlateRunResult& r) {
  std::string out;
  const std::span<const Column<ConditionRow>> cols(kConditionTable);
  detail::append_header(out, cols);
  for (const auto& c : r.quant.conditions) detail::append_row(out, cols, ConditionRow{r.plate_name, c});
  return out;
}

}  // namespace lysisq::io
