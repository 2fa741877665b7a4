// SPDX-License-Identifier: MIT
// discover_plate, Cytation (Gen5) layout: <well>_<read>_<channel>_<field>_<channel name>_<n>.tif,
// unpadded wells, names with spaces, one read per folder, one name per channel index.
#include <catch2/catch.hpp>

#include <random>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

const std::map<int, std::string> kNames{{1, "Bright Field"}, {2, "DAPI"}, {3, "GFP_ext"}, {4, "Texas Red"}};

std::string three(int v) {
  std::string s = std::to_string(v);
  return std::string(3 - s.size(), '0') + s;
}

std::string cytation_name(const WellId& w, const std::string& read, int ch, int field, int n) {
  std::string well(1, char('A' + w.row));  // "B5", "A10"
  well += std::to_string(w.col + 1);
  return well + "_" + read + "_" + std::to_string(ch) + "_" + std::to_string(field) + "_" + kNames.at(ch) + "_" +
         three(n) + ".tif";
}

}  // namespace

TEST_CASE("cytation: wells and named channels and fields and image numbers", "[unit]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  test::TempDir dir;
  test::ImageMap gold;
  std::map<int, std::string> names;
  for (int i = 0; i < 25; ++i) {
    const WellId w{int(rng() % 8), int(rng() % 12)};
    const int ch = 1 + int(rng() % 4), field = 1 + int(rng() % 4), n = 1 + int(rng() % 3);
    const std::string name = cytation_name(w, "03", ch, field, n);
    if (gold.emplace(test::ImageKey{w.str(), field, n, 1, ch}, name).second) test::write_tiny_tiff(dir.path(), name);
    names[ch] = kNames.at(ch);
  }
  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.layout == "cytation");
  REQUIRE(test::image_map(m) == gold);
  REQUIRE(m.channel_names == names);
  REQUIRE(m.plate_name == dir.path().filename().string());
}

TEST_CASE("cytation: several reads in one folder are an error that says what to do", "[unit]") {
  test::TempDir dir;
  test::write_tiny_tiff(dir.path(), cytation_name(WellId{1, 4}, "03", 1, 1, 1));
  test::write_tiny_tiff(dir.path(), cytation_name(WellId{1, 4}, "04", 1, 1, 1));
  REQUIRE_THROWS_AS(io::discover_plate(dir.path(), InputParams{}), InputError);
  REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}),
                      Contains("reads") && Contains("'03'") && Contains("'04'") && Contains("input.filename_pattern"));
  SECTION("a pattern that keeps one read") {
    InputParams in;
    in.layout = InputLayout::kRegex;
    in.filename_pattern = R"({well}_04_{channel}_{field}_{channel_name}_{timepoint}\.tif)";
    const auto m = io::discover_plate(dir.path(), in);
    REQUIRE(m.fields.size() == 1);
    REQUIRE(m.ignored_files.size() == 1);
    REQUIRE(m.channel_names.at(1) == "Bright Field");
  }
}

TEST_CASE("cytation: one channel index with two names is an error", "[unit]") {
  test::TempDir dir;
  test::write_tiny_tiff(dir.path(), "B5_03_1_1_Bright Field_001.tif");
  test::write_tiny_tiff(dir.path(), "B6_03_1_1_Phase Contrast_001.tif");
  REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}),
                      Contains("'Bright Field'") && Contains("'Phase Contrast'"));
}
