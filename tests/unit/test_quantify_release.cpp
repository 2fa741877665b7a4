// SPDX-License-Identifier: MIT
// Release plates from per-well cpm (ASSAY.md §3.1, §5 vector A, §7): controls per target, %SL per
// condition with replicate SD, background, effector-only wells, outlier exclusions mapped to wells,
// and the input errors that must stop a run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "lysisq/errors.hpp"
#include "lysisq/release_run.hpp"
#include "support/release_plate.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

const ReleaseCondition& condition_at(const ReleaseQuantification& q, double et) {
  for (const auto& c : q.conditions)
    if (c.et_ratio == et) return c;
  FAIL("no condition at E:T " << et);
  return q.conditions.front();
}

/// Sample SD, written out (the oracle for the replicate statistics).
double sample_sd(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x;
  m /= double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / double(v.size() - 1));
}

}  // namespace

TEST_CASE("vector A as a plate: %SL and SD per condition, %spont per target", "[unit]") {
  const test::HandPlate p = test::vector_a_plate();
  const ReleaseQuantification q = quantify_release(p.cpm, p.layout, {});
  REQUIRE(q.wells.size() == 18);
  REQUIRE(q.controls.size() == 1);
  const auto& ctl = q.controls[0].summary;
  REQUIRE(ctl.spontaneous.mean == Approx(500));
  REQUIRE(ctl.maximum.mean == Approx(5000));
  REQUIRE(ctl.spont_pct == Approx(10.0).margin(1e-9));
  REQUIRE(ctl.net_max_cpm == Approx(5000));
  REQUIRE(ctl.window_ratio == Approx(10));
  REQUIRE(q.controls[0].spontaneous_wells.size() == 3);

  REQUIRE(q.conditions.size() == 4);
  REQUIRE(q.conditions.front().et_ratio == 40);  // listed from the highest E:T down
  for (int i = 0; i < 4; ++i) {
    CAPTURE(test::kVectorAEt[i]);
    const ReleaseCondition& c = condition_at(q, test::kVectorAEt[i]);
    REQUIRE(c.wells.size() == 3);
    REQUIRE(c.release.experimental.n == 3);
    REQUIRE(c.release.lysis_pct == Approx(test::kVectorALysisPct[i]).margin(5e-4));
    REQUIRE(c.release.lysis_sd_pct == Approx(test::kVectorASdPct[i]).margin(5e-4));
    // Independent check: SD of %SL is SD(E)/(M-S) x 100 over this condition's own wells.
    std::vector<double> cpm;
    for (const auto& w : c.wells) cpm.push_back(p.cpm.at(w));
    REQUIRE(c.release.experimental.sd == Approx(sample_sd(cpm)));
    REQUIRE(c.release.lysis_sd_pct == Approx(sample_sd(cpm) / 4500.0 * 100.0));
    REQUIRE_FALSE(c.release.above_max_flag);
    REQUIRE(c.effector_only_wells.empty());
  }
}

TEST_CASE("background wells cancel in %SL and are subtracted for %spont", "[unit]") {
  const double b = GENERATE(0.0, 37.0, 200.0);
  CAPTURE(b);
  test::HandPlate p = test::vector_a_plate();
  for (auto& [well, v] : p.cpm) v += b;  // every well sits on the same background
  p.add(WellRole::kBackground, "", "", 0, {"G01", "G02", "G03"}, {b - 5, b, b + 5});
  p.finish();
  const ReleaseQuantification q = quantify_release(p.cpm, p.layout, {});
  REQUIRE(q.controls[0].background_wells.size() == 3);
  REQUIRE(q.controls[0].summary.background_cpm == Approx(b));
  REQUIRE(q.controls[0].summary.spont_pct == Approx(10.0));      // (S - b)/(M - b)
  REQUIRE(q.controls[0].summary.net_max_cpm == Approx(5000.0));  // M - b
  for (int i = 0; i < 4; ++i)
    REQUIRE(condition_at(q, test::kVectorAEt[i]).release.lysis_pct == Approx(test::kVectorALysisPct[i]).margin(5e-4));
}

