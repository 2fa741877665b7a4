// SPDX-License-Identifier: MIT
// Invariants of the release arithmetic, lytic units and selectivity over seeded random inputs:
// %SL is 0 at spontaneous and 100 at maximum release, ignores replicate order and a constant
// background; LU scales as 1/T; TIL-like series are autologous-selective, LAK-like ones broad.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "lysisq/release.hpp"
#include "lysisq/selectivity.hpp"

using namespace lysisq;
using namespace lysisq::assay;

namespace {

std::vector<double> wells(std::mt19937& rng, double mean, double cv, int n) {
  std::normal_distribution<double> d(mean, mean * cv);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = d(rng);
  return v;
}

double uniform(std::mt19937& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }

std::vector<double> plus(std::vector<double> v, double c) {
  for (double& x : v) x += c;
  return v;
}

/// %SL series A(1 - e^(-k x)) at 40/20/10/5 plus Gaussian noise of `noise_pct` (in % lysis).
std::vector<DosePoint> curve(std::mt19937& rng, double a, double k, double noise_pct) {
  std::normal_distribution<double> noise(0.0, noise_pct);
  std::vector<DosePoint> v;
  for (double x : {40.0, 20.0, 10.0, 5.0}) v.push_back({x, 100.0 * a * (1.0 - std::exp(-k * x)) + noise(rng)});
  return v;
}

TargetSeries target(const char* name, TargetOrigin o, NkClass nk, std::vector<DosePoint> pts) {
  TargetSeries s;
  s.target.name = name;
  s.target.origin = o;
  s.target.nk_class = nk;
  s.points = std::move(pts);
  return s;
}

}  // namespace

TEST_CASE("%SL is 0 at spontaneous and 100 at maximum release, monotone between", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const double s = uniform(rng, 200, 1500), m = s * uniform(rng, 3, 20);
  const ReleaseControls ctl{wells(rng, s, 0.05, 3), wells(rng, m, 0.03, 3), wells(rng, 50, 0.1, 2)};
  const ControlSummary c = summarize_controls(ctl);
  REQUIRE(specific_release(ctl.spontaneous, c).lysis_pct == Approx(0.0).margin(1e-9));
  REQUIRE(specific_release(ctl.maximum, c).lysis_pct == Approx(100.0).epsilon(1e-12));
  double last = -1e300;
  for (double e = c.spontaneous.mean - 100; e <= c.maximum.mean + 100; e += (m - s) / 17) {
    const double sl = specific_release(std::vector<double>{e, e + 10, e - 10}, c).lysis_pct;
    REQUIRE(sl > last);
    last = sl;
  }
}

TEST_CASE("%SL, SDs and exclusions ignore the order of replicate wells", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  ReleaseControls ctl{wells(rng, 600, 0.06, 3), wells(rng, 5000, 0.04, 4), wells(rng, 40, 0.1, 3)};
  std::vector<double> e = wells(rng, 2500, 0.03, 3);
  e[rng() % 3] *= 3.0;  // an outlier the MAD rule finds whatever the order
  ReleaseParams p;
  p.delta_method_sd = true;
  p.outliers.enabled = true;
  const ControlSummary c0 = summarize_controls(ctl, p.outliers);
  const ReleaseResult r0 = specific_release(e, c0, p);
  REQUIRE(r0.exclusions.size() == 1);
  for (int rep = 0; rep < 5; ++rep) {
    for (auto* v : {&ctl.spontaneous, &ctl.maximum, &ctl.background, &e}) std::shuffle(v->begin(), v->end(), rng);
    const ControlSummary c = summarize_controls(ctl, p.outliers);
    const ReleaseResult r = specific_release(e, c, p);
    REQUIRE(c.spont_pct == Approx(c0.spont_pct).epsilon(1e-12));
    REQUIRE(c.z_prime == Approx(c0.z_prime).epsilon(1e-12));
    REQUIRE(r.lysis_pct == Approx(r0.lysis_pct).epsilon(1e-12));
    REQUIRE(r.lysis_sd_pct == Approx(r0.lysis_sd_pct).epsilon(1e-12));
    REQUIRE(r.lysis_sd_delta_pct == Approx(r0.lysis_sd_delta_pct).epsilon(1e-12));
    REQUIRE(r.exclusions.size() == 1);
    REQUIRE(r.exclusions[0].value == r0.exclusions[0].value);
    REQUIRE(e[static_cast<std::size_t>(r.exclusions[0].index)] == r0.exclusions[0].value);
  }
}

