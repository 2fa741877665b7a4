// SPDX-License-Identifier: MIT
// Plate layouts: well-range notation, every consistency error naming the well, round trip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

const std::string kHead = R"(schema_version: 1
plate: {name: DEMO01, wells: 96}
targets:
  - {name: MEL-P1, origin: autologous, targets_per_well: 5000}
  - {name: K562, origin: cell_line, nk_class: nk_sensitive}
effectors:
  - {name: LAK-D1, type: LAK, donor: D1}
wells:
)";
// The first `wells:` entry is on line 9 of kHead + entries.
const std::string kControls = "  - {wells: H1-H3, role: spontaneous, target: K562}\n"
                              "  - {wells: H4-H6, role: target_only, target: MEL-P1}\n";

std::set<WellId> wells_of(const std::string& spec, int plate_wells = 96) {
  const std::string yaml = "schema_version: 1\nplate: {name: X, wells: " + std::to_string(plate_wells) +
                           "}\nwells:\n  - {wells: '" + spec + "', role: background}\n";
  std::set<WellId> out;
  for (const auto& w : config::parse_layout(yaml, "l.yaml").wells) out.insert(w.well);
  return out;
}

std::set<WellId> rect(int r0, int c0, int r1, int c1) {
  std::set<WellId> out;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c) out.insert({r, c});
  return out;
}

void require_layout_error(const std::string& entries, std::initializer_list<std::string> parts) {
  CAPTURE(entries);
  try {
    config::parse_layout(kHead + entries, "plate.yaml");
    FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    for (const auto& p : parts) REQUIRE_THAT(msg, Contains(p));
  }
}

}  // namespace

TEST_CASE("well specs: single wells, rectangles, rows, columns and lists", "[unit]") {
  REQUIRE(wells_of("B7") == rect(1, 6, 1, 6));
  REQUIRE(wells_of("b07") == rect(1, 6, 1, 6));
  REQUIRE(wells_of("A1-A3") == rect(0, 0, 0, 2));
  REQUIRE(wells_of("A1-C3") == rect(0, 0, 2, 2));
  REQUIRE(wells_of("C3-A1") == rect(0, 0, 2, 2));
  REQUIRE(wells_of("row H") == rect(7, 0, 7, 11));
  REQUIRE(wells_of("col 12") == rect(0, 11, 7, 11));
  REQUIRE(wells_of("column 1") == rect(0, 0, 7, 0));
  REQUIRE(wells_of("A1,A2,B05") == std::set<WellId>{{0, 0}, {0, 1}, {1, 4}});
  REQUIRE(wells_of("A1-B2, row H") == [] { auto s = rect(0, 0, 1, 1); auto h = rect(7, 0, 7, 11); s.insert(h.begin(), h.end()); return s; }());
  REQUIRE(wells_of("row P", 384) == rect(15, 0, 15, 23));
  REQUIRE(wells_of("P24", 384) == rect(15, 23, 15, 23));
}

