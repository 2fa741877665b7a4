// SPDX-License-Identifier: MIT
// `lysisq history [--db PATH] list | controls | trend CONTROL`: the run history as tables or CSV,
// with Levey-Jennings z-scores and Westgard rules (lysisq/history.hpp).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_common.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/history.hpp"

namespace lysisq::cli {

namespace {

namespace fs = std::filesystem;
using Table = std::vector<std::vector<std::string>>;  ///< first row: the header

struct HistoryArgs {
  std::string db;
  std::string control;
  bool csv = false;
  bool json = false;
};

fs::path db_path(const HistoryArgs& a) { return a.db.empty() ? history::default_db_path() : fs::path(a.db); }

/// Reading commands never create a database: a missing file reads as an empty history.
std::optional<history::HistoryDb> open_existing(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  return history::HistoryDb(p);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string num(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// CSV (RFC 4180 quoting) or an aligned text table, on stdout.
void print_table(const Table& t, bool csv) {
  std::vector<std::size_t> width(t.front().size(), 0);
  for (const auto& row : t)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : t) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (csv) {
        line += (i ? "," : "") + csv_field(row[i]);
      } else {
        line += row[i];
        if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
      }
    }
    while (!csv && !line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
}

int list_runs(const HistoryArgs& a) {
  const fs::path p = db_path(a);
  const auto db = open_existing(p);
  const auto runs = db ? db->runs() : std::vector<history::RunRecord>{};
  Table t = {{"time_utc", "plate", "assay", "version", "qc", "controls", "run_id"}};
  for (const auto& r : runs)
    t.push_back({r.time_utc, r.plate, r.assay, r.tool_version, history::verdict_name(history::worst_verdict(r)),
                 std::to_string(r.controls.size()), r.run_id});
  if (runs.empty() && !a.csv) {
    std::printf("no runs recorded in %s\n", p.c_str());
    return 0;
  }
  print_table(t, a.csv);
  return 0;
}

int list_controls(const HistoryArgs& a) {
  const fs::path p = db_path(a);
  const auto db = open_existing(p);
  Table t = {{"control", "runs", "unit"}};
  for (const auto& c : db ? db->controls() : std::vector<std::string>{}) {
    const auto s = db->series(c);
    t.push_back({c, std::to_string(s.size()), s.back().unit});
  }
  if (t.size() == 1 && !a.csv) {
    std::printf("no controls recorded in %s\n", p.c_str());
    return 0;
  }
  print_table(t, a.csv);
  return 0;
}

std::string joined_rules(const history::ControlVerdict& v) {
  std::string s;
  for (const auto& h : v.hits) s += (s.empty() ? "" : " ") + std::string(history::rule_info(h.rule).name);
  return s;
}

/// A missing control is an error naming the database and the controls it does have.
[[noreturn]] void unknown_control(const fs::path& p, const std::string& control,
                                  const std::vector<std::string>& known) {
  std::string names;
  for (std::size_t i = 0; i < known.size() && i < 8; ++i) names += (i ? ", " : "") + ("'" + known[i] + "'");
  if (known.size() > 8) names += ", ...";
  throw InputError("history database " + p.string() + ": no run has control '" + control + "'; " +
                   (known.empty() ? std::string("no controls recorded yet")
                                  : "recorded: " + names + " (see `lysisq history controls`)"));
}

/// The series as JSON: {"control", "unit", "points": [...]}, one point per run with the CSV
/// columns as keys (numbers as numbers, null without limits): what `lysisq report
/// --history-json` reads.
void print_trend_json(const std::string& control, const std::vector<history::SeriesPoint>& series,
                      const std::vector<history::ControlVerdict>& verdicts) {
  nlohmann::json points = nlohmann::json::array();
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = verdicts[i];
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& h : v.hits)
      rules.push_back({{"rule", history::rule_info(h.rule).name},
                       {"verdict", history::verdict_name(h.verdict)},
                       {"explanation", h.explanation}});
    const bool lim = v.limits.has_value();
    points.push_back({{"run_id", series[i].run_id},
                      {"time_utc", series[i].time_utc},
                      {"plate", series[i].plate},
                      {"value", v.value},
                      {"unit", v.unit},
                      {"lj_mean", lim ? nlohmann::json(v.limits->mean) : nullptr},
                      {"lj_sd", lim ? nlohmann::json(v.limits->sd) : nullptr},
                      {"lj_n", lim ? nlohmann::json(v.limits->n) : nullptr},
                      {"z", lim ? nlohmann::json(v.z) : nullptr},
                      {"qc", history::verdict_name(v.verdict)},
                      {"rules", rules},
                      {"note", v.note}});
  }
  const nlohmann::json out = {{"control", control}, {"unit", series.back().unit}, {"points", points}};
  std::printf("%s\n", out.dump(2).c_str());
}

int trend(const HistoryArgs& a) {
  const fs::path p = db_path(a);
  const auto db = open_existing(p);
  const auto series = db ? db->series(a.control) : std::vector<history::SeriesPoint>{};
  if (series.empty()) unknown_control(p, a.control, db ? db->controls() : std::vector<std::string>{});
  const auto verdicts = history::evaluate_series(a.control, series);
  if (a.json) {
    print_trend_json(a.control, series, verdicts);
    return 0;
  }
  Table t = {{"time_utc", "plate", "value", "unit", "lj_mean", "lj_sd", "lj_n", "z", "qc", "rules", "note"}};
  if (a.csv) t[0].push_back("run_id");
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = verdicts[i];
    const bool lim = v.limits.has_value();
    t.push_back({series[i].time_utc, series[i].plate, num("%.6g", v.value), v.unit,
                 lim ? num("%.6g", v.limits->mean) : "", lim ? num("%.4g", v.limits->sd) : "",
                 lim ? std::to_string(v.limits->n) : "", lim ? num("%+.2f", v.z) : "", history::verdict_name(v.verdict),
                 joined_rules(v), v.note});
    if (a.csv) t.back().push_back(series[i].run_id);
  }
  if (!a.csv) std::printf("%s\n", a.control.c_str());
  print_table(t, a.csv);
  if (a.csv) return 0;
  for (std::size_t i = 0; i < series.size(); ++i)
    for (const auto& h : verdicts[i].hits)
      std::printf("%s %s: %s %s: %s\n", series[i].time_utc.c_str(), series[i].plate.c_str(),
                  std::string(history::rule_info(h.rule).name).c_str(), history::verdict_name(h.verdict),
                  h.explanation.c_str());
  return 0;
}

