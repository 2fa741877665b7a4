// SPDX-License-Identifier: MIT
// `lysisq history`: list on an empty or missing database, trend of an unknown control (exit 2,
// one line), and a trend whose newest run breaks a Westgard rule, as table and CSV.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/cli_harness.hpp"
#include "lysisq/history.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using test::run_lysisq;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// Points LYSISQ_HISTORY_DB at `path` for the children this test starts; restores it after.
class HistoryEnv {
 public:
  explicit HistoryEnv(const std::filesystem::path& path) {
    if (const char* v = std::getenv("LYSISQ_HISTORY_DB")) saved_ = v;
    ::setenv("LYSISQ_HISTORY_DB", path.c_str(), 1);
  }
  ~HistoryEnv() { saved_ ? ::setenv("LYSISQ_HISTORY_DB", saved_->c_str(), 1) : ::unsetenv("LYSISQ_HISTORY_DB"); }

 private:
  std::optional<std::string> saved_;
};

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// 20 quiet runs of "K562 %spont" (7 and 8 alternating) and then one at 12 (far beyond 3 SD).
void fill(const std::filesystem::path& db_path) {
  history::HistoryDb db(db_path);
  for (int i = 0; i <= 20; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2026-02-%02dT09:30:00Z", i + 1);
    const double spont = i == 20 ? 12.0 : 7.0 + i % 2;
    // Appended, not `"run" + std::string`: GCC 12 -Wrestrict false positive.
    std::string id = "run", plate = "P";
    id += std::to_string(i);
    plate += std::to_string(i);
    db.record_run({id,
                   plate,
                   time,
                   "0.1",
                   "51cr",
                   {{"K562 %spont", spont, "%"}},
                   {{"Z'", i == 20 ? history::Verdict::kWarn : history::Verdict::kPass}}});
  }
}

}  // namespace

TEST_CASE("cli history: list on a missing and on an empty database", "[cli]") {
  test::TempDir tmp;
  const auto db = tmp / "h.sqlite";
  const HistoryEnv env(db);
  auto r = run_lysisq({"history", "list"}, tmp / "s1");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(contains(r.out, "no runs recorded"));
  REQUIRE_FALSE(std::filesystem::exists(db));  // reading never creates the database

  { history::HistoryDb create(db); }
  r = run_lysisq({"history", "list", "--csv"}, tmp / "s2");
  REQUIRE(r.status == 0);
  REQUIRE(lines_of(r.out) == std::vector<std::string>{"time_utc,plate,assay,version,qc,controls,run_id"});
  REQUIRE(r.err.empty());
}

TEST_CASE("cli history: trend of an unknown control is exit 2 with one error line", "[cli]") {
  test::TempDir tmp;
  const auto db = tmp / "h.sqlite";
  const HistoryEnv env(db);
  for (bool filled : {false, true}) {
    if (filled) fill(db);
    const auto r = run_lysisq({"history", "trend", "Daudi %spont"}, tmp / "s");
    CAPTURE(filled, r.err);
    REQUIRE(r.status == 2);
    const auto lines = r.err_lines();
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].rfind("lysisq: error: ", 0) == 0);
    REQUIRE(contains(lines[0], "Daudi %spont"));
    REQUIRE(contains(lines[0], db.string()));
    if (filled) REQUIRE(contains(lines[0], "K562 %spont"));  // names what is there
  }
}

TEST_CASE("cli history: trend shows z-scores and the rules the newest run broke", "[cli]") {
  test::TempDir tmp;
  const auto db = tmp / "elsewhere.sqlite";
  fill(db);
  const HistoryEnv env(tmp / "unused.sqlite");  // --db wins over the variable

  auto r = run_lysisq({"history", "--db", db.string(), "trend", "K562 %spont", "--csv"}, tmp / "s1");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  const auto rows = lines_of(r.out);
  REQUIRE(rows.size() == 22);  // header + 21 runs
  REQUIRE(rows[0] == "time_utc,plate,value,unit,lj_mean,lj_sd,lj_n,z,qc,rules,note,run_id");
  CAPTURE(rows.back());
  // 12 vs mean 7.5, SD 0.513 (20 runs): z = +8.77.
  REQUIRE(rows.back() == "2026-02-21T09:30:00Z,P20,12,%,7.5,0.513,20,+8.77,fail,1-2s 1-3s,,run20");
  REQUIRE(contains(rows[1], ",pass,,no limits yet"));

  r = run_lysisq({"history", "trend", "K562 %spont", "--db", db.string()}, tmp / "s2");  // table, --db after
  REQUIRE(r.status == 0);
  REQUIRE(contains(r.out, "1-3s fail: run beyond +3 SD"));

  r = run_lysisq({"history", "--db", db.string(), "trend", "K562 %spont", "--json"}, tmp / "s4");
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["control"] == "K562 %spont");
  REQUIRE(j["points"].size() == 21);
  REQUIRE(j["points"][0]["lj_mean"].is_null());
  const auto& last = j["points"][20];
  REQUIRE(last["lj_mean"].get<double>() == Approx(7.5));
  REQUIRE(last["lj_n"] == 20);
  REQUIRE(last["qc"] == "fail");
  REQUIRE(last["rules"][1]["rule"] == "1-3s");

  r = run_lysisq({"history", "--db", db.string(), "list"}, tmp / "s3");
  REQUIRE(r.status == 0);
  REQUIRE(lines_of(r.out).size() == 22);
  REQUIRE(contains(lines_of(r.out).back(), "warn"));
  REQUIRE(std::filesystem::exists(tmp / "unused.sqlite") == false);
}

TEST_CASE("cli history: --help names the default database and the exit statuses", "[cli]") {
  test::TempDir tmp;
  const auto r = run_lysisq({"history", "--help"}, tmp.path());
  REQUIRE(r.status == 0);
  REQUIRE(contains(r.out, "LYSISQ_HISTORY_DB"));
  REQUIRE(contains(r.out, "~/.local/share/lysisq/history.sqlite"));
  REQUIRE(contains(r.out, "Exit statuses"));
}
