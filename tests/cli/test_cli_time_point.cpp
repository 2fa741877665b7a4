// SPDX-License-Identifier: MIT
// `lysisq run --time-point N`: a TimePoint_<n> plate analyses its last time point unless told
// otherwise, warns that it chose, and run.json records the choice. Which fields each time point
// selects is checked against an oracle in tests/unit/test_time_points.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using test::run_lysisq;
namespace fs = std::filesystem;

namespace {

/// The shared small plate copied into TimePoint_1/ and TimePoint_2/ (ImageXpress layout).
fs::path kinetic_plate(const test::TempDir& tmp) {
  const fs::path plate = tmp / "kinetic";
  for (const char* t : {"TimePoint_1", "TimePoint_2"}) {
    test::copy_plate(test::shared_small_plate(), plate / t);
    fs::remove(plate / t / "layout.yaml");
  }
  return plate;
}

test::CliResult run_at(const test::TempDir& tmp, const fs::path& plate, const std::string& out,
                       std::vector<std::string> extra) {
  std::vector<std::string> args = {"run", plate.string(), "--layout",
                                   (test::shared_small_plate() / "layout.yaml").string(),
                                   "--out", (tmp / out).string(), "--no-history", "--backend", "cpu"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_lysisq(args, tmp / ("scratch_" + out));
}

nlohmann::json run_json(const fs::path& out) { return nlohmann::json::parse(std::ifstream(out / "run.json")); }

}  // namespace

TEST_CASE("cli: run analyses the last time point, warns, and run.json records it", "[cli]") {
  test::TempDir tmp;
  const fs::path plate = kinetic_plate(tmp);
  const auto r = run_at(tmp, plate, "out", {});
  REQUIRE(test::run_completed(r));
  CHECK(r.err.find("plate has time points 1..2; analysed 2 (use --time-point)") != std::string::npos);
  const auto j = run_json(tmp / "out");
  CHECK(j["plate"]["time_point"] == 2);
  CHECK(j["counts"]["fields"] == 90);  // one time point's fields, not both pooled

  const auto first = run_at(tmp, plate, "out1", {"--time-point", "1"});
  REQUIRE(test::run_completed(first));
  CHECK(run_json(tmp / "out1")["plate"]["time_point"] == 1);

  const auto flat = run_at(tmp, test::shared_small_plate(), "flat", {"--quiet"});
  REQUIRE(test::run_completed(flat));
  CHECK(run_json(tmp / "flat")["plate"]["time_point"].is_null());
}

TEST_CASE("cli: a time point the plate lacks is exit 2 with one error line", "[cli]") {
  test::TempDir tmp;
  const fs::path plate = kinetic_plate(tmp);
  const auto r = run_at(tmp, plate, "out", {"--time-point", "3"});
  CHECK(r.status == 2);
  test::require_one_error_line(r, {"time points 1..2", "time point 3"});
  CHECK_FALSE(fs::exists(tmp / "out" / "run.json"));
  const auto zero = run_at(tmp, plate, "out0", {"--time-point", "0"});
  CHECK(zero.status == 2);
}
