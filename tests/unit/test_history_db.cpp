// SPDX-License-Identifier: MIT
// HistoryDb: record and read back, validation, rollback of a failed record, two processes
// writing at once, and record_and_evaluate() judging a run at its place in the series.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "lysisq/errors.hpp"
#include "lysisq/history.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using namespace lysisq::history;

namespace {

const std::string kSpont = "K562 %spont";
const std::string kLysis = "K562/LAK-D1 %SL E:T 40";

/// A 51Cr run on `day` (2026-01-01 + day, at 10:00 UTC) with two controls and two QC checks.
RunRecord make_run(const std::string& id, int day, double spont, double lysis, Verdict qc = Verdict::kPass) {
  char time[32];
  std::snprintf(time, sizeof time, "2026-%02d-%02dT10:00:00Z", 1 + day / 28, 1 + day % 28);
  return {id,
          "PLATE-" + id,
          time,
          "0.1-test",
          "51cr",
          {{kSpont, spont, "%"}, {kLysis, lysis, "%"}},
          {{"K562 %spont", Verdict::kPass}, {"Z'", qc}}};
}

}  // namespace

TEST_CASE("history db: runs read back in time order, with their controls and verdicts", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp / "h.sqlite";
  {
    HistoryDb db(path);
    REQUIRE(db.schema_version() == HistoryDb::latest_schema_version());
    REQUIRE(db.runs().empty());
    db.record_run(make_run("b", 5, 8.0, 41.0, Verdict::kWarn));
    db.record_run(make_run("a", 2, 7.0, 40.0));  // recorded later, but earlier in time
    auto c = make_run("c", 9, 9.5, 43.5, Verdict::kFail);
    c.controls.push_back({"K562 max cpm (decay-corrected)", 5120.5, "cpm"});
    db.record_run(c);
  }
  const HistoryDb db(path);  // read back from the file, not from a live connection
  const auto runs = db.runs();
  REQUIRE(runs.size() == 3);
  REQUIRE(runs[0].run_id == "a");
  REQUIRE(runs[1].run_id == "b");
  REQUIRE(runs[2].run_id == "c");
  const auto gold = make_run("b", 5, 8.0, 41.0, Verdict::kWarn);
  REQUIRE(runs[1].plate == gold.plate);
  REQUIRE(runs[1].time_utc == gold.time_utc);
  REQUIRE(runs[1].tool_version == "0.1-test");
  REQUIRE(runs[1].assay == "51cr");
  REQUIRE(runs[1].controls.size() == 2);
  REQUIRE(runs[1].controls[1].control == kLysis);
  REQUIRE(runs[1].controls[1].value == 41.0);
  REQUIRE(runs[1].controls[1].unit == "%");
  REQUIRE(runs[1].qc.size() == 2);
  REQUIRE(runs[1].qc[1].check == "Z'");
  REQUIRE(worst_verdict(runs[0]) == Verdict::kPass);
  REQUIRE(worst_verdict(runs[1]) == Verdict::kWarn);
  REQUIRE(worst_verdict(runs[2]) == Verdict::kFail);
  REQUIRE(runs[2].controls[2].value == 5120.5);

  const auto s = db.series(kSpont);
  REQUIRE(s.size() == 3);
  REQUIRE(s[0].value == 7.0);
  REQUIRE(s[1].value == 8.0);
  REQUIRE(s[2].value == 9.5);
  REQUIRE(s[2].plate == "PLATE-c");
  REQUIRE(db.series("K562 max cpm (decay-corrected)").size() == 1);
  REQUIRE(db.series("nothing").empty());
  REQUIRE(db.controls() == std::vector<std::string>{kSpont, "K562 max cpm (decay-corrected)", kLysis});
  REQUIRE(db.integrity_check() == "ok");
}

TEST_CASE("history db: invalid runs are refused before anything is written", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp / "h.sqlite";
  HistoryDb db(path);
  auto bad_time = make_run("t", 1, 7, 40);
  bad_time.time_utc = "2026-01-02 10:00";
  auto no_id = make_run("", 1, 7, 40);
  auto nan_value = make_run("n", 1, std::numeric_limits<double>::quiet_NaN(), 40);
  for (const auto& r : {bad_time, no_id, nan_value}) {
    CAPTURE(r.run_id);
    REQUIRE_THROWS_AS(db.record_run(r), InputError);
    REQUIRE_THROWS_WITH(db.record_run(r), Catch::Contains(path.string()));
  }
  REQUIRE(db.runs().empty());
}

