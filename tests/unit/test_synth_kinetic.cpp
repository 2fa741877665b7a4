// SPDX-License-Identifier: MIT
// Synthetic time-lapse plates (SynthParams::time_points): the TimePoint_<k> folders, the killing
// share s_k = (k-1)/(N-1) of each scan against the flat plate's design, kinetic_truth.csv, and
// refused parameters. Truth files are read back with the independent CSV reader of tests/support.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "lysisq/errors.hpp"
#include "lysisq/synth.hpp"
#include "support/csv_oracle.hpp"
#include "support/read_text.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using synth::SynthParams;
namespace fs = std::filesystem;

namespace {

constexpr int kScans = 3;
constexpr double kIntervalH = 2.5;
constexpr int kTargetsPerField = 3;

/// Small and fast: 90 fields of 96x96 px with 3 targets each, per scan.
SynthParams small_params(int time_points) {
  SynthParams p;
  p.plate_name = "TST01";
  p.seed = 7;
  p.fields = 1;
  p.width = p.height = 96;
  p.targets_per_field = kTargetsPerField;
  p.time_points = time_points;
  p.interval_h = kIntervalH;
  return p;
}

/// A CSV file as rows of named cells.
struct Table {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};
Table read_table(const fs::path& file) {
  const auto cells = test::parse_csv(test::read_text(file));
  Table t;
  REQUIRE_FALSE(cells.empty());
  t.header = cells[0];
  for (std::size_t r = 1; r < cells.size(); ++r) {
    REQUIRE(cells[r].size() == t.header.size());
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < t.header.size(); ++c) row[t.header[c]] = cells[r][c];
    t.rows.push_back(row);
  }
  return t;
}

/// Relative paths of every file under `dir`.
std::set<std::string> files_under(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
  return out;
}

fs::path scan_dir(const fs::path& plate, int k) { return plate / ("TimePoint_" + std::to_string(k)); }

/// A 3-scan time-lapse and the flat plate of the same parameters, generated once per test run.
struct Generated {
  test::TempDir dir;
  fs::path lapse = dir / "lapse", flat = dir / "flat";
  synth::PlateTruth lapse_truth, flat_truth;
  Generated() {
    lapse_truth = synth::generate_fluorescence_plate(small_params(kScans), lapse);
    flat_truth = synth::generate_fluorescence_plate(small_params(0), flat);
  }
};
const Generated& generated() {
  static const Generated g;
  return g;
}

}  // namespace

TEST_CASE("synth kinetic: TimePoint_1..N each hold the flat plate's files, layout.yaml once", "[unit]") {
  const Generated& g = generated();
  std::set<std::string> top;
  for (const auto& e : fs::directory_iterator(g.lapse)) top.insert(e.path().filename().string());
  REQUIRE(top == std::set<std::string>{"TimePoint_1", "TimePoint_2", "TimePoint_3", "kinetic_truth.csv", "layout.yaml"});
  REQUIRE(test::read_text(g.lapse / "layout.yaml") == test::read_text(g.flat / "layout.yaml"));

  std::set<std::string> flat_files = files_under(g.flat);
  REQUIRE(flat_files.erase("layout.yaml") == 1);
  REQUIRE(flat_files.size() == 90 * 4 + 3);  // 3 channels + labels per field; truth.csv, objects, params
  int moved = 0;
  for (int k = 1; k <= kScans; ++k) {
    CAPTURE(k);
    REQUIRE(files_under(scan_dir(g.lapse, k)) == flat_files);
    REQUIRE(test::read_text(scan_dir(g.lapse, k) / "truth" / "params.txt").find("time_point: " + std::to_string(k) + "\n") !=
            std::string::npos);
    // Cells move: every field of scan k looks different from the flat plate's and scan 1's.
    for (const std::string& f : flat_files) {
      if (!f.ends_with("_w1.tif")) continue;
      const std::string img = test::read_text(scan_dir(g.lapse, k) / f);
      moved += img != test::read_text(g.flat / f) && (k == 1 || img != test::read_text(scan_dir(g.lapse, 1) / f));
    }
  }
  REQUIRE(moved == 90 * kScans);
}

