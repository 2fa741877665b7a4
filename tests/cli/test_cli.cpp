// SPDX-License-Identifier: MIT
// The `lysisq` binary as a user meets it: help, version, exit statuses, one-line errors naming
// the culprit, and no result that looks complete after a failure.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "cli/cli_harness.hpp"
#include "lysisq/backend.hpp"
#include "lysisq/version.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using test::require_one_error_line;
using test::run_lysisq;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// Runs `lysisq run` on a copy of the shared plate after `damage` has been applied to the copy.
template <class Damage>
test::CliResult run_damaged_plate(const test::TempDir& tmp, Damage damage) {
  const fs::path plate = tmp / "plate";
  test::copy_plate(test::shared_small_plate(), plate);
  damage(plate);
  return run_lysisq({"run", plate.string(), "--layout", (plate / "layout.yaml").string(), "--out",
                     (tmp / "out").string(), "--quiet", "--backend", "cpu"},
                    tmp / "scratch");
}

void require_no_result(const test::TempDir& tmp) {
  REQUIRE_FALSE(fs::exists(tmp / "out" / "run.json"));
  REQUIRE_FALSE(fs::exists(tmp / "out" / "conditions.csv"));
}

const char* kVictim = "CLI01_B03_s1_w2.tif";

}  // namespace

TEST_CASE("cli: --help and --version exit 0 on every command", "[cli]") {
  test::TempDir tmp;
  const std::vector<std::vector<std::string>> commands = {
      {}, {"run"}, {"segment"}, {"synth"}, {"info"}, {"config"}, {"config", "check"}, {"config", "default"}};
  for (const auto& cmd : commands) {
    for (const char* flag : {"--help", "--version"}) {
      auto args = cmd;
      args.emplace_back(flag);
      const auto r = run_lysisq(args, tmp.path());
      CAPTURE(args, r.err);
      REQUIRE(r.status == 0);
      if (std::string(flag) == "--help") REQUIRE(contains(r.out, "Exit statuses"));
      else REQUIRE(contains(r.out, kVersion));
    }
  }
}

TEST_CASE("an unknown flag is a usage error, status 2, one line", "[cli]") {
  test::TempDir tmp;
  const auto r = run_lysisq({"run", "x", "--layout", "y", "--out", "z", "--bogus"}, tmp.path());
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"--bogus"});
  REQUIRE(run_lysisq({"frobnicate"}, tmp.path()).status == 2);
  REQUIRE(run_lysisq({}, tmp.path()).status == 2);
}

TEST_CASE("config check names an unknown key and its line, config default checks clean", "[cli]") {
  test::TempDir tmp;
  const auto bad = tmp.write("bad.yaml", "schema_version: 1\nsegmentation:\n  smoth:\n    sigma_px: 2\n");
  const auto r = run_lysisq({"config", "check", bad.string()}, tmp / "s1");
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"segmentation.smoth", "bad.yaml:3"});  // file:line: key

  const auto def = run_lysisq({"config", "default"}, tmp / "s2");
  REQUIRE(def.status == 0);
  const auto good = tmp.write("default.yaml", def.out);
  // --set before the positional: it takes one KEY=VALUE and leaves FILE alone.
  const auto chk = run_lysisq({"config", "check", "--set", "compute.threads=3", good.string()}, tmp / "s3");
  REQUIRE(chk.status == 0);
  REQUIRE(contains(chk.out, "threads: 3"));
  const auto badset = run_lysisq({"config", "check", "--set", "compute.thread=3"}, tmp / "s4");
  REQUIRE(badset.status == 2);
  require_one_error_line(badset, {"compute.thread"});
}

TEST_CASE("a layout naming a well outside the plate is exit 2 naming the well", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) {
    std::ofstream(plate / "layout.yaml", std::ios::app)
        << "  - {wells: I01, role: experimental, target: K562, effector: LAK-D1, et_ratio: 40.0}\n";
  });
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"I01"});
  require_no_result(tmp);
}

TEST_CASE("a corrupt TIFF in a plate is exit 2 naming the file, and no result", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) {
    std::ofstream(plate / kVictim, std::ios::binary | std::ios::trunc) << "this is not a TIFF file at all";
  });
  REQUIRE(r.status == 2);
  require_one_error_line(r, {kVictim});
  require_no_result(tmp);
}

TEST_CASE("a truncated TIFF in a plate is exit 2 naming the file, and no result", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) {
    const auto size = fs::file_size(plate / kVictim);
    fs::resize_file(plate / kVictim, size / 2);
  });
  REQUIRE(r.status == 2);
  require_one_error_line(r, {kVictim});
  require_no_result(tmp);
}

