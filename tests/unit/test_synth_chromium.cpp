// SPDX-License-Identifier: MIT
// The synthetic 51Cr plate: determinism, truth that the assay formulas reproduce, a counter
// export the io reader parses, a layout that loads, and a scan that read_plate_image measures back
// to the counted cpm.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_harness.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/counter_file.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_image.hpp"
#include "lysisq/release.hpp"
#include "lysisq/synth.hpp"
#include "support/temp_dir.hpp"
#include "support/read_text.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

/// Rows of a CSV as maps header -> cell (no quoting in these files).
std::vector<std::map<std::string, std::string>> read_table(const fs::path& f) {
  std::istringstream in(test::read_text(f));
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream ls(l);
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    if (!l.empty() && l.back() == ',') cells.emplace_back();
    return cells;
  };
  std::getline(in, line);
  header = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

synth::ChromiumSynthParams params(std::uint64_t seed) {
  synth::ChromiumSynthParams p;
  p.plate_name = "CRT";
  p.seed = seed;
  return p;
}

/// One plate generated per test run and shared by the tests below.
struct Generated {
  test::TempDir dir;
  synth::ChromiumPlateTruth truth;
  Generated() { truth = synth::generate_chromium_plate(params(5), dir.path()); }
};
const Generated& plate() {
  static const Generated g;
  return g;
}

}  // namespace

