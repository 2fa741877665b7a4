// SPDX-License-Identifier: MIT
// discover_plate, Incucyte export layout: <vessel>_<well>_<field>_<yyyy>y<mm>m<dd>d_<hh>h<mm>m.tif
// (or elapsed <d>d<hh>h<mm>m): scans become time points 1, 2, ... in chronological order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <random>

#include "lysisq/discovery.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;

namespace {

struct Scan {
  int y, mo, d, h, mi;
  std::string label(bool elapsed) const {
    char buf[64];
    if (elapsed) std::snprintf(buf, sizeof buf, "%dd%02dh%02dm", d, h, mi);
    else std::snprintf(buf, sizeof buf, "%04dy%02dm%02dd_%02dh%02dm", y, mo, d, h, mi);
    return buf;
  }
  auto key() const { return std::tie(y, mo, d, h, mi); }
};

std::string incucyte_well(const WellId& w) {
  std::string s(1, char('A' + w.row));
  s += std::to_string(w.col + 1);
  return s;
}

}  // namespace

TEST_CASE("incucyte: scans are numbered in time order with unpadded wells and one channel", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const bool elapsed = GENERATE(false, true);
  CAPTURE(seed, elapsed);
  std::mt19937 rng(seed);
  // Scan times spanning month and day-9/day-10 boundaries, so text order is not time order
  // for elapsed days ("9d" > "10d" as text).
  std::vector<Scan> scans;
  for (int i = 0; i < 4; ++i)
    scans.push_back({2021, 1 + int(rng() % 12), 1 + int(rng() % 28), int(rng() % 24), int(rng() % 60)});
  std::sort(scans.begin(), scans.end(), [](const Scan& a, const Scan& b) { return a.key() < b.key(); });
  scans.erase(std::unique(scans.begin(), scans.end(), [](const Scan& a, const Scan& b) { return a.key() == b.key(); }),
              scans.end());
  if (elapsed) {  // elapsed labels carry no month: keep the days distinct instead
    for (std::size_t i = 0; i < scans.size(); ++i) scans[i].d = 8 + int(i);  // 8d, 9d, 10d, 11d
  }
  test::TempDir dir;
  test::ImageMap gold;
  std::map<int, std::string> labels;
  for (std::size_t t = 0; t < scans.size(); ++t) {
    labels[int(t) + 1] = scans[t].label(elapsed);
    for (int i = 0; i < 3; ++i) {
      const WellId w{int(rng() % 8), int(rng() % 12)};
      const int field = 1 + int(rng() % 4);
      std::string name = "Vessel 1_";
      name.append(incucyte_well(w)).append("_").append(std::to_string(field)).append("_").append(scans[t].label(elapsed)).append(".tif");
      if (gold.emplace(test::ImageKey{w.str(), field, int(t) + 1, 1, 1}, name).second) test::write_tiny_tiff(dir.path(), name);
    }
  }
  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.layout == "incucyte");
  REQUIRE(m.plate_name == "Vessel 1");
  REQUIRE(test::image_map(m) == gold);
  REQUIRE(m.timepoint_labels == labels);
}
