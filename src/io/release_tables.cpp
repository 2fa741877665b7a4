// SPDX-License-Identifier: MIT
// Release (51Cr) plates: wells.csv, conditions.csv and controls.csv, and the same rows for
// run.json. Units are in the names (cpm, pct); one typed column table each.
#include "result_json.hpp"

namespace lysisq::io {

namespace {

using namespace detail;

struct WellRow {
  const std::string& plate;
  const ReleaseWell& w;
  std::string image_flags;
};

std::string excluded_text(const std::vector<WellExclusion>& ex) {
  std::vector<WellId> wells;
  for (const auto& e : ex) wells.push_back(e.well);
  return wells_text(wells);
}

std::string flags_text(const assay::ReleaseResult& r) {
  std::string s = r.above_max_flag ? "above_max" : "";
  if (r.below_min_flag) s += s.empty() ? "below_min" : ";below_min";
  return s;
}

// clang-format off
const Column<WellRow> kWellTable[] = {
  {{"plate", "plate name (the layout's)"}, [](const WellRow& r) { return text(r.plate); }},
  {{"well", "well, A01 form"}, [](const WellRow& r) { return text(r.w.assignment.well.str()); }},
  {{"role", "layout role"}, [](const WellRow& r) { return text(role_name(r.w.assignment.role)); }},
  {{"target", "target cells"}, [](const WellRow& r) { return text(r.w.assignment.target); }},
  {{"effector", "effector cells"}, [](const WellRow& r) { return text(r.w.assignment.effector); }},
  {{"et_ratio", "effector:target ratio (0 for controls)"}, [](const WellRow& r) { return number(r.w.assignment.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const WellRow& r) { return text(labels_text(r.w.assignment.labels)); }},
  {{"cpm", "counts per minute (plate image: calibrated cpm equivalent)"}, [](const WellRow& r) { return number(r.w.cpm); }},
  {{"excluded", "1 if dropped by the outlier rule (release.outliers)"}, [](const WellRow& r) { return integer(r.w.excluded ? 1 : 0); }},
  {{"image_flags", "plate image QC: saturated, spillover, partly_outside, no_spot"}, [](const WellRow& r) { return text(r.image_flags); }},
};

struct ConditionRow {
  const std::string& plate;
  const ReleaseCondition& c;
  const ReleaseControlResult* controls;
};

Cell spont_mean(const ConditionRow& r) { return r.controls ? number(r.controls->summary.spontaneous.mean) : Cell(); }
Cell max_mean(const ConditionRow& r) { return r.controls ? number(r.controls->summary.maximum.mean) : Cell(); }
/// Effector-only mean only when such wells were used (otherwise the isotopic formula applied).
Cell eff_mean(const ConditionRow& r) {
  return r.c.release.effector_only.n > 0 ? number(r.c.release.effector_only.mean) : Cell();
}

const Column<ConditionRow> kConditionTable[] = {
  {{"plate", "plate name"}, [](const ConditionRow& r) { return text(r.plate); }},
  {{"role", "layout role (experimental)"}, [](const ConditionRow&) { return text(role_name(WellRole::kExperimental)); }},
  {{"target", "target cells"}, [](const ConditionRow& r) { return text(r.c.target); }},
  {{"effector", "effector cells"}, [](const ConditionRow& r) { return text(r.c.effector); }},
  {{"et_ratio", "effector:target ratio"}, [](const ConditionRow& r) { return number(r.c.et_ratio); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const ConditionRow& r) { return text(labels_text(r.c.labels)); }},
  {{"replicates_n", "replicate wells in the layout"}, [](const ConditionRow& r) { return integer(std::int64_t(r.c.wells.size())); }},
  {{"wells", "replicate wells, space-separated"}, [](const ConditionRow& r) { return text(wells_text(r.c.wells)); }},
  {{"cpm_n", "replicate wells used (after exclusions)"}, [](const ConditionRow& r) { return integer(r.c.release.experimental.n); }},
  {{"cpm_mean", "experimental cpm, mean E"}, [](const ConditionRow& r) { return number(r.c.release.experimental.mean); }},
  {{"cpm_sd", "experimental cpm, sample SD"}, [](const ConditionRow& r) { return number(r.c.release.experimental.sd); }},
  {{"cpm_cv_pct", "experimental cpm, CV %"}, [](const ConditionRow& r) { return number(r.c.release.experimental.cv_pct); }},
  {{"spontaneous_cpm_mean", "S: the target's spontaneous release, mean cpm"}, spont_mean},
  {{"maximum_cpm_mean", "M: the target's maximum release, mean cpm"}, max_mean},
  {{"effector_only_wells", "effector-only wells used (non-isotopic release)"}, [](const ConditionRow& r) { return text(wells_text(r.c.effector_only_wells)); }},
  {{"effector_only_cpm_mean", "Eff: effector-only mean cpm (empty: isotopic formula)"}, eff_mean},
  {{"lysis_pct", "%SL = (E - Eff - S) / (M - S) x 100, signed"}, [](const ConditionRow& r) { return number(r.c.release.lysis_pct); }},
  {{"lysis_sd_pct", "SD of %SL = SD(E) / (M - S) x 100"}, [](const ConditionRow& r) { return number(r.c.release.lysis_sd_pct); }},
  {{"lysis_sd_delta_pct", "delta-method SD including control error (release.delta_method_sd)"}, [](const ConditionRow& r) { return number(r.c.release.lysis_sd_delta_pct); }},
  {{"flags", "above_max, below_min (release.flag_above_pct / flag_below_pct)"}, [](const ConditionRow& r) { return text(flags_text(r.c.release)); }},
  {{"excluded_wells", "wells dropped by release.outliers"}, [](const ConditionRow& r) { return text(excluded_text(r.c.exclusions)); }},
  {{"reason", "why lysis_pct is empty"}, [](const ConditionRow& r) { return text(r.c.release.reason); }},
};

struct ControlRow {
  const std::string& plate;
  const ReleaseControlResult& c;
};

const Column<ControlRow> kControlTable[] = {
  {{"plate", "plate name"}, [](const ControlRow& r) { return text(r.plate); }},
  {{"target", "target cells"}, [](const ControlRow& r) { return text(r.c.target); }},
  {{"spontaneous_wells", "spontaneous-release wells"}, [](const ControlRow& r) { return text(wells_text(r.c.spontaneous_wells)); }},
  {{"spontaneous_n", "spontaneous wells used"}, [](const ControlRow& r) { return integer(r.c.summary.spontaneous.n); }},
  {{"spontaneous_cpm_mean", "S, mean cpm"}, [](const ControlRow& r) { return number(r.c.summary.spontaneous.mean); }},
  {{"spontaneous_cpm_sd", "S, sample SD cpm"}, [](const ControlRow& r) { return number(r.c.summary.spontaneous.sd); }},
  {{"spontaneous_cpm_cv_pct", "S, CV %"}, [](const ControlRow& r) { return number(r.c.summary.spontaneous.cv_pct); }},
  {{"maximum_wells", "maximum-release (detergent) wells"}, [](const ControlRow& r) { return text(wells_text(r.c.maximum_wells)); }},
  {{"maximum_n", "maximum wells used"}, [](const ControlRow& r) { return integer(r.c.summary.maximum.n); }},
  {{"maximum_cpm_mean", "M, mean cpm"}, [](const ControlRow& r) { return number(r.c.summary.maximum.mean); }},
  {{"maximum_cpm_sd", "M, sample SD cpm"}, [](const ControlRow& r) { return number(r.c.summary.maximum.sd); }},
  {{"maximum_cpm_cv_pct", "M, CV %"}, [](const ControlRow& r) { return number(r.c.summary.maximum.cv_pct); }},
  {{"background_n", "background (medium) wells used; the plate's, shared by all targets"}, [](const ControlRow& r) { return integer(r.c.summary.background.n); }},
  {{"background_cpm", "b, mean background cpm (0 without background wells)"}, [](const ControlRow& r) { return number(r.c.summary.background_cpm); }},
  {{"spont_pct", "%spont = (S - b) / (M - b) x 100"}, [](const ControlRow& r) { return number(r.c.summary.spont_pct); }},
  {{"net_max_cpm", "net maximum release M - b"}, [](const ControlRow& r) { return number(r.c.summary.net_max_cpm); }},
  {{"window_ratio", "(M - b) / (S - b)"}, [](const ControlRow& r) { return number(r.c.summary.window_ratio); }},
  {{"z_prime", "Z' = 1 - 3 (sd_M + sd_S) / |M - S|"}, [](const ControlRow& r) { return number(r.c.summary.z_prime); }},
  {{"excluded_wells", "control wells dropped by release.outliers"}, [](const ControlRow& r) { return text(excluded_text(r.c.exclusions)); }},
  {{"reason", "why a number above is empty"}, [](const ControlRow& r) { return text(r.c.summary.reason); }},
};
// clang-format on

std::vector<WellRow> well_rows(const ReleaseRunResult& r) {
  std::map<WellId, unsigned> flags;
  if (r.source.image)
    for (const auto& w : r.source.image->wells) flags[w.well] = w.flags;
  std::vector<WellRow> rows;
  for (const auto& w : r.quant.wells) {
    const auto it = flags.find(w.assignment.well);
    rows.push_back({r.plate_name, w, it == flags.end() ? std::string() : well_image_flag_names(it->second)});
  }
  return rows;
}

std::vector<ConditionRow> condition_rows(const ReleaseRunResult& r) {
  std::vector<ConditionRow> rows;
  for (const auto& c : r.quant.conditions) {
    const ReleaseControlResult* ctl = nullptr;
    for (const auto& k : r.quant.controls)
      if (k.target == c.target) ctl = &k;
    rows.push_back({r.plate_name, c, ctl});
  }
  return rows;
}

std::vector<ControlRow> control_rows(const ReleaseRunResult& r) {
  return rows_of<ControlRow>(r.quant.controls, r.plate_name);
}

}  // namespace

std::span<const ColumnInfo> release_well_columns() { return column_infos<kWellTable>(); }
std::span<const ColumnInfo> release_condition_columns() { return column_infos<kConditionTable>(); }
std::span<const ColumnInfo> control_columns() { return column_infos<kControlTable>(); }

std::string release_wells_csv(const ReleaseRunResult& r) { return table_csv(kWellTable, well_rows(r)); }
std::string release_conditions_csv(const ReleaseRunResult& r) { return table_csv(kConditionTable, condition_rows(r)); }
std::string controls_csv(const ReleaseRunResult& r) { return table_csv(kControlTable, control_rows(r)); }

namespace detail {

Json release_tables_json(const ReleaseRunResult& r) {
  Json excl = Json::array();
  auto add = [&](const std::vector<WellExclusion>& ex) {
    for (const auto& e : ex)
      excl.push_back(Json{{"well", e.well.str()}, {"group", e.group}, {"cpm", e.cpm}, {"robust_z", e.robust_z}});
  };
  for (const auto& c : r.quant.controls) add(c.exclusions);
  for (const auto& c : r.quant.conditions) add(c.exclusions);
  return Json{{"wells", table_json(kWellTable, well_rows(r))},
              {"controls", table_json(kControlTable, control_rows(r))},
              {"conditions", table_json(kConditionTable, condition_rows(r))},
              {"exclusions", std::move(excl)}};
}

}  // namespace detail
}  // namespace lysisq::io