TEST_CASE("random rectangles expand to exactly their wells", "[unit]") {
  const auto seed = GENERATE(take(10, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const int r0 = int(rng() % 16), r1 = int(rng() % 16), c0 = int(rng() % 24), c1 = int(rng() % 24);
  const std::string spec = WellId{r0, c0}.str() + "-" + WellId{r1, c1}.str();
  CAPTURE(spec);
  REQUIRE(wells_of(spec, 384) == rect(std::min(r0, r1), std::min(c0, c1), std::max(r0, r1), std::max(c0, c1)));
}

TEST_CASE("the example layout loads, sorted by well", "[unit]") {
  const PlateLayout l = config::load_layout(std::string(LYSISQ_SOURCE_DIR) + "/configs/examples/layout_96.yaml");
  REQUIRE(l.name == "DEMO01");
  REQUIRE(l.format.well_count() == 96);
  REQUIRE(l.targets.size() == 3);
  REQUIRE(std::is_sorted(l.wells.begin(), l.wells.end(),
                         [](const WellAssignment& a, const WellAssignment& b) { return a.well < b.well; }));
  const WellAssignment* a5 = l.find(*WellId::parse("A5"));
  REQUIRE(a5);
  REQUIRE(a5->role == WellRole::kExperimental);
  REQUIRE(a5->target == "MEL-P1");
  REQUIRE(a5->et_ratio == 20.0);
  REQUIRE(l.find(*WellId::parse("H12"))->role == WellRole::kBackground);
  REQUIRE(l.find(*WellId::parse("G2"))->labels.at("note") == "LAK alone");
  REQUIRE(l.find(*WellId::parse("G10")) == nullptr);
  REQUIRE(l.find_target("K562")->nk_class == NkClass::kNkSensitive);
}

TEST_CASE("layout errors name file, line and well", "[unit]") {
  SECTION("malformed ranges") {
    for (const char* bad : {"A1-", "A1-B2-C3", "row", "row 3", "col 0", "col x", "A", "A1,,A2", "A100"}) {
      require_layout_error(std::string("  - {wells: '") + bad + "', role: spontaneous, target: K562}\n",
                           {"plate.yaml:9", "wells[0].wells", "malformed"});
    }
  }
  SECTION("wells outside the plate") {
    require_layout_error(kControls + "  - {wells: Z99, role: maximum, target: K562}\n", {"plate.yaml:11", "Z99", "outside"});
    require_layout_error("  - {wells: I1, role: maximum, target: K562}\n", {"plate.yaml:9", "I01", "outside"});
    require_layout_error("  - {wells: A1-A13, role: maximum, target: K562}\n", {"A13", "outside"});
    require_layout_error("  - {wells: col 13, role: maximum, target: K562}\n", {"column 13", "outside"});
  }
  SECTION("overlaps") {
    require_layout_error(kControls + "  - {wells: H3-H4, role: maximum, target: K562}\n",
                         {"plate.yaml:11", "H03", "assigned twice", "plate.yaml:9"});
    require_layout_error("  - {wells: 'A1,A2,A1', role: maximum, target: K562}\n", {"A01", "assigned twice"});
  }
  SECTION("unknown names") {
    require_layout_error(kControls + "  - {wells: A1, role: experimental, target: K526, effector: LAK-D1, et_ratio: 5}\n",
                         {"plate.yaml:11", "A01", "unknown target", "did you mean 'K562'?"});
    require_layout_error(kControls + "  - {wells: A2, role: experimental, target: K562, effector: LAK-D2, et_ratio: 5}\n",
                         {"A02", "unknown effector", "LAK-D1"});
  }
  SECTION("role rules") {
    require_layout_error(kControls + "  - {wells: A1, role: experimental, target: K562, et_ratio: 5}\n",
                         {"plate.yaml:11", "A01", "no effector"});
    require_layout_error(kControls + "  - {wells: A1, role: experimental, target: K562, effector: LAK-D1}\n",
                         {"A01", "E:T ratio > 0"});
    require_layout_error(kControls + "  - {wells: A1, role: experimental, target: K562, effector: LAK-D1, et_ratio: 0}\n",
                         {"A01", "E:T ratio > 0"});
    require_layout_error(kControls + "  - {wells: B1, role: maximum, target: K562, effector: LAK-D1}\n",
                         {"B01", "has an effector"});
    require_layout_error(kControls + "  - {wells: B1, role: background, target: K562}\n", {"B01", "background"});
    require_layout_error(kControls + "  - {wells: B1, role: maximum}\n", {"B01", "no target"});
    require_layout_error("  - {wells: B1, role: sample, target: K562}\n", {"wells[0].role", "target_only"});
  }
  SECTION("targets without spontaneous or target-only controls") {
    require_layout_error("  - {wells: A1-A3, role: experimental, target: K562, effector: LAK-D1, et_ratio: 40}\n"
                         "  - {wells: H1-H3, role: maximum, target: K562}\n",
                         {"plate.yaml:9", "A01", "K562", "spontaneous"});
    REQUIRE_NOTHROW(config::parse_layout(
        kHead + kControls + "  - {wells: A1-A3, role: experimental, target: K562, effector: LAK-D1, et_ratio: 40}\n", "x"));
  }
  SECTION("structure") {
    require_layout_error("  - {wells: A1, role: spontaneous, target: K562, colour: red}\n",
                         {"plate.yaml:9", "wells[0].colour", "unknown key"});
    require_layout_error("  - {role: spontaneous, target: K562}\n", {"wells[0]", "'wells' is missing"});
    REQUIRE_THROWS_WITH(config::parse_layout("schema_version: 1\nplate: {name: X, wells: 100}\n", "p.yaml"),
                        Contains("p.yaml:2") && Contains("96, 384"));
    REQUIRE_THROWS_WITH(config::parse_layout("plate: {name: X, wells: 96}\n", "p.yaml"), Contains("schema_version"));
    REQUIRE_THROWS_WITH(config::parse_layout(kHead + "  - {name: K562, origin: cell_line}\n", "p.yaml"),
                        Contains("wells[0].name") && Contains("unknown key"));
    REQUIRE_THROWS_WITH(
        config::parse_layout("schema_version: 1\nplate: {name: X, wells: 96}\ntargets:\n  - {name: T, origin: cell_line}\n"
                             "  - {name: T, origin: autologous}\n",
                             "p.yaml"),
        Contains("p.yaml:5") && Contains("duplicate name") && Contains("p.yaml:4"));
    REQUIRE_THROWS_WITH(config::parse_layout("schema_version: 1\nplate: {name: X, wells: 96}\ntargets:\n"
                                             "  - {name: T, origin: xenograft}\n",
                                             "p.yaml"),
                        Contains("autologous, allogeneic, cell_line"));
  }
}

TEST_CASE("layout_to_yaml writes one entry per well and round-trips", "[unit]") {
  const PlateLayout l = config::load_layout(std::string(LYSISQ_SOURCE_DIR) + "/configs/examples/layout_96.yaml");
  const std::string text = config::layout_to_yaml(l);
  CAPTURE(text);
  const PlateLayout back = config::parse_layout(text, "written.yaml");
  REQUIRE(config::layout_to_yaml(back) == text);
  REQUIRE(back.wells.size() == l.wells.size());
  for (std::size_t i = 0; i < l.wells.size(); ++i) {
    const auto &a = l.wells[i], &b = back.wells[i];
    CAPTURE(a.well.str());
    REQUIRE((a.well == b.well && a.role == b.role && a.target == b.target && a.effector == b.effector &&
             a.et_ratio == b.et_ratio && a.labels == b.labels));
  }
  REQUIRE(std::count(text.begin(), text.end(), '\n') == 1 + 1 + 1 + 3 + 1 + 2 + 1 + long(l.wells.size()));
}

TEST_CASE("layout_to_yaml quotes awkward names and labels", "[unit]") {
  PlateLayout l;
  l.name = "plate: 7 #2";
  l.format = *PlateFormat::from_well_count(384);
  l.targets = {{"yes", TargetOrigin::kAllogeneic, NkClass::kNkResistant, 1234.5}, {"it's 1", TargetOrigin::kCellLine, NkClass::kUnknown, 1e4}};
  l.effectors = {{"NK-01", EffectorType::kNk, ""}, {"[x]", EffectorType::kPbl, "donor, 3"}};
  l.wells = {{{0, 0}, WellRole::kExperimental, "yes", "[x]", 0.1, {{"time_h", "4"}, {"ab", "anti-CD16, 10ug"}}},
             {{0, 1}, WellRole::kSpontaneous, "yes", "", 0, {}},
             {{15, 23}, WellRole::kEffectorOnly, "", "NK-01", 2.5, {{"empty", ""}}},
             {{15, 22}, WellRole::kTargetOnly, "it's 1", "", 0, {}}};
  std::sort(l.wells.begin(), l.wells.end(), [](const auto& a, const auto& b) { return a.well < b.well; });
  const std::string text = config::layout_to_yaml(l);
  CAPTURE(text);
  const PlateLayout back = config::parse_layout(text, "q.yaml");
  REQUIRE(back.name == l.name);
  REQUIRE(back.targets[0].name == "yes");
  REQUIRE(back.targets[0].targets_per_well == 1234.5);
  REQUIRE(back.targets[1].name == "it's 1");
  REQUIRE(back.effectors[1].donor == "donor, 3");
  REQUIRE(back.wells.size() == 4);
  REQUIRE(back.find({0, 0})->labels == l.wells[0].labels);
  REQUIRE(back.find({0, 0})->et_ratio == 0.1);
  REQUIRE(back.find({15, 23})->labels.at("empty").empty());
  REQUIRE(config::layout_to_yaml(back) == text);
}