TEST_CASE("synth kinetic: scan 1 has no killing yet and scan N holds the flat plate's truth", "[unit]") {
  const Generated& g = generated();
  const Table first = read_table(scan_dir(g.lapse, 1) / "truth.csv");
  REQUIRE(first.rows.size() == 90);
  std::map<std::string, std::pair<double, int>> spont;  // target -> (sum live, wells)
  for (const auto& r : first.rows)
    if (r.at("role") == "spontaneous") {
      spont[r.at("target")].first += std::stoi(r.at("live_targets"));
      spont[r.at("target")].second += 1;
    }
  for (const auto& r : first.rows) {
    CAPTURE(r.at("well"));
    const int live = std::stoi(r.at("live_targets"));
    REQUIRE(live + std::stoi(r.at("dead_targets")) == kTargetsPerField);
    if (r.at("role") == "maximum") REQUIRE((live == 0 && r.at("design_killing_pct") == "100.000"));
    if (r.at("role") != "experimental") continue;
    REQUIRE(r.at("design_killing_pct") == "0.000");
    // Only spontaneous death: the same share dies as in the target's own spontaneous wells, so
    // with one field (stochastic rounding) a well is within one target of their mean.
    const auto& [sum, n] = spont.at(r.at("target"));
    REQUIRE(std::abs(live - sum / n) <= 1.0);
  }
  // The rendered scan shows what its truth says: live targets in the label truth per well.
  std::map<std::string, int> rendered_live;
  for (const auto& o : read_table(scan_dir(g.lapse, 1) / "truth" / "objects.csv").rows)
    rendered_live[o.at("well")] += o.at("class") == "live_target";
  for (const auto& r : first.rows) REQUIRE(rendered_live[r.at("well")] == std::stoi(r.at("live_targets")));

  // Scan N draws the flat plate's counts (s_N = 1 and the same count streams): the same file.
  REQUIRE(test::read_text(scan_dir(g.lapse, kScans) / "truth.csv") == test::read_text(g.flat / "truth.csv"));
  REQUIRE(g.lapse_truth.wells.size() == g.flat_truth.wells.size());
  for (std::size_t i = 0; i < g.flat_truth.wells.size(); ++i)
    REQUIRE(g.lapse_truth.wells[i].live_targets == g.flat_truth.wells[i].live_targets);
}

TEST_CASE("synth kinetic: live targets fall as 1 - s_k K while target-only wells stay constant", "[unit]") {
  // Design only (no rendering), so many targets per well are cheap: 12000 per well.
  SynthParams p;
  p.width = p.height = 4096;
  p.fields = 4;
  p.targets_per_field = 3000;
  p.time_points = 5;
  std::vector<synth::PlateTruth> scans;
  for (int k = 1; k <= p.time_points; ++k) scans.push_back(synth::design_time_point(p, k));
  const synth::PlateTruth flat = synth::design_plate(p);
  using Cond = std::tuple<std::string, std::string, double>;
  std::map<Cond, std::vector<double>> live;  // condition -> summed live per scan
  for (std::size_t i = 0; i < flat.wells.size(); ++i) {
    const auto& w0 = scans[0].wells[i];
    CAPTURE(w0.well.str());
    REQUIRE(scans.back().wells[i].live_targets == flat.wells[i].live_targets);
    for (std::size_t k = 0; k < scans.size(); ++k) {
      const auto& w = scans[k].wells[i];
      REQUIRE(w.live_targets + w.dead_targets == 4 * 3000);
      if (k > 0) REQUIRE(w.dead_targets >= scans[k - 1].wells[i].dead_targets);  // the dead stay dead
      if (w.role != WellRole::kExperimental) REQUIRE(w.live_targets == w0.live_targets);
      if (w.role != WellRole::kExperimental) continue;
      auto& v = live[{w.effector, w.target, w.et_ratio}];
      v.resize(scans.size());
      v[k] += w.live_targets;
    }
    if (w0.role == WellRole::kExperimental) REQUIRE(std::abs(w0.true_killing_pct) < 0.1);
  }
  REQUIRE(live.size() == 24);
  for (const auto& [cond, v] : live) {
    const double design = synth::design_killing_fraction(std::get<0>(cond), std::get<1>(cond), std::get<2>(cond));
    for (std::size_t k = 0; k < v.size(); ++k) {
      const double s = double(k) / double(v.size() - 1);
      CAPTURE(std::get<0>(cond), std::get<1>(cond), std::get<2>(cond), k + 1);
      REQUIRE(v[k] / v[0] == Approx(1.0 - s * design).margin(0.002));
    }
  }
}