TEST_CASE("history db: a record that fails half-way rolls back and leaves earlier runs intact", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp / "h.sqlite";
  HistoryDb db(path);
  db.record_run(make_run("r1", 1, 7.0, 40.0));
  db.record_run(make_run("r2", 2, 7.5, 41.0));

  // The run row and its first control are inserted before the duplicate control name violates
  // the primary key: the whole run must disappear.
  auto dup = make_run("r3", 3, 8.0, 42.0);
  dup.controls.push_back({kSpont, 99.0, "%"});
  REQUIRE_THROWS_AS(db.record_run(dup), InputError);
  REQUIRE_THROWS_WITH(db.record_run(dup), Catch::Contains(path.string()) && Catch::Contains("r3"));
  // A run id that exists already is refused too.
  REQUIRE_THROWS_AS(db.record_run(make_run("r1", 4, 7.0, 40.0)), InputError);

  const HistoryDb again(path);
  const auto runs = again.runs();
  REQUIRE(runs.size() == 2);
  REQUIRE(runs[1].run_id == "r2");
  REQUIRE(again.series(kSpont).size() == 2);
  REQUIRE(again.series(kLysis).size() == 2);
  REQUIRE(again.integrity_check() == "ok");
  // The connection is still usable after the rollback.
  db.record_run(make_run("r3", 3, 8.0, 42.0));
  REQUIRE(again.runs().size() == 3);
}

TEST_CASE("history db: a file that is not a history is an InputError naming it", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp.write("notes.sqlite", std::string(4096, 'x'));
  REQUIRE_THROWS_AS(HistoryDb(path), InputError);
  REQUIRE_THROWS_WITH(HistoryDb(path), Catch::Contains("notes.sqlite"));
  REQUIRE_THROWS_WITH(HistoryDb(tmp / "no" / "such" / "dir" / "h.sqlite"), Catch::Contains("h.sqlite"));
  // An empty file (made by `touch`, say) becomes a history.
  HistoryDb empty(tmp.write("empty.sqlite", ""));
  empty.record_run(make_run("e", 1, 7, 40));
  REQUIRE(HistoryDb(tmp / "empty.sqlite").runs().size() == 1);
}

TEST_CASE("history db: two processes recording at once end with every run and a sound file", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp / "shared.sqlite";  // not created yet: both children race to create it
  constexpr int kRunsEach = 20;
  pid_t kids[2];
  for (int k = 0; k < 2; ++k) {
    kids[k] = ::fork();
    REQUIRE(kids[k] >= 0);
    if (kids[k] == 0) {
      int status = 0;
      try {
        HistoryDb db(path);  // each process its own connection (never share one across fork)
        for (int i = 0; i < kRunsEach; ++i)
          db.record_run(make_run("p" + std::to_string(k) + "-" + std::to_string(i), i, 7.0 + k, 40.0 + i));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", k, e.what());
        status = 1;
      }
      ::_exit(status);  // no Catch2 teardown, no TempDir removal in the child
    }
  }
  for (pid_t kid : kids) {
    int status = -1;
    REQUIRE(::waitpid(kid, &status, 0) == kid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
  }
  const HistoryDb db(path);
  REQUIRE(db.runs().size() == 2 * kRunsEach);
  REQUIRE(db.series(kSpont).size() == 2 * kRunsEach);
  REQUIRE(db.integrity_check() == "ok");
}

TEST_CASE("history db: processes racing to create a new history all succeed", "[unit]") {
  // Creation is the delicate moment (the switch to WAL); repeat it to give the race a chance.
  test::TempDir tmp;
  constexpr int kRounds = 8, kKids = 4;
  for (int round = 0; round < kRounds; ++round) {
    const auto path = tmp / ("new" + std::to_string(round) + ".sqlite");
    std::vector<pid_t> kids;
    for (int k = 0; k < kKids; ++k) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        int status = 0;
        try {
          HistoryDb(path).record_run(make_run("k" + std::to_string(k), k, 7.0, 40.0));
        } catch (const std::exception& e) {
          std::fprintf(stderr, "child %d: %s\n", k, e.what());
          status = 1;
        }
        ::_exit(status);
      }
      kids.push_back(pid);
    }
    for (pid_t kid : kids) {
      int status = -1;
      REQUIRE(::waitpid(kid, &status, 0) == kid);
      CAPTURE(round);
      REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    REQUIRE(HistoryDb(path).runs().size() == kKids);
  }
}

TEST_CASE("record_and_evaluate: judges each control of the run against the earlier runs", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp / "nested" / "folder" / "h.sqlite";  // the folder is created
  std::vector<ControlVerdict> last;
  for (int i = 0; i < 20; ++i) {
    std::string id = "b";  // appended, not `"b" + std::string`: GCC 12 -Wrestrict false positive
    id += std::to_string(i);
    last = record_and_evaluate(path, make_run(id, i, 7 + (i % 2), 40 + (i % 3)));
  }
  REQUIRE(last.size() == 2);
  REQUIRE(last[0].control == kSpont);
  REQUIRE(last[0].limits->provisional);  // 19 earlier runs
  REQUIRE(last[0].verdict == Verdict::kPass);

  // %spont baseline: 7, 8 alternating (mean 7.5, SD 0.513): 10 is far beyond 3 SD.
  const auto v = record_and_evaluate(path, make_run("out", 20, 10.0, 41.0));
  REQUIRE(v[0].run_id == "out");
  REQUIRE(v[0].limits->n == 20);
  REQUIRE_FALSE(v[0].limits->provisional);
  REQUIRE(v[0].z == Approx((10.0 - 7.5) / v[0].limits->sd));
  REQUIRE(v[0].verdict == Verdict::kFail);
  REQUIRE(v[0].hits.size() == 2);
  REQUIRE(v[0].hits[1].rule == WestgardRule::k1_3s);
  REQUIRE(v[1].verdict == Verdict::kPass);

  const HistoryDb db(path);
  const auto newest = evaluate_newest(db, kSpont);
  REQUIRE(newest.run_id == "out");
  REQUIRE(newest.verdict == Verdict::kFail);
  REQUIRE_THROWS_AS(evaluate_newest(db, "no such control"), InputError);
}

