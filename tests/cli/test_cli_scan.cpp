// SPDX-License-Identifier: MIT
// `lysisq scan`: text and --json reports of a real ImageXpress acquisition (BBBC039) and of a
// fixture with a missing channel; --set input.layout; nothing usable or an ambiguous folder is
// exit 2 with one line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using test::run_lysisq;
namespace fs = std::filesystem;

namespace {
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("cli: scan reports a real acquisition as text and JSON", "[cli]") {
  const fs::path images = fs::path(LYSISQ_SHARED_DIR) / "datasets/bbbc039/images";
  if (!fs::is_directory(images)) {
    WARN("skipped: " << images.string() << " not found");
    return;
  }
  test::TempDir tmp;
  const auto text = run_lysisq({"scan", images.string()}, tmp / "s1");
  CAPTURE(text.out, text.err);
  REQUIRE(text.status == 0);
  REQUIRE(contains(text.out, "imagexpress (detected)"));
  REQUIRE(contains(text.out, "IXMtest"));
  REQUIRE(contains(text.out, "wells:        10 "));
  REQUIRE(contains(text.out, "missing:      60 images"));

  const auto js = run_lysisq({"scan", images.string(), "--json"}, tmp / "s2");
  REQUIRE(js.status == 0);
  const auto j = nlohmann::json::parse(js.out);
  REQUIRE(j["layout"] == "imagexpress");
  REQUIRE(j["layout_detected"] == true);
  REQUIRE(j["wells"].size() == 10);
  REQUIRE(j["channels"].size() == 1);
  REQUIRE(j["channels"][0]["index"] == 1);
  REQUIRE(j["image_files"] == 10);
  REQUIRE(j["missing"].size() == 60);
  for (const auto& [well, fields] : j["fields"].items()) REQUIRE(fields.size() == 1);
}

TEST_CASE("cli: scan lists a missing channel and ignored files", "[cli]") {
  test::TempDir tmp;
  const fs::path plate = tmp / "plate";
  for (const char* name : {"P_A01_s1_w1.tif", "P_A01_s1_w2.tif", "P_A02_s1_w1.tif"}) test::write_tiny_tiff(plate, name);
  test::write_tiny_tiff(plate, "P_A01_s1_w1_thumb.tif");
  const auto r = run_lysisq({"scan", plate.string(), "--json"}, tmp / "s1");
  CAPTURE(r.out, r.err);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["missing"] == nlohmann::json::parse(R"([{"well":"A02","field":1,"timepoint":0,"z":1,"channel":2}])"));
  REQUIRE(j["ignored_files"] == nlohmann::json::parse(R"(["P_A01_s1_w1_thumb.tif"])"));
  const auto t = run_lysisq({"scan", plate.string()}, tmp / "s2");
  REQUIRE(contains(t.out, "A02: s1 ch2"));
}

TEST_CASE("cli: scan with a layout from --set and the errors of an unusable folder", "[cli]") {
  test::TempDir tmp;
  const fs::path plate = tmp / "plate";
  test::write_tiny_tiff(plate, "P_B02_s1_w1.tif");
  test::write_tiny_tiff(plate, "B5_03_2_1_DAPI_001.tif");
  const auto amb = run_lysisq({"scan", plate.string()}, tmp / "s1");
  REQUIRE(amb.status == 2);
  REQUIRE(amb.err_lines().size() == 1);
  REQUIRE(contains(amb.err, "imagexpress"));
  REQUIRE(contains(amb.err, "cytation"));

  const auto cyt = run_lysisq({"scan", plate.string(), "--set", "input.layout=cytation", "--json"}, tmp / "s2");
  CAPTURE(cyt.err);
  REQUIRE(cyt.status == 0);
  const auto j = nlohmann::json::parse(cyt.out);
  REQUIRE(j["layout"] == "cytation");
  REQUIRE(j["layout_detected"] == false);
  REQUIRE(j["channels"] == nlohmann::json::parse(R"([{"index":2,"name":"DAPI"}])"));

  const auto none = run_lysisq({"scan", (tmp / "nope").string()}, tmp / "s3");
  REQUIRE(none.status == 2);
  REQUIRE(contains(none.err, "no such folder"));
}