TEST_CASE("synth kinetic: kinetic_truth.csv holds every condition at every time point, s_k x the design", "[unit]") {
  const Generated& g = generated();
  const Table t = read_table(g.lapse / "kinetic_truth.csv");
  REQUIRE(t.header ==
          std::vector<std::string>{"target", "effector", "et_ratio", "time_point", "time_h", "design_killing_pct"});
  std::set<std::tuple<std::string, std::string, double>> conditions;
  for (const auto& w : g.flat_truth.layout.wells)
    if (w.role == WellRole::kExperimental) conditions.insert({w.target, w.effector, w.et_ratio});
  REQUIRE(conditions.size() == 24);
  REQUIRE(t.rows.size() == conditions.size() * kScans);

  std::map<std::tuple<std::string, std::string, double, int>, std::string> pct;  // as printed
  for (const auto& r : t.rows) {
    const int k = std::stoi(r.at("time_point"));
    const double et = std::stod(r.at("et_ratio"));
    CAPTURE(r.at("target"), r.at("effector"), et, k);
    REQUIRE(conditions.count({r.at("target"), r.at("effector"), et}) == 1);
    REQUIRE(pct.emplace(std::tuple{r.at("target"), r.at("effector"), et, k}, r.at("design_killing_pct")).second);
    REQUIRE(std::stod(r.at("time_h")) == Approx((k - 1) * kIntervalH));
    const double s = double(k - 1) / (kScans - 1);
    REQUIRE(std::stod(r.at("design_killing_pct")) ==
            Approx(s * synth::design_killing_fraction(r.at("effector"), r.at("target"), et) * 100).margin(6e-4));
  }
  // Every experimental well of scan k carries its condition's kinetic truth.
  for (int k = 1; k <= kScans; ++k)
    for (const auto& r : read_table(scan_dir(g.lapse, k) / "truth.csv").rows) {
      if (r.at("role") != "experimental") continue;
      CAPTURE(k, r.at("well"));
      REQUIRE(r.at("design_killing_pct") == pct.at({r.at("target"), r.at("effector"), std::stod(r.at("et_ratio")), k}));
    }
  const auto rows = synth::kinetic_truth(small_params(kScans));
  REQUIRE(rows.size() == t.rows.size());
  REQUIRE(rows.back().time_h == Approx((kScans - 1) * kIntervalH));
}

TEST_CASE("synth kinetic: the same parameters give the same bytes", "[unit]") {
  const Generated& g = generated();
  test::TempDir again;
  synth::generate_fluorescence_plate(small_params(kScans), again.path());
  REQUIRE(files_under(again.path()) == files_under(g.lapse));
  for (const char* f : {"TimePoint_2/TST01_B03_s1_w1.tif", "TimePoint_3/TST01_H09_s1_w3.tif",
                        "TimePoint_2/truth/objects.csv", "kinetic_truth.csv"}) {
    CAPTURE(f);
    const std::string bytes = test::read_text(g.lapse / f);
    REQUIRE_FALSE(bytes.empty());
    REQUIRE(test::read_text(again / f) == bytes);
  }
}

TEST_CASE("synth kinetic: refused parameters are ConfigErrors and write nothing", "[unit]") {
  test::TempDir tmp;
  auto refused = [&](auto change) {
    SynthParams p = small_params(kScans);
    change(p);
    REQUIRE_THROWS_AS(synth::generate_fluorescence_plate(p, tmp / "out"), ConfigError);
    REQUIRE_FALSE(fs::exists(tmp / "out"));
  };
  refused([](SynthParams& p) { p.time_points = 1; });
  refused([](SynthParams& p) { p.time_points = -2; });
  refused([](SynthParams& p) { p.time_points = 1001; });
  refused([](SynthParams& p) { p.interval_h = 0; });
  refused([](SynthParams& p) { p.interval_h = -1; });
  refused([](SynthParams& p) { p.interval_h = std::numeric_limits<double>::quiet_NaN(); });
  refused([](SynthParams& p) { p.interval_h = std::numeric_limits<double>::infinity(); });
  refused([](SynthParams& p) { p.faults = {synth::Fault::kEmptyField}; });

  REQUIRE_THROWS_AS(synth::design_time_point(small_params(0), 1), ConfigError);
  REQUIRE_THROWS_AS(synth::design_time_point(small_params(kScans), 0), ConfigError);
  REQUIRE_THROWS_AS(synth::design_time_point(small_params(kScans), kScans + 1), ConfigError);
  REQUIRE_THROWS_AS(synth::kinetic_truth(small_params(0)), ConfigError);
  // A flat plate has no time axis: its interval_h is not looked at.
  SynthParams flat = small_params(0);
  flat.interval_h = 0;
  REQUIRE_NOTHROW(synth::design_plate(flat));
}
