// SPDX-License-Identifier: MIT
// batch_summary.csv rows (from result folders, CSV both ways, exit status) and `lysisq merge`'s
// coverage checks over shard files.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cli/batch_summary.hpp"
#include "lysisq/errors.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using namespace lysisq::batch;
namespace fs = std::filesystem;

namespace {

SummaryRow row(const std::string& plate, const std::string& status = "ok") {
  SummaryRow r;
  r.plate = plate;
  r.status = status;
  r.input = "/data/" + plate;
  r.wells = "90";
  return r;
}

/// Writes shard i of n of `plates` into `dir` as `lysisq batch --shard i/n` would.
void write_shard(const test::TempDir& dir, const std::vector<std::string>& plates, int i, int n) {
  std::vector<SummaryRow> rows;
  for (std::size_t k = 0; k < plates.size(); ++k)
    if (int(k % std::size_t(n)) == i) rows.push_back(row(plates[k]));
  const std::string stem = "shard-" + std::to_string(i) + "-of-" + std::to_string(n);
  dir.write(stem + ".csv", summary_csv(rows));
  dir.write(stem + ".plan.csv", plan_csv(plates, n));
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("batch summary CSV round-trips quoting, commas and line breaks", "[unit]") {
  std::vector<SummaryRow> rows = {row("P1"), row("P,2", "failed"), row("P3", "skipped")};
  rows[1].reason = "P,2/x.tif: truncated \"bad\"\nsecond line";
  rows[0].lytic_units = "LAK-D1 vs K562: 193; NK vs MEL: <2.1";
  const std::string text = summary_csv(rows);
  CHECK(text.rfind("plate,status,reason,", 0) == 0);
  const auto back = parse_summary_csv(text, "s.csv");
  REQUIRE(back.size() == 3);
  CHECK(back[1].plate == "P,2");
  CHECK(back[1].reason == rows[1].reason);
  CHECK(back[0].lytic_units == rows[0].lytic_units);
  CHECK(summary_csv(back) == text);
  CHECK(summary_columns().size() == 13);
  CHECK_THROWS_AS(parse_summary_csv("plate,what\nP1,x\n", "x.csv"), InputError);
}

TEST_CASE("batch summary row from a result folder: counts, worst QC, LU and patterns", "[unit]") {
  test::TempDir d;
  d.write("wells.csv", "plate,well\nP,A01\nP,A02\nP,A03\n");
  d.write("conditions.csv", "plate,x\nP,\"a\nb\"\n");  // one row with a line break inside
  d.write("qc.csv", "check,verdict\nz,pass\ncv,warn\nsat,pass\n");
  d.write("lytic_units.csv",
          "effector,target,labels,status,lu,lu_bound_kind,lu_bound\n"
          "LAK,K562,,value,193.0331,,\n"
          "TIL,DAUDI,,below,,<,25\n"
          "NK,MEL,d=1,no_fit,,,\n");
  d.write("selectivity.csv", "effector,labels,pattern\nLAK,,broad\nLAK,,broad\nTIL,,autologous-selective\n");
  d.write("run.json", R"({"counts": {"objects": 2036}, "complete": true, "outputs": ["wells.csv", "run.json"],
                          "start_time_utc": "2026-11-27T15:52:01Z"})");
  SummaryRow r;
  fill_from_results(r, d.path());
  CHECK(r.wells == "3");
  CHECK(r.conditions == "1");
  CHECK(r.worst_qc == "warn");
  CHECK(r.objects == "2036");
  CHECK(r.lytic_units == "LAK vs K562: 193; TIL vs DAUDI: <25; NK (d=1) vs MEL: no_fit");
  CHECK(r.selectivity == "LAK: broad; TIL: autologous-selective");
  std::string since;
  CHECK(results_complete(d.path(), &since));
  CHECK(since == "2026-11-27T15:52:01Z");

  d.write("qc.csv", "check,verdict\nz,pass\ncv,fail\n");
  fill_from_results(r, d.path());
  CHECK(r.worst_qc == "fail");
}

TEST_CASE("batch results_complete needs complete: true and every listed output", "[unit]") {
  test::TempDir d;
  CHECK_FALSE(results_complete(d.path()));
  d.write("run.json", R"({"complete": true, "outputs": ["wells.csv", "run.json"]})");
  CHECK_FALSE(results_complete(d.path()));  // wells.csv missing
  d.write("wells.csv", "plate\n");
  CHECK(results_complete(d.path()));
  d.write("run.json", R"({"complete": false, "outputs": ["run.json"]})");
  CHECK_FALSE(results_complete(d.path()));
  d.write("run.json", R"({"complete": true, "outputs": ["run.json"])");  // truncated
  CHECK_FALSE(results_complete(d.path()));
}

TEST_CASE("batch exit status: failed plates first, then a failed QC check", "[unit]") {
  std::vector<SummaryRow> rows = {row("A"), row("B", "skipped")};
  rows[0].worst_qc = "warn";
  CHECK(batch_exit_status(rows) == 0);
  rows[1].worst_qc = "fail";
  CHECK(batch_exit_status(rows) == 3);
  rows.push_back(row("C", "failed"));
  CHECK(batch_exit_status(rows) == 1);
  CHECK(status_counts(rows) == "1 ok, 1 failed, 1 skipped");
}

TEST_CASE("batch merge joins shards and checks each plate is covered once", "[unit]") {
  const std::vector<std::string> plates = {"A", "B", "C", "D", "E"};
  const int n = GENERATE(1, 2, 3, 4);
  CAPTURE(n);
  test::TempDir d;
  for (int i = 0; i < n; ++i) write_shard(d, plates, i, n);
  const auto rows = merge_shards(d.path(), std::nullopt);
  std::vector<std::string> got;
  for (const auto& r : rows) got.push_back(r.plate);
  CHECK(got == plates);

  if (n > 1) {
    fs::remove(d / ("shard-1-of-" + std::to_string(n) + ".csv"));
    const std::string msg = error_of([&] { merge_shards(d.path(), std::nullopt); });
    CHECK(msg.find("shard 1 of " + std::to_string(n) + " has no summary") != std::string::npos);
    CHECK(msg.find("B") != std::string::npos);  // names the shard's plates
  }
}

TEST_CASE("batch merge refuses duplicates, strays, changed plate sets and mixed shard counts", "[unit]") {
  const std::vector<std::string> plates = {"A", "B", "C"};
  test::TempDir d;
  write_shard(d, plates, 0, 2);
  write_shard(d, plates, 1, 2);

  SECTION("a plate summarised in the wrong shard") {
    d.write("shard-1-of-2.csv", summary_csv(std::vector<SummaryRow>{row("B"), row("C")}));
    CHECK(error_of([&] { merge_shards(d.path(), std::nullopt); }).find("belongs to shard 0") != std::string::npos);
  }
  SECTION("a plate missing from its shard's summary") {
    d.write("shard-0-of-2.csv", summary_csv(std::vector<SummaryRow>{row("A")}));
    CHECK(error_of([&] { merge_shards(d.path(), std::nullopt); }).find("C (shard 0)") != std::string::npos);
  }
  SECTION("a plate twice") {
    d.write("shard-1-of-2.csv", summary_csv(std::vector<SummaryRow>{row("B"), row("B")}));
    CHECK(error_of([&] { merge_shards(d.path(), std::nullopt); }).find("twice") != std::string::npos);
  }
  SECTION("plans from different plate sets") {
    d.write("shard-1-of-2.plan.csv", plan_csv({"A", "B", "C", "D"}, 2));
    CHECK(error_of([&] { merge_shards(d.path(), std::nullopt); }).find("different plates") != std::string::npos);
  }
  SECTION("files of two shard counts need --shards") {
    write_shard(d, plates, 0, 3);
    CHECK(error_of([&] { merge_shards(d.path(), std::nullopt); }).find("--shards") != std::string::npos);
    CHECK(merge_shards(d.path(), 2).size() == 3);
  }
  SECTION("nothing to merge") {
    test::TempDir empty;
    CHECK_THROWS_AS(merge_shards(empty.path(), std::nullopt), InputError);
  }
}
