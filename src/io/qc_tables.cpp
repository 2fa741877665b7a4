// SPDX-License-Identifier: MIT
// qc.csv and run.json's "qc" and "history" objects: the QC verdicts of a run, one typed column
// table for both (value_table.hpp).
#include "result_json.hpp"

namespace lysisq::io {

namespace {

using namespace detail;

// clang-format off
const Column<QcResult> kQcTable[] = {
  {{"level", "image, well, condition, plate or run"}, [](const QcResult& r) { return text(qc_level_name(r.level)); }},
  {{"check", "check name (qc_checks(): saturation, focus, field_count, target_only_live, replicate_cv, lysis_range, "
             "spont_pct, max_net_cpm, max_window_ratio, z_prime, edge_effect, westgard)"},
   [](const QcResult& r) { return text(r.check); }},
  {{"subject", "what was checked: 'B03 s2 w1' (field, channel), a well, a condition, a target, a control"},
   [](const QcResult& r) { return text(r.subject); }},
  {{"value", "the measured value (empty: not evaluable)"}, [](const QcResult& r) { return number(r.value); }},
  {{"unit", "unit of value and limits"}, [](const QcResult& r) { return text(r.unit); }},
  {{"warn_limit", "beyond this the check warns (empty: no warn limit); on the value's side for ranges"},
   [](const QcResult& r) { return number(r.warn_limit); }},
  {{"fail_limit", "beyond this the check fails (empty: no fail limit)"}, [](const QcResult& r) { return number(r.fail_limit); }},
  {{"verdict", "pass, warn or fail; a value exactly at a limit passes"}, [](const QcResult& r) { return text(qc_verdict_name(r.verdict)); }},
  {{"message", "one line for people: subject, value, limit, verdict"}, [](const QcResult& r) { return text(r.message); }},
};
// clang-format on

}  // namespace

std::span<const ColumnInfo> qc_columns() { return column_infos<kQcTable>(); }

std::string qc_csv(std::span<const QcResult> qc) { return table_csv(kQcTable, qc); }

namespace detail {

Json qc_json(std::span<const QcResult> qc) {
  const QcCounts c = count_verdicts(qc);
  return Json{{"counts", Json{{"fail", c.fail}, {"warn", c.warn}, {"pass", c.pass}}},
              {"worst", qc_verdict_name(worst_verdict(qc))},
              {"results", table_json(kQcTable, qc)}};
}

Json history_json(const HistoryRunInfo& h) {
  Json j{{"status", h.status}, {"db_path", h.db_path}, {"run_id", h.run_id}, {"controls", h.controls}};
  if (!h.error.empty()) j["error"] = h.error;
  return j;
}

}  // namespace detail

}  // namespace lysisq::io
