// SPDX-License-Identifier: MIT
// batch_summary.csv rows: the columns table, filling a row from a result folder, CSV both ways.
#include "cli/batch_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lysisq/errors.hpp"
#include "report/csv_table.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;
using report::detail::CsvTable;

namespace {

struct SummaryColumn {
  io::ColumnInfo info;
  std::string SummaryRow::*field;
};

const SummaryColumn kColumns[] = {
    {{"plate", "plate name: the output folder OUT/<plate>"}, &SummaryRow::plate},
    {{"status", "ok, failed, or skipped (inputs, layout and config unchanged since the results were made)"},
     &SummaryRow::status},
    {{"reason", "why the plate failed or was skipped (one line)"}, &SummaryRow::reason},
    {{"input", "image folder, counter file or plate image"}, &SummaryRow::input},
    {{"layout", "plate layout file"}, &SummaryRow::layout},
    {{"readout", "fluorescence or chromium"}, &SummaryRow::readout},
    {{"wells", "rows of wells.csv"}, &SummaryRow::wells},
    {{"conditions", "rows of conditions.csv"}, &SummaryRow::conditions},
    {{"objects", "segmented objects (fluorescence; run.json counts.objects)"}, &SummaryRow::objects},
    {{"worst_qc", "worst verdict of qc.csv: pass, warn or fail (empty without qc.csv)"}, &SummaryRow::worst_qc},
    {{"lytic_units", "per effector and target: LU (3 significant digits), a bound such as <2.1, or the status"},
     &SummaryRow::lytic_units},
    {{"selectivity", "per effector: the selectivity pattern"}, &SummaryRow::selectivity},
    {{"elapsed_s", "wall time of the plate in this invocation (empty when skipped)"}, &SummaryRow::elapsed_s},
};

std::optional<nlohmann::json> read_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    if (j.is_object()) return j;
  } catch (const nlohmann::json::exception&) {
  }
  return std::nullopt;
}

std::optional<CsvTable> read_table(const fs::path& file) {
  try {
    return report::detail::read_csv_if_exists(file);
  } catch (const InputError&) {
    return std::nullopt;
  }
}

int verdict_rank(const std::string& v) { return v == "fail" ? 2 : v == "warn" ? 1 : v == "pass" ? 0 : -1; }

std::string worst_verdict(const CsvTable& qc) {
  int worst = -1;
  for (std::size_t r = 0; r < qc.size(); ++r) worst = std::max(worst, verdict_rank(qc.cell(r, "verdict")));
  return worst == 2 ? "fail" : worst == 1 ? "warn" : worst == 0 ? "pass" : "";
}

std::string sig3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

/// "LAK-D1 vs K562: 193; LAK-D1 vs DAUDI: <2.1; NK vs MEL: not_reached".
std::string lytic_units_text(const CsvTable& t) {
  std::string out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::string who = t.cell(r, "effector");
    if (!t.cell(r, "labels").empty()) who += " (" + t.cell(r, "labels") + ")";
    who += " vs " + t.cell(r, "target");
    std::string what = t.cell(r, "status");
    if (const auto lu = t.number(r, "lu")) what = sig3(*lu);
    else if (const auto b = t.number(r, "lu_bound")) what = t.cell(r, "lu_bound_kind") + sig3(*b);
    out += (out.empty() ? "" : "; ") + who + ": " + what;
  }
  return out;
}

/// "LAK-D1: broad; TIL-P1: autologous-selective", one entry per effector (and labels).
std::string selectivity_text(const CsvTable& t) {
  std::vector<std::string> seen;
  std::string out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::string who = t.cell(r, "effector");
    if (!t.cell(r, "labels").empty()) who += " (" + t.cell(r, "labels") + ")";
    if (std::find(seen.begin(), seen.end(), who) != seen.end()) continue;
    seen.push_back(who);
    out += (out.empty() ? "" : "; ") + who + ": " + t.cell(r, "pattern");
  }
  return out;
}

}  // namespace

std::span<const io::ColumnInfo> summary_columns() {
  static const std::vector<io::ColumnInfo> cols = [] {
    std::vector<io::ColumnInfo> v;
    for (const auto& c : kColumns) v.push_back(c.info);
    return v;
  }();
  return cols;
}

bool results_complete(const fs::path& dir, std::string* start_time_utc) {
  const auto j = read_json(dir / "run.json");
  if (!j || !j->value("complete", false)) return false;
  const auto outputs = j->find("outputs");
  if (outputs == j->end() || !outputs->is_array()) return false;
  for (const auto& o : *outputs) {
    std::error_code ec;
    if (!o.is_string() || !fs::is_regular_file(dir / o.get<std::string>(), ec)) return false;
  }
  if (start_time_utc) *start_time_utc = j->value("start_time_utc", "");
  return true;
}

void fill_from_results(SummaryRow& row, const fs::path& dir) {
  if (const auto t = read_table(dir / "wells.csv")) row.wells = std::to_string(t->size());
  if (const auto t = read_table(dir / "conditions.csv")) row.conditions = std::to_string(t->size());
  if (const auto t = read_table(dir / "qc.csv")) row.worst_qc = worst_verdict(*t);
  if (const auto t = read_table(dir / "lytic_units.csv")) row.lytic_units = lytic_units_text(*t);
  if (const auto t = read_table(dir / "selectivity.csv")) row.selectivity = selectivity_text(*t);
  if (const auto j = read_json(dir / "run.json")) {
    const auto counts = j->find("counts");
    if (counts != j->end() && counts->is_object() && counts->contains("objects") && (*counts)["objects"].is_number())
      row.objects = std::to_string((*counts)["objects"].get<long long>());
  }
}

std::string summary_csv(std::span<const SummaryRow> rows) {
  std::string out;
  for (std::size_t i = 0; i < std::size(kColumns); ++i) out.append(i ? "," : "").append(io::csv_field(kColumns[i].info.name));
  out += '\n';
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < std::size(kColumns); ++i) out.append(i ? "," : "").append(io::csv_field(r.*kColumns[i].field));
    out += '\n';
  }
  return out;
}

std::vector<SummaryRow> parse_summary_csv(std::string_view text, const std::string& origin) {
  const CsvTable t = report::detail::parse_csv(text);
  for (std::size_t i = 0; i < std::size(kColumns); ++i)
    if (i >= t.header.size() || t.header[i] != kColumns[i].info.name)
      throw InputError(origin + ": not a lysisq batch summary (column " + std::to_string(i + 1) + " should be '" +
                       std::string(kColumns[i].info.name) + "')");
  std::vector<SummaryRow> rows;
  for (std::size_t r = 0; r < t.size(); ++r) {
    SummaryRow row;
    for (const auto& c : kColumns) row.*c.field = t.cell(r, c.info.name);
    rows.push_back(std::move(row));
  }
  return rows;
}

int batch_exit_status(std::span<const SummaryRow> rows) {
  const auto any = [&](auto pred) { return std::any_of(rows.begin(), rows.end(), pred); };
  if (any([](const SummaryRow& r) { return r.status == "failed"; })) return static_cast<int>(ExitStatus::kSomeFailed);
  if (any([](const SummaryRow& r) { return r.worst_qc == "fail"; }))
    return static_cast<int>(ExitStatus::kQcFailed);
  return static_cast<int>(ExitStatus::kOk);
}

std::string status_counts(std::span<const SummaryRow> rows) {
  std::string out;
  for (const char* s : {"ok", "failed", "skipped"}) {
    const auto n = std::count_if(rows.begin(), rows.end(), [&](const SummaryRow& r) { return r.status == s; });
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + s;
  }
  return out;
}

}  // namespace lysisq::batch
