// SPDX-License-Identifier: MIT
// `lysisq history [--db PATH] list | controls | trend CONTROL`: the run history as tables or CSV,
// with Levey-Jennings z-scores and Westgard rules (lysisq/history.hpp).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
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
[[noreturn]] void unknown_control(const fs::path& p, const std::string& control, const std::vector<std::string>& known) {
  std::string names;
  for (std::size_t i = 0; i < known.size() && i < 8; ++i) names += (i ? ", " : "") + ("'" + known[i] + "'");
  if (known.size() > 8) names += ", ...";
  throw InputError("history database " + p.string() + ": no run has control '" + control + "'; " +
                   (known.empty() ? std::string("no controls recorded yet")
                                  : "recorded: " + names + " (see `lysisq history controls`)"));
}

int trend(const HistoryArgs& a) {
  const fs::path p = db_path(a);
  const auto db = open_existing(p);
  const auto series = db ? db->series(a.control) : std::vector<history::SeriesPoint>{};
  if (series.empty()) unknown_control(p, a.control, db ? db->controls() : std::vector<std::string>{});
  const auto verdicts = history::evaluate_series(a.control, series);
  Table t = {{"time_utc", "plate", "value", "unit", "lj_mean", "lj_sd", "lj_n", "z", "qc", "rules", "note"}};
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = verdicts[i];
    const bool lim = v.limits.has_value();
    t.push_back({series[i].time_utc, series[i].plate, num("%.6g", v.value), v.unit, lim ? num("%.6g", v.limits->mean) : "",
                 lim ? num("%.4g", v.limits->sd) : "", lim ? std::to_string(v.limits->n) : "",
                 lim ? num("%+.2f", v.z) : "", history::verdict_name(v.verdict), joined_rules(v), v.note});
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

const char* kHistoryHelp =
    "Run history: control values of past runs on a Levey-Jennings chart, judged by the Westgard rules\n"
    "(1-2s warn; 1-3s, 2-2s, R-4s, 4-1s, 10-x fail). Limits: mean and SD of a control's first 20 runs\n"
    "(provisional from 5 to 19 earlier runs, when rule violations only warn).\n"
    "Database: --db PATH, else $LYSISQ_HISTORY_DB, else $XDG_DATA_HOME/lysisq/history.sqlite,\n"
    "else ~/.local/share/lysisq/history.sqlite";

}  // namespace

std::vector<Command> add_history_commands(CLI::App& root) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* hist = root.add_subcommand("history", kHistoryHelp);
  hist->require_subcommand(1);
  hist->fallthrough();  // --db also after the sub-command
  hist->add_option("--db", args->db, "History database (default: $LYSISQ_HISTORY_DB or ~/.local/share/lysisq/history.sqlite)")
      ->type_name("PATH");
  decorate(*hist);

  CLI::App* list = hist->add_subcommand("list", "List recorded runs: time, plate, assay, version, worst QC verdict");
  list->add_flag("--csv", args->csv, "CSV on stdout instead of a table");
  decorate(*list);
  CLI::App* ctl = hist->add_subcommand("controls", "List the recorded control names with their number of runs");
  ctl->add_flag("--csv", args->csv, "CSV on stdout instead of a table");
  decorate(*ctl);
  CLI::App* tr = hist->add_subcommand(
      "trend", "One control over the runs: value, Levey-Jennings mean/SD, z-score, Westgard rules fired");
  tr->add_option("CONTROL", args->control, "Control name, e.g. \"K562 %spont\" (see `history controls`)")->required();
  tr->add_flag("--csv", args->csv, "CSV on stdout instead of a table");
  decorate(*tr);
  return {{list, [args] { return list_runs(*args); }},
          {ctl, [args] { return list_controls(*args); }},
          {tr, [args] { return trend(*args); }}};
}

}  // namespace lysisq::cli
