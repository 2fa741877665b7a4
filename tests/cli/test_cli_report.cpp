// SPDX-License-Identifier: MIT
// `lysisq report`: a folder without run.json is a usage/input error (exit 2, one line naming the
// folder, no report written); --index writes index.html; --index and --history-json exclude.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cli/cli_harness.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using test::run_lysisq;
namespace fs = std::filesystem;

TEST_CASE("lysisq report: a folder without run.json exits 2 naming the folder", "[cli]") {
  test::TempDir tmp;
  fs::create_directory(tmp / "half");
  std::ofstream(tmp / "half" / "wells.csv") << "plate,well\nP,A01\n";
  const auto r = run_lysisq({"report", (tmp / "half").string()}, tmp.path());
  REQUIRE(r.status == 2);
  REQUIRE(r.err_lines().size() == 1);
  REQUIRE(r.err.find((tmp / "half").string()) != std::string::npos);
  REQUIRE(r.err.find("run.json") != std::string::npos);
  REQUIRE_FALSE(fs::exists(tmp / "half" / "report.html"));
}

TEST_CASE("lysisq report --index writes index.html for a batch folder", "[cli]") {
  test::TempDir tmp;
  fs::create_directory(tmp / "batch");
  const auto r = run_lysisq({"report", "--index", (tmp / "batch").string()}, tmp.path());
  REQUIRE(r.status == 0);
  REQUIRE(fs::is_regular_file(tmp / "batch" / "index.html"));
  REQUIRE(r.err.find("index.html") != std::string::npos);
  const auto both = run_lysisq({"report", "--index", "--history-json", "h.json", (tmp / "batch").string()}, tmp.path());
  REQUIRE(both.status == 2);
}