TEST_CASE("Z' of the plate's controls (ASSAY.md §5 vector)", "[unit]") {
  test::HandPlate p;
  p.layout.name = "ZP";
  p.layout.targets = {{"K562", TargetOrigin::kCellLine, NkClass::kUnknown, 1e4}};
  p.add(WellRole::kMaximum, "K562", "", 0, {"A01", "A02", "A03", "A04", "A05", "A06"},
        {5000, 5200, 4800, 5100, 4900, 5000});
  p.add(WellRole::kSpontaneous, "K562", "", 0, {"B01", "B02", "B03", "B04", "B05", "B06"},
        {500, 520, 480, 510, 490, 500});
  p.finish();
  const ReleaseQuantification q = quantify_release(p.cpm, p.layout, {});
  REQUIRE(q.controls.size() == 1);
  REQUIRE(q.controls[0].summary.z_prime == Approx(0.8963).margin(5e-5));
  REQUIRE(q.conditions.empty());
}

TEST_CASE("%SL does not depend on which physical wells hold a condition", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const test::HandPlate a = test::vector_a_plate();
  // Move every assignment to a random free well; counts travel with their assignment.
  std::vector<WellId> spots;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 12; ++c) spots.push_back({r, c});
  std::shuffle(spots.begin(), spots.end(), std::mt19937(seed));
  test::HandPlate b;
  b.layout = a.layout;
  for (std::size_t i = 0; i < b.layout.wells.size(); ++i) {
    b.layout.wells[i].well = spots[i];
    b.cpm[spots[i]] = a.cpm.at(a.layout.wells[i].well);
  }
  b.finish();
  const auto qa = quantify_release(a.cpm, a.layout, {});
  const auto qb = quantify_release(b.cpm, b.layout, {});
  REQUIRE(qa.conditions.size() == qb.conditions.size());
  for (std::size_t i = 0; i < qa.conditions.size(); ++i) {
    REQUIRE(qb.conditions[i].et_ratio == qa.conditions[i].et_ratio);
    REQUIRE(qb.conditions[i].release.lysis_pct == Approx(qa.conditions[i].release.lysis_pct));
    REQUIRE(qb.conditions[i].release.lysis_sd_pct == Approx(qa.conditions[i].release.lysis_sd_pct));
  }
}

TEST_CASE("effector-only wells select (E - Eff - S)/(M - S) for the matching effector and E:T", "[unit]") {
  test::HandPlate p = test::vector_a_plate();
  p.add(WellRole::kEffectorOnly, "", "LAK-1", 40, {"B01", "B02", "B03"}, {90, 100, 110});
  p.finish();
  const ReleaseQuantification q = quantify_release(p.cpm, p.layout, {});
  const ReleaseCondition& c40 = condition_at(q, 40);
  REQUIRE(c40.effector_only_wells.size() == 3);
  REQUIRE(c40.release.lysis_pct == Approx((2300.0 - 100.0 - 500.0) / 4500.0 * 100.0));
  // E:T 20 has no effector-only wells: the isotopic formula.
  REQUIRE(condition_at(q, 20).effector_only_wells.empty());
  REQUIRE(condition_at(q, 20).release.lysis_pct == Approx(25.556).margin(5e-4));
}

TEST_CASE("outlier exclusions name their wells and leave the others", "[unit]") {
  test::HandPlate p = test::vector_a_plate();
  p.cpm[*WellId::parse("A02")] = 9000;  // one wild replicate at E:T 40
  assay::ReleaseParams params;
  params.outliers.enabled = true;
  const ReleaseQuantification q = quantify_release(p.cpm, p.layout, params);
  const ReleaseCondition& c40 = condition_at(q, 40);
  REQUIRE(c40.exclusions.size() == 1);
  REQUIRE(c40.exclusions[0].well.str() == "A02");
  REQUIRE(c40.exclusions[0].cpm == 9000);
  REQUIRE(c40.release.experimental.n == 2);
  REQUIRE(c40.release.lysis_pct == Approx((2325.0 - 500.0) / 4500.0 * 100.0));
  int excluded = 0;
  for (const auto& w : q.wells) excluded += w.excluded;
  REQUIRE(excluded == 1);
  REQUIRE(std::find_if(q.wells.begin(), q.wells.end(), [](const ReleaseWell& w) { return w.excluded; })
              ->assignment.well.str() == "A02");
  // Off (the default), nothing is dropped: the wild value stays in the mean.
  const auto off = quantify_release(p.cpm, p.layout, {});
  REQUIRE(condition_at(off, 40).exclusions.empty());
  REQUIRE(condition_at(off, 40).release.experimental.n == 3);
}

