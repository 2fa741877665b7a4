// SPDX-License-Identifier: MIT
// Selectivity patterns, LU ratios with bound semantics and cold-target inhibition
// (ASSAY.md §3.4, §7), on the §5 vectors (E: TIL vs autologous melanoma, F: TIL vs Daudi,
// D: LAK vs K562).
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include "lysisq/selectivity.hpp"

using namespace lysisq;
using namespace lysisq::assay;

namespace {

TargetSeries make(const char* name, TargetOrigin origin, NkClass nk, const std::array<double, 4>& lysis,
                  const std::array<double, 4>& et = {40, 20, 10, 5}, double t = 1e4) {
  TargetSeries s;
  s.target.name = name;
  s.target.origin = origin;
  s.target.nk_class = nk;
  s.target.targets_per_well = t;
  for (std::size_t i = 0; i < 4; ++i) s.points.push_back({et[i], lysis[i]});
  return s;
}

TargetSeries autologous(const std::array<double, 4>& l, double t = 1e4) {
  return make("MEL-P1", TargetOrigin::kAutologous, NkClass::kUnknown, l, {40, 20, 10, 5}, t);
}
TargetSeries k562(const std::array<double, 4>& l) {
  return make("K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, l);
}
TargetSeries daudi(const std::array<double, 4>& l) {
  return make("Daudi", TargetOrigin::kCellLine, NkClass::kNkResistant, l);
}

const std::array<double, 4> kD = {62, 48, 31, 18}, kE = {35, 24, 14, 7}, kF = {8, 5, 3, 1};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("selectivity: TIL (E vs autologous, F vs lines) is autologous-selective", "[unit]") {
  const std::vector<TargetSeries> s = {autologous(kE), k562(kF), daudi(kF)};
  const SelectivityResult r = classify_selectivity(s);
  REQUIRE(r.pattern == SelectivityPattern::kAutologousSelective);
  REQUIRE(r.targets.size() == 3);
  REQUIRE(r.targets[0].lysed);
  REQUIRE(r.targets[0].lysis_at_max_et_pct == 35);
  REQUIRE(r.targets[0].max_et == 40);
  REQUIRE_FALSE(r.targets[2].lysed);
  REQUIRE(r.comparisons.size() == 2);
  const double lu_aut = lytic_units(s[0].points).lu;  // oracle: the LU on its own
  for (const AutologousComparison& c : r.comparisons) {
    REQUIRE(c.autologous == "MEL-P1");
    REQUIRE(c.ratio_kind == RatioKind::kLowerBound);  // only the line is not reached
    REQUIRE(c.lu_ratio == Approx(lu_aut / 25.0).epsilon(1e-12));
    REQUIRE(c.lu_ratio == Approx(63.31 / 25.0).epsilon(5e-3));
    REQUIRE(c.common_et == 40);
    REQUIRE(c.lysis_diff_pct == Approx(27.0));
  }
  CAPTURE(r.explanation);
  REQUIRE(contains(r.explanation, "autologous-selective"));
  REQUIRE(contains(r.explanation, "> 2.53"));
  REQUIRE(contains(r.explanation, "27.0 % at 40:1"));
  REQUIRE(contains(r.explanation, "LU20 < 25.0/1e7"));
}

TEST_CASE("selectivity: LAK lysing autologous and Daudi is broad, ratio a plain value", "[unit]") {
  const std::vector<TargetSeries> s = {k562(kD), daudi({45, 33, 20, 10}), autologous({30, 20, 12, 5})};
  const SelectivityResult r = classify_selectivity(s);
  REQUIRE(r.pattern == SelectivityPattern::kBroad);
  REQUIRE(r.comparisons.size() == 2);
  const double lu_aut = lytic_units(s[2].points).lu, lu_daudi = lytic_units(s[1].points).lu;
  const AutologousComparison& vs_daudi = r.comparisons[1];
  REQUIRE(vs_daudi.cell_line == "Daudi");
  REQUIRE(vs_daudi.ratio_kind == RatioKind::kValue);
  REQUIRE(vs_daudi.lu_ratio == Approx(lu_aut / lu_daudi).epsilon(1e-12));
  REQUIRE(vs_daudi.lysis_diff_pct == Approx(-15.0));
  CAPTURE(r.explanation);
  REQUIRE(contains(r.explanation, "broad"));
  REQUIRE(contains(r.explanation, "Daudi: 45.0 % at 40:1"));
}

TEST_CASE("selectivity: NK-like, non-lytic and unclassified", "[unit]") {
  const SelectivityResult nk = classify_selectivity(std::vector{k562(kD), daudi(kF), autologous(kF)});
  REQUIRE(nk.pattern == SelectivityPattern::kNkLike);
  REQUIRE(contains(nk.explanation, "NK-like"));
  const SelectivityResult none = classify_selectivity(std::vector{k562(kF), daudi(kF), autologous({9, 5, 2, -1})});
  REQUIRE(none.pattern == SelectivityPattern::kNonLytic);
  REQUIRE(contains(none.explanation, "non-lytic"));
  REQUIRE(contains(none.explanation, "9.0 % at 40:1"));
  const TargetSeries allo = make("MEL-X", TargetOrigin::kAllogeneic, NkClass::kUnknown, kE);
  const SelectivityResult other = classify_selectivity(std::vector{allo, k562(kF), autologous(kF)});
  REQUIRE(other.pattern == SelectivityPattern::kUnclassified);
  REQUIRE(contains(other.explanation, "unclassified"));
  // No cell line at all: selectivity cannot be claimed.
  REQUIRE(classify_selectivity(std::vector{autologous(kE)}).pattern == SelectivityPattern::kUnclassified);
  REQUIRE(classify_selectivity(std::vector<TargetSeries>{}).pattern == SelectivityPattern::kNonLytic);
}

TEST_CASE("selectivity: thresholds are configurable, exactly at the limit counts", "[unit]") {
  const std::vector<TargetSeries> til = {autologous(kE), k562(kF), daudi(kF)};
  SelectivityParams p;
  p.min_ratio = 3;  // > 2.53 no longer proves >= 3
  REQUIRE(classify_selectivity(til, p).pattern == SelectivityPattern::kUnclassified);
  p = {};
  p.min_lysis_pct = 40;
  REQUIRE(classify_selectivity(til, p).pattern == SelectivityPattern::kNonLytic);
  const SelectivityResult at = classify_selectivity(std::vector{k562({10, 6, 3, 1}), daudi(kF)});
  REQUIRE(at.targets[0].lysed);
  REQUIRE(at.pattern == SelectivityPattern::kNkLike);
  REQUIRE(std::string(pattern_name(SelectivityPattern::kAutologousSelective)) == "autologous-selective");
}

TEST_CASE("selectivity: LU ratio bounds, per-target T, highest common E:T", "[unit]") {
  // Autologous not reached, line a value: ratio < bound / LU(line).
  const SelectivityResult up = classify_selectivity(std::vector{autologous(kF), k562(kD)});
  const double lu_k562 = lytic_units(k562(kD).points).lu;
  REQUIRE(up.comparisons[0].ratio_kind == RatioKind::kUpperBound);
  REQUIRE(up.comparisons[0].lu_ratio == Approx(25.0 / lu_k562).epsilon(1e-12));
  // Both not reached: nothing is known.
  const SelectivityResult both = classify_selectivity(std::vector{autologous(kF), daudi(kF)});
  REQUIRE(both.comparisons[0].ratio_kind == RatioKind::kUndefined);
  REQUIRE(std::isnan(both.comparisons[0].lu_ratio));
  REQUIRE(contains(both.explanation, "LU ratio undefined"));
  // Half the targets per well doubles the autologous LU and so the ratio.
  const auto ratio = [](double t) {
    return classify_selectivity(std::vector{autologous(kE, t), k562(kF)}).comparisons[0].lu_ratio;
  };
  REQUIRE(ratio(5e3) == Approx(2 * ratio(1e4)).epsilon(1e-12));
  // Different E:T sets: the lysis difference is taken at the highest E:T both have.
  const TargetSeries line = make("Daudi", TargetOrigin::kCellLine, NkClass::kNkResistant, {12, 8, 5, 2}, {20, 10, 5, 2.5});
  const SelectivityResult mixed = classify_selectivity(std::vector{autologous(kE), line});
  REQUIRE(mixed.comparisons[0].common_et == 20);
  REQUIRE(mixed.comparisons[0].lysis_diff_pct == Approx(24.0 - 12.0));
  REQUIRE(mixed.targets[1].max_et == 20);
  REQUIRE(mixed.targets[1].lysis_at_max_et_pct == 12);
}

TEST_CASE("cold-target inhibition", "[unit]") {
  REQUIRE(cold_target_inhibition_pct(15, 40) == Approx(62.5).epsilon(1e-12));
  REQUIRE(cold_target_inhibition_pct(40, 40) == Approx(0.0).margin(1e-12));
  REQUIRE(cold_target_inhibition_pct(50, 40) == Approx(-25.0));  // more lysis with cold targets
  REQUIRE(cold_target_inhibition_pct(-2, 40) == Approx(105.0));
  REQUIRE(std::isnan(cold_target_inhibition_pct(5, 0)));
  REQUIRE(std::isnan(cold_target_inhibition_pct(5, -3)));
  REQUIRE(std::isnan(cold_target_inhibition_pct(std::nan(""), 30)));
}
