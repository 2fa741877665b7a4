// SPDX-License-Identifier: MIT
// discover_plate, ImageXpress layout: names with and without _s / _w / GUID, thumbnails,
// TimePoint_<n>/ZStep_<m>/ folders, gaps, and a real acquisition (BBBC039, LYSISQ_SHARED_DIR).
#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <set>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

/// An upper-case GUID; its first character is a digit half the time, so "_w1" + GUID starts
/// with more digits (the case a greedy `w([0-9]+)` gets wrong).
std::string guid(std::mt19937& rng) {
  static const char* hex = "0123456789ABCDEF";
  std::string g;
  for (int n : {8, 4, 4, 4, 12}) {
    if (!g.empty()) g += '-';
    for (int i = 0; i < n; ++i) g += hex[rng() % 16];
  }
  return g;
}

}  // namespace

TEST_CASE("imagexpress: every field and channel with GUIDs and thumbnails", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  test::TempDir dir;
  test::ImageMap gold;
  for (int i = 0; i < 30; ++i) {
    const WellId w{int(rng() % 8), int(rng() % 12)};
    const int field = 1 + int(rng() % 4), channel = 1 + int(rng() % 4);
    const std::string name = "Exp_12_" + w.str() + "_s" + std::to_string(field) + "_w" + std::to_string(channel) +
                             (rng() % 2 ? guid(rng) : "") + ".tif";
    if (gold.emplace(test::ImageKey{w.str(), field, 0, 1, channel}, name).second) test::write_tiny_tiff(dir.path(), name);
  }
  test::write_tiny_tiff(dir.path(), "Exp_12_A01_s1_w1_thumb" + guid(rng) + ".tif");
  dir.write("Exp_12.HTD", "");

  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.layout == "imagexpress");
  REQUIRE(m.plate_name == "Exp_12");
  REQUIRE(test::image_map(m) == gold);
  REQUIRE(m.ignored_files.size() == 2);

  // Gaps, by brute force over what was written: wells x fields x channels seen anywhere.
  std::set<std::string> wells;
  std::set<int> fields, channels;
  for (const auto& [k, name] : gold) {
    wells.insert(std::get<0>(k));
    fields.insert(std::get<1>(k));
    channels.insert(std::get<4>(k));
  }
  std::vector<io::MissingImage> expected;
  for (const auto& w : wells)
    for (int f : fields) {
      std::vector<int> lacking;
      for (int c : channels)
        if (!gold.count({w, f, 0, 1, c})) lacking.push_back(c);
      if (lacking.size() == channels.size()) expected.push_back({*WellId::parse(w), f, 0, 1, 0});
      else
        for (int c : lacking) expected.push_back({*WellId::parse(w), f, 0, 1, c});
    }
  REQUIRE(io::find_missing(m) == expected);
}

TEST_CASE("imagexpress: a missing _s means one site and a missing _w one channel", "[unit]") {
  test::TempDir dir;
  test::write_tiny_tiff(dir.path(), "P_B02.tif");
  test::write_tiny_tiff(dir.path(), "P_B03_w2.TIF");
  test::write_tiny_tiff(dir.path(), "P_B04_s12.tif");  // not plate "P_B04", well "s12"
  const auto m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.plate_name == "P");
  REQUIRE(test::image_map(m) == test::ImageMap{{{"B02", 1, 0, 1, 1}, "P_B02.tif"},
                                               {{"B03", 1, 0, 1, 2}, "P_B03_w2.TIF"},
                                               {{"B04", 12, 0, 1, 1}, "P_B04_s12.tif"}});
}

