// SPDX-License-Identifier: MIT
// `lysisq run --time-point N` / `--z-step N`: a TimePoint_<n> plate analyses its last time point
// and a ZStep_<n> plate its projection unless told otherwise, warns that it chose, and run.json
// records the choice. Which fields each time point
// selects is checked against an oracle in tests/unit/test_time_points.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.hpp"
#include "support/read_text.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using test::run_lysisq;
namespace fs = std::filesystem;

namespace {

/// The shared small plate copied into TimePoint_1/ and TimePoint_2/ (ImageXpress layout), or
/// into the `folders` given.
fs::path kinetic_plate(const test::TempDir& tmp, std::vector<const char*> folders = {"TimePoint_1", "TimePoint_2"}) {
  const fs::path plate = tmp / folders.front();
  for (const char* t : folders) {
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
  CHECK(r.err.find("plate has time points 1-2; analysed 2 (use --time-point or --kinetics)") != std::string::npos);
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
  test::require_one_error_line(r, {"time points 1-2", "time point 3"});
  CHECK_FALSE(fs::exists(tmp / "out" / "run.json"));
  const auto zero = run_at(tmp, plate, "out0", {"--time-point", "0"});
  CHECK(zero.status == 2);
}

TEST_CASE("cli: run analyses the projection of a Z-stack or the --z-step plane, and planes alone need --z-step", "[cli]") {
  test::TempDir tmp;
  const fs::path stack = kinetic_plate(tmp, {"ZStep_0", "ZStep_1"});
  const auto r = run_at(tmp, stack, "out", {});
  REQUIRE(test::run_completed(r));
  CHECK(r.err.find("analysed the projection, ZStep_0") != std::string::npos);
  CHECK(run_json(tmp / "out")["plate"]["z_step"] == 0);
  CHECK(run_json(tmp / "out")["counts"]["fields"] == 90);  // one plane's fields
  const auto plane = run_at(tmp, stack, "out1", {"--z-step", "1"});
  REQUIRE(test::run_completed(plane));
  CHECK(run_json(tmp / "out1")["plate"]["z_step"] == 1);

  const fs::path planes = kinetic_plate(tmp, {"ZStep_1", "ZStep_2"});
  const auto none = run_at(tmp, planes, "none", {});
  CHECK(none.status == 2);
  test::require_one_error_line(none, {"Z-steps 1-2 and no projection", "--z-step"});
  CHECK_FALSE(fs::exists(tmp / "none" / "run.json"));
}

TEST_CASE("cli: batch --time-point and --z-step reach every image plate", "[cli]") {
  test::TempDir tmp;
  const fs::path root = tmp / "root";
  const fs::path plate = root / "KIN";
  for (const char* t : {"TimePoint_1", "TimePoint_2"}) {
    test::copy_plate(test::shared_small_plate(), plate / t);
    fs::remove(plate / t / "layout.yaml");
  }
  fs::copy_file(test::shared_small_plate() / "layout.yaml", plate / "layout.yaml");
  auto batch = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args = {"batch", root.string(), "--out", (tmp / out).string(), "--no-history",
                                     "--backend", "cpu", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_lysisq(args, tmp / ("scratch_" + out));
  };
  const auto first = batch("b1", {"--time-point", "1"});
  CAPTURE(first.status, first.err);
  CHECK(first.status != 2);
  REQUIRE(fs::exists(tmp / "b1" / "KIN" / "run.json"));
  CHECK(run_json(tmp / "b1" / "KIN")["plate"]["time_point"] == 1);
  const auto last = batch("b2", {});
  REQUIRE(fs::exists(tmp / "b2" / "KIN" / "run.json"));
  CHECK(run_json(tmp / "b2" / "KIN")["plate"]["time_point"] == 2);
  const auto bad = batch("b3", {"--z-step", "-1"});
  CHECK(bad.status == 2);  // a usage error, before any plate runs
  CHECK_FALSE(fs::exists(tmp / "b3" / "KIN" / "run.json"));
}

TEST_CASE("cli: run --kinetics writes the killing over time, and needs times and an image folder", "[cli]") {
  test::TempDir tmp;
  const fs::path plate = kinetic_plate(tmp);
  const auto r = run_at(tmp, plate, "out", {"--kinetics", "--set", "kinetics.interval_h=4"});
  CAPTURE(r.status, r.err);
  REQUIRE(test::run_completed(r));
  CHECK(r.err.find("kinetics: 2 time points over 4 h") != std::string::npos);
  const std::string rows = test::read_text(tmp / "out" / "kinetics.csv");
  CHECK(rows.rfind("plate,target,effector,et_ratio,labels,time_point,time_h,", 0) == 0);
  const std::string summary = test::read_text(tmp / "out" / "kinetic_summary.csv");
  CHECK(summary.find("auc_pct_h") != std::string::npos);
  const auto j = run_json(tmp / "out");
  REQUIRE(j["kinetics"].is_object());
  CHECK(j["kinetics"]["time_points"].size() == 2);
  CHECK(j["kinetics"]["time_points"][1]["time_h"] == 4.0);
  // Both time points hold the same images: no killing develops, so every curve stays at 0 %.
  const auto& conditions = j["kinetics"]["conditions"];
  REQUIRE(!conditions.empty());
  for (const auto& c : conditions)
    if (!c["max_killing_pct"].is_null()) CHECK(c["max_killing_pct"].get<double>() == Approx(0).margin(1e-9));
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 1 + 2 * std::ptrdiff_t(conditions.size()));
  CHECK(j["outputs"].dump().find("kinetic_summary.csv") != std::string::npos);

  // An endpoint run into the same folder removes the stale kinetic files.
  REQUIRE(test::run_completed(run_at(tmp, plate, "out", {"--quiet"})));
  CHECK_FALSE(fs::exists(tmp / "out" / "kinetics.csv"));
  CHECK(run_json(tmp / "out")["kinetics"].is_null());

  const auto no_times = run_at(tmp, plate, "nt", {"--kinetics"});
  CHECK(no_times.status == 2);
  test::require_one_error_line(no_times, {"kinetics.interval_h"});
  const auto flat = run_at(tmp, test::shared_small_plate(), "flat", {"--kinetics", "--set", "kinetics.interval_h=4"});
  CHECK(flat.status == 2);
  test::require_one_error_line(flat, {"several time points"});
}
