// SPDX-License-Identifier: MIT
// Kinetics end to end: a synthetic time-lapse plate (synth --time-points: scan k shows (k-1)/(N-1)
// of the design killing, cells re-placed every scan) -> discover -> run_kinetic_plate, against
// the time-normalised killing computed from each scan's drawn counts (design_time_point) by the
// ASSAY.md §3.2 formula, and against the design curve (kinetic_truth).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "lysisq/config_io.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/io.hpp"
#include "lysisq/kinetics.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/synth.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

using Key = std::tuple<std::string, std::string, double>;  // target, effector, E:T

/// Mean live targets per experimental condition, and per target over its target-only wells
/// (else spontaneous wells, as quantify() picks the reference), from one scan's drawn counts.
struct ScanCounts {
  std::map<Key, double> condition;
  std::map<std::string, double> reference;
};

ScanCounts drawn_counts(const synth::PlateTruth& t) {
  std::map<Key, std::vector<double>> cond;
  std::map<std::string, std::map<WellRole, std::vector<double>>> ref;
  for (const synth::WellTruth& w : t.wells) {
    if (w.role == WellRole::kExperimental) cond[{w.target, w.effector, w.et_ratio}].push_back(w.live_targets);
    if (w.role == WellRole::kTargetOnly || w.role == WellRole::kSpontaneous) ref[w.target][w.role].push_back(w.live_targets);
  }
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
  };
  ScanCounts out;
  for (const auto& [k, v] : cond) out.condition[k] = mean(v);
  for (const auto& [target, by_role] : ref)
    out.reference[target] = mean(by_role.count(WellRole::kTargetOnly) ? by_role.at(WellRole::kTargetOnly)
                                                                      : by_role.at(WellRole::kSpontaneous));
  return out;
}

}  // namespace

TEST_CASE("kinetics of a synthetic time-lapse plate follow its drawn counts and its design", "[e2e]") {
  test::TempDir tmp;
  synth::SynthParams sp;
  sp.plate_name = "KIN01";
  sp.seed = 7;
  sp.fields = 1;
  sp.width = sp.height = 256;
  sp.time_points = 4;
  sp.interval_h = 3;
  const fs::path plate = tmp / "KIN01";
  synth::generate_fluorescence_plate(sp, plate);

  AssayConfig cfg;
  cfg.compute.backend = BackendChoice::kCpu;
  cfg.kinetics.enabled = true;
  cfg.kinetics.interval_h = sp.interval_h;
  config::validate(cfg);
  const PlateLayout layout = config::load_layout(plate / "layout.yaml");
  const PlateRunResult r = run_kinetic_plate(io::discover_plate(plate, cfg.input), layout, cfg, Backend::kCpu);

  std::vector<ScanCounts> drawn;
  for (int k = 1; k <= sp.time_points; ++k) drawn.push_back(drawn_counts(synth::design_time_point(sp, k)));
  std::map<std::pair<Key, int>, double> design;
  for (const synth::KineticTruthRow& t : synth::kinetic_truth(sp))
    design[{{t.target, t.effector, t.et_ratio}, t.time_point}] = t.design_killing_pct;

  REQUIRE(r.kinetic_times.size() == 4);
  REQUIRE(r.kinetics.size() == drawn.front().condition.size());
  double abs_err = 0, design_err = 0;
  int n = 0;
  for (const KineticCondition& kc : r.kinetics) {
    const Key key{kc.target, kc.effector, kc.et_ratio};
    CAPTURE(kc.target, kc.effector, kc.et_ratio);
    REQUIRE(kc.points.size() == 4);
    std::vector<assay::TimePoint> oracle_curve;
    for (std::size_t i = 0; i < kc.points.size(); ++i) {
      const KineticPoint& p = kc.points[i];
      CHECK(p.time.time_h == Approx(3.0 * double(i)));
      const double oracle = assay::time_normalised_killing_pct(drawn[i].condition.at(key), drawn[0].condition.at(key),
                                                               drawn[i].reference.at(kc.target), drawn[0].reference.at(kc.target));
      oracle_curve.push_back({p.time.time_h, oracle});
      CAPTURE(i, p.killing_pct, oracle);
      CHECK(std::abs(p.killing_pct - oracle) <= 20.0);  // one point: a few mis-segmented cells
      abs_err += std::abs(p.killing_pct - oracle);
      design_err += p.killing_pct - design.at({key, int(i) + 1});
      ++n;
    }
    // The summary is that of the measured curve. Its distance from the oracle's is not bounded
    // tighter than the points': a few targets lost in the reference wells at time 0 shift the
    // whole normalised curve, as they would on a real plate (seed 7: a cluster of eleven touching
    // nuclei in MEL-P1 reference well G03 is under-split, 62 of 69 targets found).
    std::vector<assay::TimePoint> measured_curve;
    for (const KineticPoint& p : kc.points) measured_curve.push_back({p.time.time_h, p.killing_pct});
    CHECK(kc.summary.auc_pct_h == Approx(assay::summarize_kinetics(measured_curve).auc_pct_h));
    CHECK(std::abs(kc.summary.auc_pct_h - assay::summarize_kinetics(oracle_curve).auc_pct_h) <= 20.0 * 9.0);
  }
  CAPTURE(abs_err / n, design_err / n);
  CHECK(abs_err / n <= 5.0);                 // mean error against the drawn counts, percentage points
  CHECK(std::abs(design_err / n) <= 5.0);    // no bias against the design curve either
}
