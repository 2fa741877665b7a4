// SPDX-License-Identifier: MIT
// lytic_units.csv, selectivity.csv and cold_target.csv (either readout), and the same rows for
// run.json: one typed column table each.
#include <cmath>

#include "result_json.hpp"

namespace lysisq::io {

namespace {

using namespace detail;

struct LuRow {
  const std::string& plate;
  const std::string& measure;
  const LyticUnitRow& r;
};

/// "<" (x % not reached: LU below the bound) or ">" (x % exceeded at the lowest E:T: above it).
std::string bound_kind(const assay::LuResult& lu) {
  if (lu.status == assay::LuStatus::kNotReached) return "<";
  if (lu.status == assay::LuStatus::kBelowRange) return ">";
  return "";
}

Cell bound_value(const assay::LuResult& lu) { return bound_kind(lu).empty() ? Cell() : number(lu.bound); }

// clang-format off
const Column<LuRow> kLuTable[] = {
  {{"plate", "plate name"}, [](const LuRow& r) { return text(r.plate); }},
  {{"lysis_measure", "what %lysis is: specific_release (51Cr %SL), target_loss or specific_death (imaging)"}, [](const LuRow& r) { return text(r.measure); }},
  {{"effector", "effector cells"}, [](const LuRow& r) { return text(r.r.effector); }},
  {{"target", "target cells"}, [](const LuRow& r) { return text(r.r.target); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const LuRow& r) { return text(labels_text(r.r.labels)); }},
  {{"method", "lytic_units.method used"}, [](const LuRow& r) { return text(assay::lu_method_name(r.r.lu.method)); }},
  {{"lysis_x_pct", "x: % lysis defining one lytic unit"}, [](const LuRow& r) { return number(r.r.lu.lysis_pct); }},
  {{"per_effectors", "LU are per this many effectors (10^N)"}, [](const LuRow& r) { return number(std::pow(10.0, r.r.lu.per_exponent)); }},
  {{"targets_per_well", "T, targets seeded per well (layout)"}, [](const LuRow& r) { return number(r.r.targets_per_well); }},
  {{"status", "value, not_reached, below_range or undefined"}, [](const LuRow& r) { return text(assay::lu_status_name(r.r.lu.status)); }},
  {{"et_x", "(E:T)x, the ratio giving x % lysis (value only; never extrapolated)"}, [](const LuRow& r) { return number(r.r.lu.et_x); }},
  {{"lu", "LU_x per per_effectors effectors = per_effectors / (T x et_x) (value only)"}, [](const LuRow& r) { return number(r.r.lu.lu); }},
  {{"lu_bound_kind", "< : not reached, LU below lu_bound; > : below range, LU above lu_bound"}, [](const LuRow& r) { return text(bound_kind(r.r.lu)); }},
  {{"lu_bound", "per_effectors / (T x highest E:T) or / (T x lowest E:T)"}, [](const LuRow& r) { return bound_value(r.r.lu); }},
  {{"auc_pct_ln_et", "area under %lysis vs ln(E:T), trapezoid, signed (Dye 1991)"}, [](const LuRow& r) { return number(r.r.auc_pct_ln_et); }},
  {{"points_n", "E:T points in the series"}, [](const LuRow& r) { return integer(r.r.points_n); }},
  {{"points_used", "points the method used (after its exclusion rule)"}, [](const LuRow& r) { return integer(r.r.lu.fit.points_used); }},
  {{"fit_a", "fitted parameter a (exponential: plateau A; weibull/log_linear: intercept)"}, [](const LuRow& r) { return number(r.r.lu.fit.a); }},
  {{"fit_b", "fitted parameter b (exponential/one_hit: k; weibull/log_linear: slope)"}, [](const LuRow& r) { return number(r.r.lu.fit.b); }},
  {{"reason", "why there is no LU value"}, [](const LuRow& r) { return text(r.r.lu.reason); }},
};

struct SelRow {
  const std::string& plate;
  const std::string& measure;
  const EffectorSelectivity& e;
  const assay::AutologousComparison* c;  ///< null: the effector has no autologous-vs-line pair
};

const Column<SelRow> kSelTable[] = {
  {{"plate", "plate name"}, [](const SelRow& r) { return text(r.plate); }},
  {{"lysis_measure", "what %lysis is (see lytic_units.csv)"}, [](const SelRow& r) { return text(r.measure); }},
  {{"effector", "effector cells"}, [](const SelRow& r) { return text(r.e.effector); }},
  {{"labels", "extra condition labels, key=value;..."}, [](const SelRow& r) { return text(labels_text(r.e.labels)); }},
  {{"pattern", "non-lytic, autologous-selective, broad, NK-like or unclassified"}, [](const SelRow& r) { return text(assay::pattern_name(r.e.result.pattern)); }},
  {{"explanation", "the pattern in words with the numbers it rests on"}, [](const SelRow& r) { return text(r.e.result.explanation); }},
  {{"autologous", "autologous target of the comparison"}, [](const SelRow& r) { return r.c ? text(r.c->autologous) : Cell(); }},
  {{"cell_line", "cell line of the comparison"}, [](const SelRow& r) { return r.c ? text(r.c->cell_line) : Cell(); }},
  {{"lu_ratio_kind", "= value, > lower bound, < upper bound, ? undefined"}, [](const SelRow& r) { return r.c ? text(assay::ratio_kind_symbol(r.c->ratio_kind)) : Cell(); }},
  {{"lu_ratio", "LU autologous / LU cell line (or its bound)"}, [](const SelRow& r) { return r.c ? number(r.c->lu_ratio) : Cell(); }},
  {{"common_et", "highest E:T tested on both targets"}, [](const SelRow& r) { return r.c ? number(r.c->common_et) : Cell(); }},
  {{"lysis_diff_pct", "%lysis autologous - cell line at common_et"}, [](const SelRow& r) { return r.c ? number(r.c->lysis_diff_pct) : Cell(); }},
};

struct ColdRow {
  const std::string& plate;
  const std::string& measure;
  const ColdTargetInhibition& c;
};

const Column<ColdRow> kColdTable[] = {
  {{"plate", "plate name"}, [](const ColdRow& r) { return text(r.plate); }},
  {{"lysis_measure", "what %lysis is (see lytic_units.csv)"}, [](const ColdRow& r) { return text(r.measure); }},
  {{"effector", "effector cells"}, [](const ColdRow& r) { return text(r.c.effector); }},
  {{"target", "labelled (hot) target cells"}, [](const ColdRow& r) { return text(r.c.target); }},
  {{"labels", "labels of the condition with cold targets"}, [](const ColdRow& r) { return text(labels_text(r.c.labels)); }},
  {{"cold_target", "unlabelled target added (label cold_target)"}, [](const ColdRow& r) { return text(r.c.cold_target); }},
  {{"cold_ratio", "cold:hot target ratio (label cold_ratio)"}, [](const ColdRow& r) { return text(r.c.cold_ratio); }},
  {{"et_ratio", "effector:(hot) target ratio"}, [](const ColdRow& r) { return number(r.c.et_ratio); }},
  {{"lysis_with_cold_pct", "%lysis with cold targets"}, [](const ColdRow& r) { return number(r.c.lysis_with_cold_pct); }},
  {{"lysis_without_cold_pct", "%lysis of the same effector, target and E:T without"}, [](const ColdRow& r) { return number(r.c.lysis_without_cold_pct); }},
  {{"inhibition_pct", "(1 - with / without) x 100"}, [](const ColdRow& r) { return number(r.c.inhibition_pct); }},
  {{"reason", "why inhibition_pct is empty"}, [](const ColdRow& r) { return text(r.c.reason); }},
};
// clang-format on

std::vector<LuRow> lu_rows(const std::string& plate, const DoseResponseAnalysis& a) {
  return rows_of<LuRow>(a.lytic_units, plate, a.lysis_measure);
}

std::vector<SelRow> sel_rows(const std::string& plate, const DoseResponseAnalysis& a) {
  std::vector<SelRow> rows;
  for (const auto& e : a.selectivity) {
    if (e.result.comparisons.empty()) rows.push_back({plate, a.lysis_measure, e, nullptr});
    for (const auto& c : e.result.comparisons) rows.push_back({plate, a.lysis_measure, e, &c});
  }
  return rows;
}

std::vector<ColdRow> cold_rows(const std::string& plate, const DoseResponseAnalysis& a) {
  return rows_of<ColdRow>(a.cold_target, plate, a.lysis_measure);
}

const char* origin_name(TargetOrigin o) {
  switch (o) {
    case TargetOrigin::kAutologous: return "autologous";
    case TargetOrigin::kAllogeneic: return "allogeneic";
    case TargetOrigin::kCellLine: break;
  }
  return "cell_line";
}

const char* nk_name(NkClass k) {
  if (k == NkClass::kNkSensitive) return "nk_sensitive";
  if (k == NkClass::kNkResistant) return "nk_resistant";
  return "";
}

Json activity_json(const assay::TargetActivity& t) {
  auto num = [](double v) { return cell_json(number(v)); };
  return Json{{"target", t.name},
              {"origin", origin_name(t.origin)},
              {"nk_class", nk_name(t.nk_class)},
              {"max_et", num(t.max_et)},
              {"lysis_at_max_et_pct", num(t.lysis_at_max_et_pct)},
              {"lysed", t.lysed},
              {"lu_status", assay::lu_status_name(t.lu.status)},
              {"lu", num(t.lu.lu)},
              {"lu_bound_kind", bound_kind(t.lu)},
              {"lu_bound", cell_json(bound_value(t.lu))}};
}

}  // namespace

std::span<const ColumnInfo> lytic_unit_columns() { return column_infos<kLuTable>(); }
std::span<const ColumnInfo> selectivity_columns() { return column_infos<kSelTable>(); }
std::span<const ColumnInfo> cold_target_columns() { return column_infos<kColdTable>(); }

std::string lytic_units_csv(const std::string& plate, const DoseResponseAnalysis& a) {
  return table_csv(kLuTable, lu_rows(plate, a));
}
std::string selectivity_csv(const std::string& plate, const DoseResponseAnalysis& a) {
  return table_csv(kSelTable, sel_rows(plate, a));
}
std::string cold_target_csv(const std::string& plate, const DoseResponseAnalysis& a) {
  return table_csv(kColdTable, cold_rows(plate, a));
}

namespace detail {

Json dose_response_json(const std::string& plate, const DoseResponseAnalysis& a) {
  Json sel = Json::array();
  for (const auto& e : a.selectivity) {
    Json targets = Json::array();
    for (const auto& t : e.result.targets) targets.push_back(activity_json(t));
    std::vector<SelRow> comparisons;
    for (const auto& c : e.result.comparisons) comparisons.push_back({plate, a.lysis_measure, e, &c});
    sel.push_back(Json{{"effector", e.effector},
                       {"labels", e.labels},
                       {"pattern", assay::pattern_name(e.result.pattern)},
                       {"explanation", e.result.explanation},
                       {"targets", std::move(targets)},
                       {"comparisons", table_json(kSelTable, comparisons)}});
  }
  return Json{{"lysis_measure", a.lysis_measure},
              {"lytic_units", table_json(kLuTable, lu_rows(plate, a))},
              {"selectivity", std::move(sel)},
              {"cold_target", table_json(kColdTable, cold_rows(plate, a))}};
}

}  // namespace detail
}  // namespace lysisq::io
