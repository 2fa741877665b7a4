// SPDX-License-Identifier: MIT
// Plate discovery (ROOT folder, LIST file) and the shard partition of `lysisq batch`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "cli/batch_plan.hpp"
#include "lysisq/errors.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using namespace lysisq::batch;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names_of(const std::vector<PlateEntry>& plates) {
  std::vector<std::string> n;
  for (const auto& p : plates) n.push_back(p.name);
  return n;
}

}  // namespace

TEST_CASE("batch ROOT discovery: folders and counter files are plates, layouts and hidden entries are not", "[unit]") {
  test::TempDir d;
  for (const char* sub : {"P2", "P1", ".hidden", "out"}) fs::create_directories(d / sub);
  d.write("P1/layout.yaml", "x");
  d.write("C1.csv", "well,cpm\n");
  d.write("C1.layout.yaml", "x");
  d.write("C2.TSV", "");
  d.write("layout.yaml", "x");       // ROOT's layout: C2's fallback
  d.write("grid.layout.csv", "x");  // a layout, not a counter file
  d.write("notes.md", "x");         // not a plate type
  d.write(".scan.tif", "x");        // hidden
  PlanOptions opt;
  opt.out_dir = d / "out";
  const auto plates = discover_plates(d.path(), opt);
  REQUIRE(names_of(plates) == std::vector<std::string>{"C1", "C2", "P1", "P2"});
  const fs::path root = fs::absolute(d.path());
  CHECK(plates[0].input == root / "C1.csv");
  CHECK(plates[0].layout == root / "C1.layout.yaml");
  CHECK(plates[1].layout == root / "layout.yaml");
  CHECK(plates[2].input == root / "P1");
  CHECK(plates[2].layout == root / "P1" / "layout.yaml");
  CHECK(plates[3].layout == root / "P2" / "layout.yaml");  // missing: the plate fails later, naming it

  SECTION("--layout replaces every plate's own layout") {
    opt.shared_layout = "/x/shared.yaml";
    for (const auto& p : discover_plates(d.path(), opt)) CHECK(p.layout == "/x/shared.yaml");
  }
  SECTION("--layout-name renames a folder's layout file") {
    opt.layout_name = "plate.yaml";
    CHECK(discover_plates(d.path(), opt)[2].layout == root / "P1" / "plate.yaml");
  }
  SECTION("OUT equal to ROOT is refused") {
    opt.out_dir = d.path();
    CHECK_THROWS_AS(discover_plates(d.path(), opt), InputError);
  }
}

TEST_CASE("batch ROOT discovery: an empty folder, a missing source or a plate named logs is an input error", "[unit]") {
  test::TempDir d;
  CHECK_THROWS_AS(discover_plates(d.path(), {}), InputError);
  CHECK_THROWS_AS(discover_plates(d / "nope", {}), InputError);
  fs::create_directories(d / "logs");  // would collide with OUT/logs
  CHECK_THROWS_AS(discover_plates(d.path(), {}), InputError);
}

TEST_CASE("batch LIST file: tabs or blanks, comments, relative paths, layout and name columns", "[unit]") {
  test::TempDir d;
  fs::create_directories(d / "a b");
  fs::create_directories(d / "P9");
  fs::create_directories(d / "runs" / "R1");
  d.write("runs/R1/counts.csv", "");
  d.write("plates.txt",
          "# plates of the week\n"
          "\n"
          "a b\tshared.yaml\n"          // tab-separated: a path with a space
          "P9/   \r\n"                  // trailing slash, CRLF
          "runs/R1/counts.csv  runs/R1/layout.yaml  R1\n");
  const auto plates = discover_plates(d / "plates.txt", {});
  REQUIRE(names_of(plates) == std::vector<std::string>{"P9", "R1", "a b"});
  const fs::path root = fs::absolute(d.path());
  CHECK(plates[0].input == root / "P9");
  CHECK(plates[0].layout == root / "P9" / "layout.yaml");
  CHECK(plates[1].input == root / "runs" / "R1" / "counts.csv");
  CHECK(plates[1].layout == root / "runs" / "R1" / "layout.yaml");
  CHECK(plates[2].input == root / "a b");
  CHECK(plates[2].layout == root / "shared.yaml");
}

TEST_CASE("batch LIST file: two plates with one output folder are refused, naming both", "[unit]") {
  test::TempDir d;
  d.write("list.txt", "x/counts.csv\ny/counts.csv\n");
  try {
    discover_plates(d / "list.txt", {});
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("x/counts.csv") != std::string::npos);
    CHECK(msg.find("y/counts.csv") != std::string::npos);
  }
  d.write("bad.txt", "x/counts.csv lay.yaml .secret\n");
  CHECK_THROWS_AS(discover_plates(d / "bad.txt", {}), InputError);
  d.write("four.txt", "a b c d\n");
  CHECK_THROWS_AS(discover_plates(d / "four.txt", {}), InputError);
}

TEST_CASE("batch shard text i/N is parsed strictly", "[unit]") {
  CHECK(parse_shard("0/1").index == 0);
  CHECK(parse_shard("2/4").index == 2);
  CHECK(parse_shard("2/4").count == 4);
  for (const char* bad : {"4/4", "-1/4", "1/0", "1", "1/2/3", "a/b", "1 /2", "", "/2", "1/"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_shard(bad), ConfigError);
  }
  CHECK(shard_stem({1, 3}) == "shard-1-of-3");
}

TEST_CASE("batch shards cover every plate exactly once, balanced, for N = 1..4", "[unit][property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  const int plates_n = std::uniform_int_distribution<int>(0, 23)(rng);
  std::vector<PlateEntry> plates;
  for (int k = 0; k < plates_n; ++k) plates.push_back({"P" + std::to_string(rng()), "/in", "/lay"});
  std::sort(plates.begin(), plates.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(seed, plates_n, n);
    std::multiset<std::string> covered;
    std::size_t smallest = plates.size(), largest = 0;
    for (int i = 0; i < n; ++i) {
      const auto mine = select_shard(plates, {i, n});
      smallest = std::min(smallest, mine.size());
      largest = std::max(largest, mine.size());
      for (const auto& p : mine) covered.insert(p.name);
    }
    std::multiset<std::string> gold;
    for (const auto& p : plates) gold.insert(p.name);
    CHECK(covered == gold);               // each plate once: equal multisets of distinct names
    CHECK(largest - smallest <= 1);       // round robin over sorted names
  }
}
