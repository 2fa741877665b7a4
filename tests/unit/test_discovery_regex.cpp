// SPDX-License-Identifier: MIT
// discover_plate with input.filename_pattern (placeholders or positional groups), and layout
// auto-detection: one layout fits, several fit (error naming them), none fits.
#include <catch2/catch.hpp>

#include <random>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

TEST_CASE("regex layout: placeholders in any order with the user's own groups around them", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  test::TempDir dir;
  test::ImageMap gold;
  // Channel before well, a capturing group of the user's before everything, time and z too.
  InputParams in;
  in.layout = InputLayout::kRegex;
  in.filename_pattern = R"((run|exp)[0-9]{2}--c{channel}--{well:[a-p][0-9]{1,2}}--t{timepoint}z{z}--f{field}\.png)";
  for (int i = 0; i < 30; ++i) {
    const WellId w{int(rng() % 16), int(rng() % 24)};
    const int ch = 1 + int(rng() % 3), t = 1 + int(rng() % 3), z = int(rng() % 2), field = 1 + int(rng() % 5);
    const std::string well = std::string(1, char('a' + w.row)) + std::to_string(w.col + 1);
    const std::string name = (rng() % 2 ? "run" : "exp") + std::string("07--c") + std::to_string(ch) + "--" + well +
                             "--t" + std::to_string(t) + "z" + std::to_string(z) + "--f" + std::to_string(field) + ".png";
    if (gold.emplace(test::ImageKey{w.str(), field, t, z, ch}, name).second) dir.write(name, "");
  }
  dir.write("run07--c1--a1--t1z0--f1.tif", "");  // wrong extension: ignored
  const io::PlateManifest m = io::discover_plate(dir.path(), in);
  REQUIRE(m.layout == "regex");
  REQUIRE(test::image_map(m) == gold);
  REQUIRE(m.ignored_files == std::vector<std::string>{"run07--c1--a1--t1z0--f1.tif"});
  REQUIRE(m.plate_name == dir.path().filename().string());  // no {plate}: the folder
}

TEST_CASE("regex layout: row and col numbers and channel names numbered in name order", "[unit]") {
  test::TempDir dir;
  for (const char* n : {"P9_R3C12_DAPI.tif", "P9_R3C12_FITC.tif", "P9_R1C2_DAPI.tif", "P9_R1C2_Cy5.tif"}) dir.write(n, "");
  InputParams in;
  in.filename_pattern = R"({plate}_R{row}C{col}_{channel_name}\.tif)";  // changed pattern: auto means regex
  const auto m = io::discover_plate(dir.path(), in);
  REQUIRE(m.layout == "regex");
  REQUIRE(m.plate_name == "P9");
  // Names without an index are numbered in (natural) name order: Cy5, DAPI, FITC.
  REQUIRE(m.channel_names == std::map<int, std::string>{{1, "Cy5"}, {2, "DAPI"}, {3, "FITC"}});
  REQUIRE(test::image_map(m) == test::ImageMap{{{"A02", 1, 0, 1, 1}, "P9_R1C2_Cy5.tif"},
                                               {{"A02", 1, 0, 1, 2}, "P9_R1C2_DAPI.tif"},
                                               {{"C12", 1, 0, 1, 2}, "P9_R3C12_DAPI.tif"},
                                               {{"C12", 1, 0, 1, 3}, "P9_R3C12_FITC.tif"}});
}

TEST_CASE("regex layout: a positional pattern works as scan_plate_dir does", "[unit]") {
  test::TempDir dir;
  dir.write("run7-b3-f02-c4.png", "");
  dir.write("run7-b3-f01-c1.png", "");
  InputParams in;
  in.layout = InputLayout::kRegex;
  in.filename_pattern = R"(^(\w+)-([a-p]\d{1,2})-f(\d+)-c(\d+)\.png$)";
  const auto a = io::discover_plate(dir.path(), in);
  const auto b = io::scan_plate_dir(dir.path(), in.filename_pattern);
  REQUIRE(a.plate_name == b.plate_name);
  REQUIRE(test::image_map(a) == test::image_map(b));
}

TEST_CASE("regex layout: a bad pattern is a ConfigError naming the key", "[unit]") {
  test::TempDir dir;
  dir.write("P_A01_s1_w1.tif", "");
  InputParams in;
  in.layout = InputLayout::kRegex;
  in.filename_pattern = "{plate}_{wel}.tif";
  REQUIRE_THROWS_AS(io::discover_plate(dir.path(), in), ConfigError);
  REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), in), Contains("input.filename_pattern") && Contains("{wel}"));
}

TEST_CASE("auto layout: ambiguity names the candidates and no fit says what to set", "[unit]") {
  test::TempDir dir;
  SECTION("two layouts") {
    test::write_tiny_tiff(dir.path(), "P_B02_s1_w1.tif");
    test::write_tiny_tiff(dir.path(), "B5_03_1_1_Bright Field_001.tif");
    REQUIRE_THROWS_AS(io::discover_plate(dir.path(), InputParams{}), InputError);
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}),
                        Contains("imagexpress") && Contains("cytation") && Contains("input.layout") &&
                            Contains("P_B02_s1_w1.tif"));
    InputParams in;
    in.layout = InputLayout::kCytation;  // choosing one settles it; the other is ignored
    const auto m = io::discover_plate(dir.path(), in);
    REQUIRE(m.layout == "cytation");
    REQUIRE(m.ignored_files == std::vector<std::string>{"P_B02_s1_w1.tif"});
    REQUIRE(io::detect_layout(dir.path(), in) == InputLayout::kCytation);
  }
  SECTION("no layout") {
    dir.write("image_001.tif", "");
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}),
                        Contains("no file name fits") && Contains("input.filename_pattern"));
  }
  SECTION("one layout") {
    test::write_tiny_tiff(dir.path(), "r01c01f01p01-ch1sk1fk1fl1.tiff");
    REQUIRE(io::detect_layout(dir.path(), InputParams{}) == InputLayout::kOperetta);
  }
}