TEST_CASE("default history path: LYSISQ_HISTORY_DB, then XDG_DATA_HOME, then HOME", "[unit]") {
  struct Env {  // restores the three variables when the test ends
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    Env() {
      for (const char* n : {"LYSISQ_HISTORY_DB", "XDG_DATA_HOME", "HOME"}) {
        const char* v = std::getenv(n);
        saved.emplace_back(n, v ? std::optional<std::string>(v) : std::nullopt);
      }
    }
    ~Env() {
      for (const auto& [n, v] : saved) v ? ::setenv(n.c_str(), v->c_str(), 1) : ::unsetenv(n.c_str());
    }
  } env;
  ::setenv("LYSISQ_HISTORY_DB", "/x/h.sqlite", 1);
  ::setenv("XDG_DATA_HOME", "/data", 1);
  ::setenv("HOME", "/home/u", 1);
  REQUIRE(default_db_path() == "/x/h.sqlite");
  ::unsetenv("LYSISQ_HISTORY_DB");
  REQUIRE(default_db_path() == "/data/lysisq/history.sqlite");
  ::setenv("XDG_DATA_HOME", "", 1);  // empty counts as unset
  REQUIRE(default_db_path() == "/home/u/.local/share/lysisq/history.sqlite");
  ::unsetenv("XDG_DATA_HOME");
  ::unsetenv("HOME");
  REQUIRE_THROWS_AS(default_db_path(), InputError);
}

TEST_CASE("history: runs whose own QC failed stay out of later runs' limits and rules", "[unit]") {
  test::TempDir tmp;
  const auto path = tmp / "h.sqlite";
  std::vector<double> accepted;
  for (int i = 0; i < 12; ++i) {
    const bool rejected = i == 4 || i == 9;  // QC failed: e.g. a bad Z'; their %spont is wild too
    const double spont = rejected ? 30.0 + i : 7.0 + 0.25 * (i % 4);
    std::string id = "r";
    id += std::to_string(i);
    record_and_evaluate(path, make_run(id, i, spont, 40, rejected ? Verdict::kFail : Verdict::kPass));
    if (!rejected) accepted.push_back(spont);
  }
  const HistoryDb db(path);
  const auto series = db.series(kSpont);
  REQUIRE(series.size() == 12);
  CHECK(series[4].qc_failed);
  CHECK(series[9].qc_failed);
  CHECK_FALSE(series[5].qc_failed);

  // Oracle: mean and SD (n - 1) of the accepted runs before the judged one.
  double mean = 0, ss = 0;
  for (double v : accepted) mean += v;
  mean /= double(accepted.size());
  for (double v : accepted) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / double(accepted.size() - 1));

  std::vector<SeriesPoint> judged = series;
  judged.push_back({"new", "PLATE-new", "2026-02-01T10:00:00Z", 7.5, "%", false});
  const ControlVerdict kept_out = evaluate_point(kSpont, judged, judged.size() - 1);
  REQUIRE(kept_out.limits);
  CHECK(kept_out.limits->n == accepted.size());
  CHECK(kept_out.limits->mean == Approx(mean));
  CHECK(kept_out.limits->sd == Approx(sd));
  CHECK(kept_out.verdict == Verdict::kPass);
  CHECK_THAT(kept_out.note, Catch::Contains("2 earlier run(s) left out: their QC failed"));

  BaselinePolicy all;
  all.exclude_failed_runs = false;
  const ControlVerdict counted = evaluate_point(kSpont, judged, judged.size() - 1, all);
  REQUIRE(counted.limits);
  CHECK(counted.limits->n == series.size());
  CHECK(counted.limits->mean > mean + 3);  // the wild values pull the mean up
  CHECK_THAT(counted.note, !Catch::Contains("left out"));

  // A failed run is still judged itself (against the accepted runs before it).
  const ControlVerdict failed_run = evaluate_point(kSpont, series, 9);
  REQUIRE(failed_run.limits);
  CHECK(failed_run.limits->n == 8);  // runs 0..8 less run 4
  CHECK(failed_run.verdict == Verdict::kWarn);  // 1-3s on provisional limits: warn
}