TEST_CASE("%SL beyond the flag limits is flagged, signed, never clamped", "[unit]") {
  test::HandPlate p = test::vector_a_plate();
  for (const char* w : {"A01", "A02", "A03"}) p.cpm[*WellId::parse(w)] = 5600;   // > M
  for (const char* w : {"A10", "A11", "A12"}) p.cpm[*WellId::parse(w)] = 10;     // << S
  const ReleaseQuantification q = quantify_release(p.cpm, p.layout, {});
  REQUIRE(condition_at(q, 40).release.above_max_flag);
  REQUIRE(condition_at(q, 40).release.lysis_pct == Approx(100.0 * 5100 / 4500));
  REQUIRE(condition_at(q, 5).release.below_min_flag);
  REQUIRE(condition_at(q, 5).release.lysis_pct == Approx(-490.0 / 45.0));
}

TEST_CASE("a layout well without a count, or a target without controls, is an InputError", "[unit]") {
  test::HandPlate p = test::vector_a_plate();
  p.cpm.erase(*WellId::parse("A05"));
  REQUIRE_THROWS_WITH(quantify_release(p.cpm, p.layout, {}), Contains("A05"));

  test::HandPlate no_max = test::vector_a_plate();
  std::erase_if(no_max.layout.wells, [](const WellAssignment& a) { return a.role == WellRole::kMaximum; });
  REQUIRE(release_layout_problem(no_max.layout).find("maximum") != std::string::npos);
  REQUIRE_THROWS_AS(quantify_release(no_max.cpm, no_max.layout, {}), InputError);
  REQUIRE(release_layout_problem(test::vector_a_plate().layout).empty());
}

TEST_CASE("run_release names the file for unusable counts", "[unit]") {
  const test::HandPlate p = test::vector_a_plate();
  ReleaseSource src{"counts.csv", "counter_file", p.cpm, {}, std::nullopt};
  const ReleaseRunResult r = run_release(src, p.layout, AssayConfig{});
  REQUIRE(r.plate_name == "VECA");
  REQUIRE(r.dose_response.lysis_measure == "specific_release");
  REQUIRE(r.dose_response.lytic_units.size() == 1);

  ReleaseSource blank = src;
  for (auto& [w, v] : blank.cpm) v = 0;
  REQUIRE_THROWS_WITH(run_release(blank, p.layout, AssayConfig{}), Contains("counts.csv") && Contains("same count"));
  ReleaseSource nan = src;
  nan.cpm[*WellId::parse("A03")] = std::nan("");
  REQUIRE_THROWS_WITH(run_release(nan, p.layout, AssayConfig{}), Contains("counts.csv") && Contains("A03"));
  ReleaseSource missing = src;
  missing.cpm.erase(*WellId::parse("H02"));
  REQUIRE_THROWS_WITH(run_release(missing, p.layout, AssayConfig{}), Contains("counts.csv") && Contains("H02"));
}

TEST_CASE("run_release warns about flagged %SL and unused effector-only wells", "[unit]") {
  test::HandPlate p = test::vector_a_plate();
  for (const char* w : {"A01", "A02", "A03"}) p.cpm[*WellId::parse(w)] = 5600;
  p.add(WellRole::kEffectorOnly, "", "LAK-1", 80, {"B01", "B02"}, {90, 100});  // no E:T 80 condition
  p.finish();
  const ReleaseRunResult r = run_release({"c.csv", "counter_file", p.cpm, {}, std::nullopt}, p.layout, AssayConfig{});
  auto warned = [&](const std::string& part) {
    return std::any_of(r.warnings.begin(), r.warnings.end(),
                       [&](const std::string& w) { return w.find(part) != std::string::npos; });
  };
  REQUIRE(warned("above release.flag_above_pct"));
  REQUIRE(warned("effector-only wells B01 B02"));
}