TEST_CASE("a 32-bit TIFF in a plate is exit 2 naming the file, and no result", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) {
    const cv::Mat img(128, 128, CV_32FC1, cv::Scalar(100.0f));
    fs::remove(plate / kVictim);
    REQUIRE(cv::imwrite((plate / kVictim).string(), img));
  });
  REQUIRE(r.status == 2);
  require_one_error_line(r, {kVictim, "32"});
  require_no_result(tmp);
}

TEST_CASE("a missing channel file is exit 2 naming well, field and channel, and no result", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) { fs::remove(plate / "CLI01_B03_s1_w3.tif"); });
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"B03", "field 1", "w3"});
  require_no_result(tmp);
}

TEST_CASE("a layout well without images is exit 2 naming the well", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) {
    for (const char* ch : {"w1", "w2", "w3"}) fs::remove(plate / (std::string("CLI01_B03_s1_") + ch + ".tif"));
  });
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"no images for well B03"});
  require_no_result(tmp);
}

TEST_CASE("imaged wells missing from the layout are a warning in run.json", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path& plate) {
    std::ifstream in(plate / "layout.yaml");
    std::string text, line;
    while (std::getline(in, line))
      if (!contains(line, "wells: A01,")) text += line + "\n";
    in.close();
    std::ofstream(plate / "layout.yaml", std::ios::trunc) << text;
  });
  REQUIRE(test::run_completed(r));
  const auto j = nlohmann::json::parse(std::ifstream(tmp / "out" / "run.json"));
  bool found = false;
  for (const auto& w : j["warnings"]) found = found || contains(w.get<std::string>(), "well A01");
  REQUIRE(found);
}

TEST_CASE("cli: --backend cuda without a device is exit 4", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path&) {});
  REQUIRE(test::run_completed(r));  // the intact plate runs on the CPU
  const fs::path plate = tmp / "plate";
  const auto cuda = run_lysisq({"run", plate.string(), "--layout", (plate / "layout.yaml").string(), "--out",
                                (tmp / "out_cuda").string(), "--quiet", "--backend", "cuda"},
                               tmp / "scratch2");
  const ComputeEnvironment env = probe_compute_environment();
  if (env.built_with_cuda && !env.devices.empty()) {
    REQUIRE(test::run_completed(cuda));
  } else {
    REQUIRE(cuda.status == 4);
    require_one_error_line(cuda, {"cuda"});
    REQUIRE_FALSE(fs::exists(tmp / "out_cuda" / "run.json"));
  }
}

TEST_CASE("a successful run writes every result file with run.json", "[cli]") {
  test::TempDir tmp;
  const auto r = run_damaged_plate(tmp, [](const fs::path&) {});
  REQUIRE(test::run_completed(r));
  for (const char* f : {"wells.csv", "conditions.csv", "resolved_config.yaml", "run.json"})
    REQUIRE(fs::exists(tmp / "out" / f));
  REQUIRE_FALSE(fs::exists(tmp / "out" / "objects.csv"));
}

TEST_CASE("segment processes the good images and reports the bad one (exit 1)", "[cli]") {
  test::TempDir tmp;
  const fs::path good = test::shared_small_plate() / "CLI01_A01_s1_w1.tif";
  const auto bad = tmp.write("broken.tif", "garbage");
  const auto r = run_lysisq({"segment", good.string(), bad.string(), "--out", (tmp / "seg").string(), "--quiet"},
                            tmp / "scratch");
  REQUIRE(r.status == 1);
  require_one_error_line(r, {"broken.tif"});
  REQUIRE(fs::exists(tmp / "seg" / "CLI01_A01_s1_w1_labels.tif"));
  REQUIRE(fs::exists(tmp / "seg" / "CLI01_A01_s1_w1_objects.csv"));
  REQUIRE_FALSE(fs::exists(tmp / "seg" / "broken_labels.tif"));
  // Only bad images: nothing processed, status 2.
  REQUIRE(run_lysisq({"segment", bad.string(), "--out", (tmp / "seg2").string(), "-q"}, tmp / "s2").status == 2);
}

TEST_CASE("synth rejects a malformed --size with exit 2", "[cli]") {
  test::TempDir tmp;
  const auto r = run_lysisq({"synth", "--out", (tmp / "p").string(), "--size", "12by12"}, tmp / "s");
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"--size", "12by12"});
}