TEST_CASE("synth chromium: same seed gives the same bytes, another seed other counts and scan", "[unit]") {
  const fs::path a = plate().dir.path();
  test::TempDir again, other;
  synth::generate_chromium_plate(params(5), again.path());
  synth::generate_chromium_plate(params(6), other.path());
  for (const char* name : {"counts.csv", "plate.tif", "layout.yaml", "truth.csv", "truth_conditions.csv", "truth_scan.txt"}) {
    CAPTURE(name);
    REQUIRE(fs::exists(a / name));
    REQUIRE(test::read_text(a / name) == test::read_text(again / name));
  }
  CHECK(test::read_text(a / "counts.csv") != test::read_text(other / "counts.csv"));
  CHECK(test::read_text(a / "plate.tif") != test::read_text(other / "plate.tif"));
  CHECK(test::read_text(a / "layout.yaml") == test::read_text(other / "layout.yaml"));  // the design does not use the seed
  CHECK(fs::file_size(a / "plate.tif") < 400'000);
}

TEST_CASE("synth chromium: truth %SL is the assay formula applied to the truth cpm", "[unit]") {
  const auto wells = read_table(plate().dir / "truth.csv");
  const auto conditions = read_table(plate().dir / "truth_conditions.csv");
  REQUIRE(wells.size() == 96);
  REQUIRE(conditions.size() == 24);  // 2 effectors x 3 targets x 4 E:T
  std::map<std::string, assay::ReleaseControls> controls;
  std::map<std::string, std::vector<double>> experimental;  // "effector/target/et" -> cpm
  for (const auto& w : wells) {
    if (w.at("used") != "1") continue;
    const double cpm = std::stod(w.at("true_cpm"));
    if (w.at("role") == "spontaneous") controls[w.at("target")].spontaneous.push_back(cpm);
    if (w.at("role") == "maximum") controls[w.at("target")].maximum.push_back(cpm);
    if (w.at("role") == "experimental")
      experimental[w.at("effector") + "/" + w.at("target") + "/" + w.at("et_ratio")].push_back(cpm);
  }
  REQUIRE(controls.size() == 3);
  for (const auto& [target, c] : controls) {
    CAPTURE(target);
    const assay::ControlSummary s = assay::summarize_controls(c);
    CHECK(s.spont_pct > 4.0);   // ASSAY.md §6: 5-10 % at 4 h, plus counting noise
    CHECK(s.spont_pct < 12.0);
    CHECK(s.maximum.mean > 3500);
    CHECK(s.maximum.mean < 6500);
  }
  for (const auto& c : conditions) {
    const std::string key = c.at("effector") + "/" + c.at("target") + "/" + c.at("et_ratio");
    CAPTURE(key);
    const auto& e = experimental.at(key);
    REQUIRE(int(e.size()) == std::stoi(c.at("n")));
    const assay::ReleaseResult r = assay::specific_release(e, assay::summarize_controls(controls.at(c.at("target"))));
    CHECK(std::stod(c.at("true_lysis_pct")) == Approx(r.lysis_pct).margin(1e-3));
    // Noise only: counting and 3 % seeding scatter keep the truth near the design's curve.
    CHECK(std::fabs(std::stod(c.at("true_lysis_pct")) - std::stod(c.at("design_lysis_pct"))) < 6.0);
  }
}

TEST_CASE("synth chromium: counts.csv parses with the counter reader and equals the truth", "[unit]") {
  const auto& t = plate().truth;
  const io::CounterReading r = io::read_counter_file(plate().dir / "counts.csv", CounterParams{}, t.layout.format);
  CHECK(r.format == CounterFormat::kList);
  CHECK(r.header_line == 6);
  REQUIRE(r.values.size() == 96);
  for (const synth::ChromiumWellTruth& w : t.wells) {
    CAPTURE(w.well.str());
    const io::CounterValue* v = r.find(w.well);
    REQUIRE(v != nullptr);
    CHECK(v->cpm == w.true_cpm);
  }
  CHECK_NOTHROW(io::check_counter_wells(r, t.layout));
  const PlateLayout loaded = config::load_layout(plate().dir / "layout.yaml");
  CHECK(loaded.wells.size() == 90);
  for (const Target& target : loaded.targets) CHECK(target.targets_per_well == 1e4);
}

TEST_CASE("synth chromium: read_plate_image measures plate.tif back to the counted cpm", "[unit]") {
  const synth::ChromiumSynthParams p = GENERATE(params(5), [] {
    auto q = params(17);
    q.pitch_px = 20;
    q.max_angle_deg = 5;
    q.drop_spot = true;
    return q;
  }());
  CAPTURE(p.seed, p.pitch_px);
  const synth::ChromiumPlateTruth t = synth::design_chromium_plate(p);
  const Image<u16> scan = synth::render_chromium_scan(p, t);
  PlateImageParams ip;
  ip.calibration_slope = t.scan.calibration_slope;
  ip.calibration_offset = t.scan.calibration_offset;
  const PlateImageReading got = read_plate_image(scan.cview(), t.layout.format, ip);
  CHECK(got.grid.angle_deg == Approx(t.scan.angle_deg).margin(0.1));
  CHECK_FALSE(got.grid_residual_flag);
  CHECK(got.saturated_spots == 0);
  CHECK(got.spillover_wells == 0);
  int missing = 0;
  for (std::size_t i = 0; i < t.wells.size(); ++i) {
    const synth::ChromiumWellTruth& w = t.wells[i];
    const WellImageSignal& m = got.wells[i];
    CAPTURE(w.well.str(), w.true_cpm, m.cpm);
    CHECK(std::hypot(m.x_px - w.x_px, m.y_px - w.y_px) < 1.0);
    if (w.in_scan) {
      CHECK(m.cpm == Approx(w.true_cpm).epsilon(0.02));
      CHECK((m.flags & kWellNoSpot) == 0);
    } else {
      CHECK((m.flags & kWellNoSpot) != 0);
      missing += w.used;
    }
  }
  CHECK(missing == (p.drop_spot ? 1 : 0));
}

TEST_CASE("synth chromium: a 384-well plate", "[unit]") {
  synth::ChromiumSynthParams p = params(3);
  p.wells = 384;
  p.pitch_px = 14;
  const synth::ChromiumPlateTruth t = synth::design_chromium_plate(p);
  CHECK(t.wells.size() == 384);
  CHECK(t.conditions.size() == 3 * 3 * 6);
  PlateImageParams ip;
  ip.calibration_slope = t.scan.calibration_slope;
  ip.calibration_offset = t.scan.calibration_offset;
  const PlateImageReading got = read_plate_image(synth::render_chromium_scan(p, t).cview(), t.layout.format, ip);
  for (std::size_t i = 0; i < t.wells.size(); ++i)
    if (t.wells[i].in_scan) {
      CAPTURE(t.wells[i].well.str());
      CHECK(got.wells[i].cpm == Approx(t.wells[i].true_cpm).epsilon(0.02));
    }
}

TEST_CASE("sample_data/synthetic/CR01 is what its documented command generates", "[unit]") {
  // sample_data/README.md: lysisq synth --kind chromium --out sample_data/synthetic/CR01 --seed 1
  const fs::path sample = fs::path(LYSISQ_SOURCE_DIR) / "sample_data" / "synthetic" / "CR01";
  synth::ChromiumSynthParams p;
  p.seed = 1;
  test::TempDir tmp;
  const synth::ChromiumPlateTruth t = synth::generate_chromium_plate(p, tmp.path());
  for (const char* name : {"counts.csv", "layout.yaml", "truth.csv", "truth_conditions.csv", "truth_scan.txt"}) {
    CAPTURE(name);
    CHECK(test::read_text(sample / name) == test::read_text(tmp / name));
  }
  // Pixels rather than bytes: the TIFF encoder's settings are not the generator's business.
  CHECK(io::read_image_u16(sample / "plate.tif") == synth::render_chromium_scan(p, t));
}

TEST_CASE("synth chromium: invalid parameters are ConfigErrors", "[unit]") {
  synth::ChromiumSynthParams p = params(1);
  p.pitch_px = 8;
  CHECK_THROWS_AS(synth::design_chromium_plate(p), ConfigError);
  p = params(1);
  p.wells = 100;
  CHECK_THROWS_AS(synth::design_chromium_plate(p), ConfigError);
  p = params(1);
  p.plate_name = "a b";
  CHECK_THROWS_AS(synth::design_chromium_plate(p), ConfigError);
}

TEST_CASE("synth --kind chromium writes the plate generate_chromium_plate writes", "[cli]") {
  test::TempDir tmp;
  const auto r = test::run_lysisq({"synth", "--kind", "chromium", "--out", (tmp / "cr").string(), "--seed", "5",
                                   "--plate", "CRT"},
                                  tmp / "s");
  CAPTURE(r.out, r.err);
  REQUIRE(r.status == 0);
  for (const char* name : {"counts.csv", "plate.tif", "truth.csv"}) CHECK(test::read_text(tmp / "cr" / name) == test::read_text(plate().dir / name));
  const auto bad = test::run_lysisq({"synth", "--kind", "chromium", "--out", (tmp / "x").string(), "--size", "64x64"},
                                    tmp / "s2");
  CHECK(bad.status == 2);
  const auto bad2 = test::run_lysisq({"synth", "--out", (tmp / "y").string(), "--pitch", "20"}, tmp / "s3");
  CHECK(bad2.status == 2);
}