TEST_CASE("imagexpress: TimePoint and ZStep folders give time point and z-step", "[unit]") {
  test::TempDir dir;
  test::ImageMap gold;
  for (int t : {1, 2})
    for (int z : {0, 1, 2}) {  // ZStep_0 is the projection
      const std::string rel = "TimePoint_" + std::to_string(t) + "/ZStep_" + std::to_string(z) + "/P_C05_s1_w1.tif";
      test::write_tiny_tiff(dir.path(), rel);
      gold[{"C05", 1, t, z, 1}] = rel;
    }
  test::write_tiny_tiff(dir.path(), "TimePoint_3/P_C05_s1_w1.tif");  // no ZStep folder: z 1
  gold[{"C05", 1, 3, 1, 1}] = "TimePoint_3/P_C05_s1_w1.tif";
  fs::create_directories(dir / "thumbs");
  const auto m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(test::image_map(m) == gold);
  REQUIRE(m.ignored_files == std::vector<std::string>{"thumbs/"});
  // The grid is t {1, 2, 3} x z {0, 1, 2}; TimePoint_3 has z 1 only.
  const auto missing = io::find_missing(m);
  REQUIRE(missing == std::vector<io::MissingImage>{{WellId{2, 4}, 1, 3, 0, 0}, {WellId{2, 4}, 1, 3, 2, 0}});
}

TEST_CASE("imagexpress: a well with fewer fields or channels is reported and not guessed", "[unit]") {
  test::TempDir dir;
  for (const char* w : {"A01", "A02", "A03"})
    for (int s : {1, 2})
      for (int c : {1, 2}) {
        const bool lost = (std::string(w) == "A02" && s == 2) || (std::string(w) == "A03" && s == 1 && c == 2);
        if (!lost) test::write_tiny_tiff(dir.path(), std::string("P_") + w + "_s" + std::to_string(s) + "_w" + std::to_string(c) + ".tif");
      }
  const auto m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(io::find_missing(m) ==
          std::vector<io::MissingImage>{{WellId{0, 1}, 2, 0, 1, 0}, {WellId{0, 2}, 1, 0, 1, 2}});
}

TEST_CASE("imagexpress: folder-level errors", "[unit]") {
  test::TempDir dir;
  SECTION("missing folder") {
    REQUIRE_THROWS_WITH(io::discover_plate(dir / "nope", InputParams{}), Contains("no such folder"));
  }
  SECTION("mixed plates") {
    test::write_tiny_tiff(dir.path(), "P1_A01_s1_w1.tif");
    test::write_tiny_tiff(dir.path(), "P2_A02_s1_w1.tif");
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("'P1'") && Contains("'P2'"));
  }
  SECTION("two files for one image") {
    test::write_tiny_tiff(dir.path(), "P1_A01_s1_w1.tif");
    test::write_tiny_tiff(dir.path(), "P1_A01_s1_w1.png");
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("A01") && Contains("channel 1"));
  }
}

TEST_CASE("imagexpress: BBBC039 is a real acquisition with GUID names", "[unit]") {
  const fs::path images = fs::path(LYSISQ_SHARED_DIR) / "datasets/bbbc039/images";
  if (!fs::is_directory(images)) {
    WARN("skipped: " << images.string() << " not found");
    return;
  }
  // Oracle from the names alone: <plate>_<well>_s<site>_w1<GUID>.tif, site a single digit.
  std::map<std::string, int> site_of;
  for (const auto& e : fs::directory_iterator(images)) {
    const std::string n = e.path().filename().string();
    const auto s = n.find("_s");
    site_of[n.substr(n.find('_') + 1, 3)] = n[s + 2] - '0';
  }
  REQUIRE(site_of.size() == 10);

  const io::PlateManifest m = io::discover_plate(images, InputParams{});
  REQUIRE(m.layout == "imagexpress");
  REQUIRE(m.plate_name == "IXMtest");
  REQUIRE(m.fields.size() == 10);
  std::set<int> all_sites;
  for (const auto& f : m.fields) {
    CAPTURE(f.well.str());
    REQUIRE(f.field == site_of.at(f.well.str()));
    REQUIRE(f.channels.size() == 1);
    REQUIRE(f.channels.count(1) == 1);  // w1, not the GUID's leading digits
    all_sites.insert(f.field);
  }
  // Each well has one site, and the sites differ: every well lacks the sites others have.
  const auto missing = io::find_missing(m);
  REQUIRE(missing.size() == 10 * all_sites.size() - 10);
  for (const auto& x : missing) {
    REQUIRE(x.channel == 0);
    REQUIRE(x.field != site_of.at(x.well.str()));
  }
}
