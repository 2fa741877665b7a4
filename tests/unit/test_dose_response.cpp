// SPDX-License-Identifier: MIT
// The dose-response path both readouts share: series grouping, lytic units per method with T from
// the layout (ASSAY.md §5 vector B1), selectivity and cold-target inhibition from release %SL and
// from imaging %killing alike.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "lysisq/dose_response.hpp"
#include "lysisq/release_run.hpp"
#include "support/release_plate.hpp"

using namespace lysisq;

namespace {

constexpr std::array<double, 4> kEt = {40, 20, 10, 5};
// ASSAY.md §5 / §6 series: B1 one-hit; D LAK vs K562; E TIL vs autologous; F TIL vs Daudi.
constexpr std::array<double, 4> kB1 = {59.04, 36.00, 20.00, 10.557};
constexpr std::array<double, 4> kD = {62, 48, 31, 18}, kE = {35, 24, 14, 7}, kF = {8, 5, 3, 1};
constexpr std::array<double, 4> kLakDaudi = {45, 30, 18, 10}, kLakAuto = {30, 20, 11, 5};

PlateLayout three_targets(double t = 1e4) {
  PlateLayout l;
  l.name = "SEL";
  l.targets = {{"MEL-P1", TargetOrigin::kAutologous, NkClass::kUnknown, t},
               {"K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, t},
               {"DAUDI", TargetOrigin::kCellLine, NkClass::kNkResistant, t}};
  l.effectors = {{"LAK-D1", EffectorType::kLak, "D1"}, {"TIL-P1", EffectorType::kTil, "P1"}};
  return l;
}

/// The TIL / LAK design: effector -> target -> %lysis at 40/20/10/5.
struct Design {
  std::string effector, target;
  std::array<double, 4> lysis;
};
const Design kDesign[] = {{"TIL-P1", "MEL-P1", kE}, {"TIL-P1", "K562", kF},        {"TIL-P1", "DAUDI", kF},
                          {"LAK-D1", "MEL-P1", kLakAuto}, {"LAK-D1", "K562", kD}, {"LAK-D1", "DAUDI", kLakDaudi}};

std::vector<DoseResponsePoint> design_points() {
  std::vector<DoseResponsePoint> pts;
  for (const auto& d : kDesign)
    for (std::size_t i = 0; i < 4; ++i) pts.push_back({d.effector, d.target, {}, kEt[i], d.lysis[i]});
  return pts;
}

/// The design as a release plate: S = 500, M = 5000 per target, E = S + %SL x 45 (triplicates
/// with +-10 cpm spread that averages out).
std::string well_name(int row, int col) {
  return std::string(1, char('A' + row)) + (col < 9 ? "0" : "") + std::to_string(col + 1);
}

test::HandPlate design_release_plate() {
  test::HandPlate p;
  p.layout = three_targets();
  int row = 0;
  for (const auto& d : kDesign) {
    for (int i = 0; i < 4; ++i) {
      const double e = 500 + d.lysis[std::size_t(i)] * 45;
      p.add(WellRole::kExperimental, d.target, d.effector, kEt[std::size_t(i)],
            {well_name(row, 3 * i), well_name(row, 3 * i + 1), well_name(row, 3 * i + 2)}, {e - 10, e, e + 10});
    }
    ++row;
  }
  for (int t = 0; t < 3; ++t) {
    const std::string& name = p.layout.targets[std::size_t(t)].name;
    p.add(WellRole::kSpontaneous, name, "", 0, {well_name(6, 2 * t), well_name(6, 2 * t + 1)}, {490, 510});
    p.add(WellRole::kMaximum, name, "", 0, {well_name(7, 2 * t), well_name(7, 2 * t + 1)}, {4990, 5010});
  }
  p.finish();
  return p;
}

/// The design as an imaging quantification: one condition per (effector, target, E:T) whose
/// primary killing metric is the design value.
PlateQuantification design_imaging_quant() {
  PlateQuantification q;
  for (const auto& d : kDesign)
    for (std::size_t i = 0; i < 4; ++i) {
      ConditionResult c;
      c.target = d.target;
      c.effector = d.effector;
      c.et_ratio = kEt[i];
      c.killing_target_loss = {3, d.lysis[i], 1.0, 1.0};
      c.specific_death = {3, -999, 0, 0};  // not the primary metric: must not be used
      q.conditions.push_back(c);
    }
  ConditionResult spont;  // control conditions are not dose points
  spont.role = WellRole::kSpontaneous;
  spont.target = "K562";
  spont.killing_target_loss = {3, 0, 1, 1};
  q.conditions.push_back(spont);
  return q;
}

const EffectorSelectivity& of(const DoseResponseAnalysis& a, const std::string& effector) {
  for (const auto& s : a.selectivity)
    if (s.effector == effector) return s;
  FAIL("no selectivity for " << effector);
  return a.selectivity.front();
}

}  // namespace

TEST_CASE("group_series: one series per effector, target and labels, sorted by E:T", "[unit]") {
  std::vector<DoseResponsePoint> pts = {
      {"LAK", "K562", {}, 10, 31}, {"LAK", "K562", {}, 40, 62},  {"LAK", "K562", {{"t", "4"}}, 40, 50},
      {"LAK", "K562", {}, 20, 48}, {"TIL", "K562", {}, 40, 8},   {"LAK", "K562", {}, 5, std::nan("")}};
  const auto s = group_series(pts);
  REQUIRE(s.size() == 3);
  REQUIRE(s[0].effector == "LAK");
  REQUIRE(s[0].labels.empty());
  REQUIRE(s[0].points.size() == 3);  // the NaN point is dropped
  REQUIRE(s[0].points[0].et_ratio == 10);
  REQUIRE(s[0].points[2].et_ratio == 40);
  REQUIRE(s[1].labels.at("t") == "4");
  REQUIRE(s[2].effector == "TIL");
}

TEST_CASE("lytic units go through every method with T from the layout (vector B1)", "[unit]") {
  // ASSAY.md §5: B1 (E:T)20 = 10.000 for every method but log_linear (8.669).
  const std::pair<assay::LuMethod, double> expected[] = {{assay::LuMethod::kExponential, 100.0},
                                                         {assay::LuMethod::kOneHit, 100.0},
                                                         {assay::LuMethod::kWeibull, 100.0},
                                                         {assay::LuMethod::kLogLinear, 115.35},
                                                         {assay::LuMethod::kLogInterp, 100.0}};
  std::vector<DoseResponsePoint> pts;
  for (std::size_t i = 0; i < 4; ++i) pts.push_back({"LAK-D1", "K562", {}, kEt[i], kB1[i]});
  for (const auto& [method, lu] : expected) {
    CAPTURE(assay::lu_method_name(method));
    LyticUnitConfig cfg;
    cfg.method = method;
    const auto a = analyse_dose_response(pts, three_targets(1e4), cfg, {});
    REQUIRE(a.lytic_units.size() == 1);
    const LyticUnitRow& row = a.lytic_units[0];
    REQUIRE(row.lu.status == assay::LuStatus::kValue);
    REQUIRE(row.lu.method == method);
    REQUIRE(row.targets_per_well == 1e4);
    REQUIRE(row.lu.lu == Approx(lu).epsilon(0.005));
    REQUIRE(row.points_n == 4);
    // Halving T doubles every LU.
    const auto half = analyse_dose_response(pts, three_targets(5e3), cfg, {});
    REQUIRE(half.lytic_units[0].lu.lu == Approx(2 * row.lu.lu));
  }
  // AUC of %SL vs ln(E:T): trapezoid over ln 5 .. ln 40, written out.
  const auto a = analyse_dose_response(pts, three_targets(), {}, {});
  double auc = 0;
  for (std::size_t i = 0; i + 1 < 4; ++i) auc += 0.5 * (kB1[i] + kB1[i + 1]) * std::log(kEt[i] / kEt[i + 1]);
  REQUIRE(a.lytic_units[0].auc_pct_ln_et == Approx(auc));
}

TEST_CASE("LU20 not reached keeps its bound (vector F)", "[unit]") {
  std::vector<DoseResponsePoint> pts;
  for (std::size_t i = 0; i < 4; ++i) pts.push_back({"TIL-P1", "DAUDI", {}, kEt[i], kF[i]});
  const auto a = analyse_dose_response(pts, three_targets(), {}, {});
  REQUIRE(a.lytic_units[0].lu.status == assay::LuStatus::kNotReached);
  REQUIRE(a.lytic_units[0].lu.bound == Approx(25.0));  // 1e7 / (1e4 x 40)
  REQUIRE(std::isnan(a.lytic_units[0].lu.lu));
}

TEST_CASE("selectivity via the shared path: release %SL and imaging %killing agree", "[unit]") {
  const test::HandPlate plate = design_release_plate();
  const ReleaseQuantification rq = quantify_release(plate.cpm, plate.layout, {});
  const std::vector<DoseResponsePoint> release_pts = dose_points(rq);
  const std::vector<DoseResponsePoint> imaging_pts = dose_points(design_imaging_quant());
  REQUIRE(release_pts.size() == 24);
  REQUIRE(imaging_pts.size() == 24);  // control conditions are not dose points

  const PlateLayout layout = three_targets();
  for (const auto* pts : {&release_pts, &imaging_pts}) {
    const auto a = analyse_dose_response(*pts, layout, {}, {});
    REQUIRE(a.selectivity.size() == 2);
    REQUIRE(of(a, "TIL-P1").result.pattern == assay::SelectivityPattern::kAutologousSelective);
    REQUIRE(of(a, "LAK-D1").result.pattern == assay::SelectivityPattern::kBroad);
    REQUIRE_FALSE(of(a, "TIL-P1").result.explanation.empty());
    REQUIRE(of(a, "TIL-P1").result.comparisons.size() == 2);  // autologous vs K562, vs Daudi
    REQUIRE(a.lytic_units.size() == 6);
  }
  const auto ra = analyse_dose_response(release_pts, layout, {}, {});
  const auto ia = analyse_dose_response(imaging_pts, layout, {}, {});
  for (std::size_t i = 0; i < ra.lytic_units.size(); ++i) {
    CAPTURE(ra.lytic_units[i].effector, ra.lytic_units[i].target);
    REQUIRE(ra.lytic_units[i].target == ia.lytic_units[i].target);
    REQUIRE(ra.lytic_units[i].lu.status == ia.lytic_units[i].lu.status);
    if (ra.lytic_units[i].lu.status == assay::LuStatus::kValue)
      REQUIRE(ra.lytic_units[i].lu.lu == Approx(ia.lytic_units[i].lu.lu).epsilon(1e-6));
  }
}

TEST_CASE("selectivity thresholds come from the config", "[unit]") {
  SelectivityConfig strict;
  strict.min_lysis_pct = 50;  // nothing of TIL reaches 50 %: non-lytic
  const auto a = analyse_dose_response(design_points(), three_targets(), {}, strict);
  REQUIRE(of(a, "TIL-P1").result.pattern == assay::SelectivityPattern::kNonLytic);
}

TEST_CASE("cold-target inhibition pairs each cold condition with its twin", "[unit]") {
  std::vector<DoseResponsePoint> pts = design_points();
  const Labels cold = {{kColdTargetLabel, "K562"}, {kColdRatioLabel, "20"}};
  pts.push_back({"LAK-D1", "DAUDI", cold, 40, 30});  // 45 % without cold targets
  pts.push_back({"LAK-D1", "DAUDI", cold, 20, 30});  // 30 % without: no inhibition
  pts.push_back({"LAK-D1", "DAUDI", cold, 7, 5});    // no twin at 7:1
  const auto a = analyse_dose_response(pts, three_targets(), {}, {});
  REQUIRE(a.cold_target.size() == 3);
  const auto& c40 = a.cold_target[2];  // sorted by E:T within the series
  REQUIRE(c40.et_ratio == 40);
  REQUIRE(c40.cold_target == "K562");
  REQUIRE(c40.cold_ratio == "20");
  REQUIRE(c40.lysis_without_cold_pct == Approx(45));
  REQUIRE(c40.inhibition_pct == Approx((1 - 30.0 / 45.0) * 100));
  REQUIRE(a.cold_target[1].inhibition_pct == Approx(0).margin(1e-12));
  REQUIRE(std::isnan(a.cold_target[0].inhibition_pct));
  REQUIRE_FALSE(a.cold_target[0].reason.empty());
  // Cold series have LU rows but stay out of the selectivity classification.
  REQUIRE(a.lytic_units.size() == 7);
  REQUIRE(a.selectivity.size() == 2);
  REQUIRE(of(a, "LAK-D1").result.targets.size() == 3);
  REQUIRE(without_cold_labels(cold).empty());
}
