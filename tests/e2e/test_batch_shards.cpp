// SPDX-License-Identifier: MIT
// `lysisq batch --shard` + `lysisq merge` against one unsharded batch, and the memory of a long
// batch (51Cr counter files: tiny plates, so many of them stay fast).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

#include "cli/cli_harness.hpp"
#include "support/batch_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

/// "peak memory 51 MiB (batch)" from the batch's last line; -1 when absent.
long batch_peak_mib(const std::string& err) {
  static const std::regex kPeak(R"(peak memory ([0-9]+) MiB \(batch\))");
  std::smatch m;
  return std::regex_search(err, m, kPeak) ? std::stol(m[1]) : -1;
}

}  // namespace

TEST_CASE("lysisq batch shards merged equal one unsharded batch, merge names a missing shard", "[e2e]") {
  test::TempDir tmp;
  const fs::path root = tmp / "root", whole = tmp / "whole";
  test::make_chromium_root(root, 5);
  REQUIRE(test::run_lysisq({"batch", "--no-history", root.string(), "--out", whole.string(), "-q"}, tmp / "s").status == 0);
  const std::vector<std::string> timing = {"elapsed_s"};
  const auto gold = test::summary_rows_without(whole / "batch_summary.csv", timing);
  REQUIRE(gold.size() == 5);
  // Up to date: all skipped; --force: all redone, to the same rows.
  REQUIRE(test::run_lysisq({"batch", "--no-history", root.string(), "--out", whole.string(), "-q"}, tmp / "s").status == 0);
  CHECK(test::read_text(whole / "batch_summary.csv").find(",ok,") == std::string::npos);
  REQUIRE(test::run_lysisq({"batch", "--no-history", root.string(), "--out", whole.string(), "-q", "--force"}, tmp / "s")
              .status == 0);
  CHECK(test::read_text(whole / "batch_summary.csv").find(",skipped,") == std::string::npos);
  CHECK(test::summary_rows_without(whole / "batch_summary.csv", timing) == gold);

  for (int n : {2, 3}) {
    CAPTURE(n);
    const fs::path out = tmp / ("sharded" + std::to_string(n));
    for (int i = 0; i < n; ++i) {
      const std::string shard = std::to_string(i) + "/" + std::to_string(n);
      const auto r = test::run_lysisq({"batch", "--no-history", root.string(), "--out", out.string(), "--shard", shard, "-q"},
                                      tmp / "s");
      CHECK(r.status == 0);
    }
    CHECK_FALSE(fs::exists(out / "batch_summary.csv"));
    CHECK(test::run_lysisq({"merge", out.string()}, tmp / "s").status == 0);
    CHECK(test::summary_rows_without(out / "batch_summary.csv", timing) == gold);
    CHECK(fs::exists(out / "index.html"));
    for (const char* plate : {"C01", "C02", "C03", "C04", "C05"})
      CHECK(test::read_text(out / plate / "conditions.csv") == test::read_text(whole / plate / "conditions.csv"));

    const std::string missing = "shard-1-of-" + std::to_string(n) + ".csv";
    fs::remove(out / missing);
    const auto r = test::run_lysisq({"merge", out.string()}, tmp / "s");
    CHECK(r.status == 2);
    CHECK(r.err.find("shard 1 of " + std::to_string(n) + " has no summary") != std::string::npos);
  }
}

TEST_CASE("lysisq batch keeps running its own binary when the installed file is removed mid-batch", "[e2e]") {
  // Plates exec /proc/self/exe: a binary replaced or relinked during a long batch neither breaks
  // the remaining plates nor mixes two versions in one batch.
  test::TempDir tmp;
  test::make_chromium_root(tmp / "root", 6);
  const fs::path copy = tmp / "lysisq-copy";
  fs::copy_file(LYSISQ_BINARY, copy);
  fs::permissions(copy, fs::perms::owner_exec, fs::perm_options::add);
  const pid_t pid = test::spawn_program(copy, {"batch", "--no-history", (tmp / "root").string(), "--out",
                                               (tmp / "out").string()}, tmp / "batch.log");
  // Once OUT/logs exists the batch runs (its binary loaded) and the first plate is about to start.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!fs::exists(tmp / "out" / "logs") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  fs::remove(copy);
  const test::ChildEnd end = test::wait_child(pid);
  INFO(test::read_text(tmp / "batch.log"));
  CHECK(end.status == 0);
  CHECK(test::read_text(tmp / "out" / "batch_summary.csv").find(",failed,") == std::string::npos);
}

TEST_CASE("lysisq batch memory stays bounded and flat over many plates", "[e2e]") {
  test::TempDir tmp;
  const fs::path few = tmp / "few", many = tmp / "many";
  test::make_chromium_root(few, 3);
  test::make_chromium_root(many, 12);
  const pid_t p3 =
      test::spawn_lysisq({"batch", "--no-history", few.string(), "--out", (tmp / "o3").string()}, tmp / "3.log");
  const test::ChildEnd e3 = test::wait_child(p3);
  const pid_t p12 =
      test::spawn_lysisq({"batch", "--no-history", many.string(), "--out", (tmp / "o12").string()}, tmp / "12.log");
  const test::ChildEnd e12 = test::wait_child(p12);
  REQUIRE(e3.status == 0);
  REQUIRE(e12.status == 0);
  const long batch3 = batch_peak_mib(test::read_text(tmp / "3.log"));
  const long batch12 = batch_peak_mib(test::read_text(tmp / "12.log"));
  CAPTURE(e3.maxrss_kib, e12.maxrss_kib, batch3, batch12);
  CHECK(e12.maxrss_kib < 300 * 1024);  // the batch and every plate process it ran
  REQUIRE(batch3 > 0);
  CHECK(batch12 <= batch3 + 8);  // the batch process itself does not grow with the plate count
}