TEST_CASE("%SL and the control numbers ignore a constant background added to every well", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const ReleaseControls ctl{wells(rng, 500, 0.05, 3), wells(rng, 5000, 0.03, 3), wells(rng, 60, 0.1, 3)};
  const std::vector<double> e = wells(rng, uniform(rng, 300, 5500), 0.07, 3);
  ReleaseParams p;
  p.delta_method_sd = true;
  const ControlSummary c0 = summarize_controls(ctl);
  const ReleaseResult r0 = specific_release(e, c0, p);
  const double add = uniform(rng, -50, 3000);
  CAPTURE(add);
  const ReleaseControls shifted{plus(ctl.spontaneous, add), plus(ctl.maximum, add), plus(ctl.background, add)};
  const ControlSummary c = summarize_controls(shifted);
  const ReleaseResult r = specific_release(plus(e, add), c, p);
  REQUIRE(r.lysis_pct == Approx(r0.lysis_pct).epsilon(1e-9).margin(1e-9));
  REQUIRE(r.lysis_sd_pct == Approx(r0.lysis_sd_pct).epsilon(1e-9));
  REQUIRE(r.lysis_sd_delta_pct == Approx(r0.lysis_sd_delta_pct).epsilon(1e-9));
  REQUIRE(c.spont_pct == Approx(c0.spont_pct).epsilon(1e-9));
  REQUIRE(c.net_max_cpm == Approx(c0.net_max_cpm).epsilon(1e-9));
  REQUIRE(c.window_ratio == Approx(c0.window_ratio).epsilon(1e-9));
  REQUIRE(c.z_prime == Approx(c0.z_prime).epsilon(1e-9));
}

TEST_CASE("LU scales as 1/T for every method, bounds included", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const auto pts = curve(rng, uniform(rng, 0.05, 1.0), uniform(rng, 0.005, 0.3), 2.0);
  const double t = uniform(rng, 1e3, 5e4), f = uniform(rng, 0.1, 10);
  for (LuMethod m : {LuMethod::kExponential, LuMethod::kOneHit, LuMethod::kWeibull, LuMethod::kLogLinear,
                     LuMethod::kLogInterp}) {
    CAPTURE(lu_method_name(m), t, f);
    LuParams p;
    p.method = m;
    p.targets_per_well = t;
    const LuResult a = lytic_units(pts, p);
    p.targets_per_well = t * f;
    const LuResult b = lytic_units(pts, p);
    REQUIRE(a.status == b.status);
    if (a.status == LuStatus::kValue) REQUIRE(b.lu * f == Approx(a.lu).epsilon(1e-12));
    if (a.status == LuStatus::kNotReached || a.status == LuStatus::kBelowRange)
      REQUIRE(b.bound * f == Approx(a.bound).epsilon(1e-12));
  }
}

TEST_CASE("selectivity: a synthetic TIL-like effector is autologous-selective", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  // ASSAY.md §6: TIL vs autologous tumour 45 -> 10 %; vs K562 and Daudi below 10 %.
  const std::vector<TargetSeries> s = {
      target("MEL", TargetOrigin::kAutologous, NkClass::kUnknown, curve(rng, uniform(rng, 0.45, 0.7), uniform(rng, 0.05, 0.1), 1.0)),
      target("K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, curve(rng, uniform(rng, 0.03, 0.08), 0.05, 0.5)),
      target("Daudi", TargetOrigin::kCellLine, NkClass::kNkResistant, curve(rng, uniform(rng, 0.0, 0.06), 0.05, 0.5))};
  const SelectivityResult r = classify_selectivity(s);
  CAPTURE(r.explanation);
  REQUIRE(r.pattern == SelectivityPattern::kAutologousSelective);
  for (const AutologousComparison& c : r.comparisons) REQUIRE(c.ratio_kind == RatioKind::kLowerBound);
}

TEST_CASE("selectivity: a synthetic LAK-like effector is broad", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  // ASSAY.md §6: LAK vs K562 60 -> 20 %, vs Daudi 45 -> 10 %, vs autologous tumour 30 -> 5 %.
  const std::vector<TargetSeries> s = {
      target("K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, curve(rng, uniform(rng, 0.7, 0.9), uniform(rng, 0.04, 0.08), 2.0)),
      target("Daudi", TargetOrigin::kCellLine, NkClass::kNkResistant, curve(rng, uniform(rng, 0.5, 0.7), uniform(rng, 0.025, 0.04), 2.0)),
      target("MEL", TargetOrigin::kAutologous, NkClass::kUnknown, curve(rng, uniform(rng, 0.35, 0.5), uniform(rng, 0.02, 0.04), 1.5))};
  const SelectivityResult r = classify_selectivity(s);
  CAPTURE(r.explanation);
  REQUIRE(r.pattern == SelectivityPattern::kBroad);
}
