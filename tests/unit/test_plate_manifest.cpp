// SPDX-License-Identifier: MIT
// scan_plate_dir: file names -> wells, fields, channels; ignored files; folder-level errors.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "lysisq/config.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {
const std::string kPattern = InputParams{}.filename_pattern;
}

TEST_CASE("scan_plate_dir finds every field and channel, sorted by well then field", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  test::TempDir dir;
  // Oracle: what was written, in a std::map keyed (well, field).
  std::map<std::pair<WellId, int>, std::map<int, std::string>> gold;
  for (int i = 0; i < 40; ++i) {
    const WellId w{int(rng() % 8), int(rng() % 12)};
    const int field = 1 + int(rng() % 4), channel = 1 + int(rng() % 3);
    // ImageXpress appends a GUID to some names; the pattern's ".*" absorbs it.
    const std::string guid = rng() % 2 ? "" : "A1B2C3D4-0000-1111";
    const std::string name = "My_Plate_" + w.str() + "_s" + std::to_string(field) + "_w" + std::to_string(channel) + guid + ".tif";
    if (gold[{w, field}].emplace(channel, name).second) dir.write(name, "");
  }
  dir.write("My_Plate_A01_s1_w1_thumbA1B2.tif", "");
  dir.write("notes.txt", "");
  dir.write("My_Plate_A01_s1_w1.jpg", "");

  const io::PlateManifest m = io::scan_plate_dir(dir.path(), kPattern);
  REQUIRE(m.plate_name == "My_Plate");
  REQUIRE(m.dir == dir.path());
  REQUIRE(m.fields.size() == gold.size());
  auto it = gold.begin();
  for (const auto& f : m.fields) {
    CAPTURE(f.well.str(), f.field);
    REQUIRE(std::make_pair(f.well, f.field) == it->first);
    REQUIRE(f.channels.size() == it->second.size());
    for (const auto& [ch, name] : it->second) REQUIRE(f.channels.at(ch).filename().string() == name);
    ++it;
  }
  REQUIRE(m.ignored_files ==
          std::vector<std::string>{"My_Plate_A01_s1_w1.jpg", "My_Plate_A01_s1_w1_thumbA1B2.tif", "notes.txt"});
}

TEST_CASE("scan_plate_dir folder-level errors", "[unit]") {
  test::TempDir dir;
  SECTION("missing folder") {
    REQUIRE_THROWS_WITH(io::scan_plate_dir(dir / "nope", kPattern), Contains("nope") && Contains("no such folder"));
  }
  SECTION("no images") {
    dir.write("readme.txt", "");
    REQUIRE_THROWS_WITH(io::scan_plate_dir(dir.path(), kPattern),
                        Contains(dir.path().string()) && Contains("no image files") && Contains("1 other"));
  }
  SECTION("mixed plates") {
    dir.write("P1_A01_s1_w1.tif", "");
    dir.write("P2_A02_s1_w1.tif", "");
    REQUIRE_THROWS_AS(io::scan_plate_dir(dir.path(), kPattern), InputError);
    REQUIRE_THROWS_WITH(io::scan_plate_dir(dir.path(), kPattern), Contains("'P1'") && Contains("'P2'"));
  }
  SECTION("two files for one channel") {
    dir.write("P1_A01_s1_w1.tif", "");
    dir.write("P1_A01_s1_w1.png", "");
    REQUIRE_THROWS_WITH(io::scan_plate_dir(dir.path(), kPattern), Contains("A01") && Contains("channel 1"));
  }
  SECTION("bad pattern") {
    dir.write("P1_A01_s1_w1.tif", "");
    REQUIRE_THROWS_AS(io::scan_plate_dir(dir.path(), "(a)(b"), ConfigError);
    REQUIRE_THROWS_AS(io::scan_plate_dir(dir.path(), "(.*)"), ConfigError);
  }
}

TEST_CASE("scan_plate_dir with a custom pattern", "[unit]") {
  test::TempDir dir;
  dir.write("run7-b3-f02-c4.png", "");
  dir.write("run7-b3-f01-c1.png", "");
  const auto m = io::scan_plate_dir(dir.path(), R"(^(\w+)-([a-p]\d{1,2})-f(\d+)-c(\d+)\.png$)");
  REQUIRE(m.plate_name == "run7");
  REQUIRE(m.fields.size() == 2);
  REQUIRE(m.fields[0].well.str() == "B03");
  REQUIRE(m.fields[0].field == 1);
  REQUIRE(m.fields[1].channels.count(4) == 1);
}