const char* kHistoryNotes =
    "Control values of past runs on a Levey-Jennings chart, judged by the Westgard rules (1-2s warn;\n"
    "1-3s, 2-2s, R-4s, 4-1s, 10-x fail). Limits: mean and SD of a control's first 20 runs; from 5 to 19\n"
    "earlier runs they are provisional and rule violations only warn.\n"
    "Database: --db PATH, else $LYSISQ_HISTORY_DB, else $XDG_DATA_HOME/lysisq/history.sqlite,\n"
    "else ~/.local/share/lysisq/history.sqlite. Reading never creates it.\n\n";

/// --version, and the history notes above the exit-status table.
void decorate_history(CLI::App& app) {
  decorate(app);
  app.footer(kHistoryNotes + exit_status_text());
}

}  // namespace

std::vector<Command> add_history_commands(CLI::App& root) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* hist = root.add_subcommand(
      "history", "Run history: list runs, trend a control against Levey-Jennings limits and Westgard rules");
  hist->require_subcommand(1);
  hist->fallthrough();  // --db also after the sub-command
  hist->add_option("--db", args->db,
                   "History database (default: $LYSISQ_HISTORY_DB or ~/.local/share/lysisq/history.sqlite)")
      ->type_name("PATH");
  decorate_history(*hist);

  CLI::App* list = hist->add_subcommand("list", "List recorded runs: time, plate, assay, version, worst QC verdict");
  list->add_flag("--csv", args->csv, "CSV on stdout instead of a table");
  decorate_history(*list);
  CLI::App* ctl = hist->add_subcommand("controls", "List the recorded control names with their number of runs");
  ctl->add_flag("--csv", args->csv, "CSV on stdout instead of a table");
  decorate_history(*ctl);
  CLI::App* tr = hist->add_subcommand(
      "trend", "One control over the runs: value, Levey-Jennings mean/SD, z-score, Westgard rules fired");
  tr->add_option("CONTROL", args->control, "Control name, e.g. \"K562 %spont\" (see `history controls`)")->required();
  tr->add_flag("--csv", args->csv, "CSV on stdout instead of a table");
  tr->add_flag("--json", args->json, "JSON on stdout (the file `lysisq report --history-json` reads)")
      ->excludes("--csv");
  decorate_history(*tr);
  return {{list, [args] { return list_runs(*args); }},
          {ctl, [args] { return list_controls(*args); }},
          {tr, [args] { return trend(*args); }}};
}

}  // namespace lysisq::cli
