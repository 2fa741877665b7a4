// SPDX-License-Identifier: MIT
// kinetic_conditions: a plate quantified by the real quantify() at three time points from
// hand-made live-target counts. The expected killing, AUC and KT50 are the ASSAY.md §3.2 formulas
// written out in this file over the means of the table below, not lysisq::assay's functions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "lysisq/kinetic_plate.hpp"
#include "support/well_assignment.hpp"

using namespace lysisq;

namespace {

using Labels = std::map<std::string, std::string>;

using test::assign;

/// K562 target-only wells carry labels ab=x / ab=y, and the K562 conditions ab=z, so that their
/// reference is both target-only wells across two replicate groups. Raji has no control wells (no
/// reference: skipped); Daudi has spontaneous wells only.
PlateLayout layout() {
  const Labels z{{"ab", "z"}};
  PlateLayout l;
  l.name = "kinetic";
  l.wells = {assign("A01", WellRole::kTargetOnly, "K562", "", 0, {{"ab", "x"}}),
             assign("A02", WellRole::kTargetOnly, "K562", "", 0, {{"ab", "y"}}),
             assign("B01", WellRole::kExperimental, "K562", "LAK", 10, z),
             assign("B02", WellRole::kExperimental, "K562", "LAK", 10, z),
             assign("C01", WellRole::kExperimental, "K562", "LAK", 5, z),
             assign("C02", WellRole::kExperimental, "K562", "LAK", 5, z),
             assign("D01", WellRole::kExperimental, "Raji", "LAK", 10),
             assign("D02", WellRole::kExperimental, "Raji", "LAK", 10),
             assign("E01", WellRole::kSpontaneous, "Daudi"),
             assign("E02", WellRole::kSpontaneous, "Daudi"),
             assign("F01", WellRole::kExperimental, "Daudi", "NK", 2),
             assign("F02", WellRole::kExperimental, "Daudi", "NK", 2),
             assign("H12", WellRole::kBackground, "")};
  return l;
}

const std::vector<double> kHours = {0, 4, 10};
/// Live targets per well at each of kHours. Daudi's spontaneous wells are empty at 4 h.
const std::map<std::string, std::vector<int>> kLive = {
    {"A01", {90, 100, 120}}, {"A02", {110, 120, 122}}, {"B01", {110, 70, 40}}, {"B02", {90, 90, 60}},
    {"C01", {60, 58, 57}},   {"C02", {40, 42, 43}},    {"D01", {50, 40, 30}}, {"D02", {50, 40, 30}},
    {"E01", {30, 0, 45}},    {"E02", {50, 0, 35}},     {"F01", {40, 30, 20}}, {"F02", {40, 30, 20}},
    {"H12", {0, 0, 0}}};

/// The plate at time index i; wells in `absent` were not imaged then.
TimedQuantification at(std::size_t i, const std::vector<std::string>& absent = {}) {
  std::vector<WellCounts> counts;
  for (const auto& [w, live] : kLive) {
    if (std::find(absent.begin(), absent.end(), w) != absent.end()) continue;
    WellCounts c;
    c.well = *WellId::parse(w);
    c.fields = 1;
    c.live_targets = live[i];
    c.dead_targets = 5;
    counts.push_back(c);
  }
  return {KineticTime{int(i) + 1, kHours[i]}, quantify(layout(), counts, QuantParams{})};
}

std::vector<TimedQuantification> series() { return {at(0), at(1), at(2)}; }

double mean_live(const std::vector<std::string>& wells, std::size_t i) {
  double s = 0;
  for (const auto& w : wells) s += kLive.at(w)[i];
  return s / double(wells.size());
}

/// ASSAY.md §3.2 written out.
double oracle_killing(double et_t, double et_0, double t_t, double t_0) {
  if (et_0 <= 0 || t_0 <= 0 || t_t <= 0) return std::nan("");
  return (1 - (et_t / et_0) / (t_t / t_0)) * 100;
}

struct Expected {
  std::vector<double> time, killing;
};

Expected oracle_curve(const std::vector<std::string>& et, const std::vector<std::string>& ref) {
  Expected e;
  for (std::size_t i = 0; i < kHours.size(); ++i) {
    e.time.push_back(kHours[i]);
    e.killing.push_back(oracle_killing(mean_live(et, i), mean_live(et, 0), mean_live(ref, i), mean_live(ref, 0)));
  }
  return e;
}

const KineticCondition& find(const std::vector<KineticCondition>& all, const char* target, double et) {
  const auto it = std::find_if(all.begin(), all.end(),
                               [&](const auto& k) { return k.target == target && k.et_ratio == et; });
  REQUIRE(it != all.end());
  return *it;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == Approx(b).epsilon(1e-12); }

}  // namespace

TEST_CASE("kinetic_conditions: time-normalised killing, trapezoid AUC and interpolated KT50", "[unit]") {
  const auto s = series();
  const auto all = kinetic_conditions(s, 50);
  // Raji has no reference and is skipped; the others come in the quantification's order.
  REQUIRE(all.size() == 3);
  REQUIRE(all[0].target == "Daudi");
  REQUIRE(all[1].target == "K562");
  REQUIRE(all[1].et_ratio == 10);
  REQUIRE(all[2].et_ratio == 5);

  const KineticCondition& k = find(all, "K562", 10);
  REQUIRE(k.effector == "LAK");
  REQUIRE(k.labels == Labels{{"ab", "z"}});
  REQUIRE(k.reference == "target_only");
  const Expected e = oracle_curve({"B01", "B02"}, {"A01", "A02"});
  REQUIRE(k.points.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    REQUIRE(k.points[i].time.time_point == int(i) + 1);
    REQUIRE(k.points[i].time.time_h == kHours[i]);
    REQUIRE(k.points[i].live_targets_mean == Approx(mean_live({"B01", "B02"}, i)));
    // Both target-only wells, though they are two replicate groups (labels x and y).
    REQUIRE(k.points[i].reference_live_targets_mean == Approx(mean_live({"A01", "A02"}, i)));
    REQUIRE(k.points[i].killing_pct == Approx(e.killing[i]));
  }
  REQUIRE(k.points[0].killing_pct == Approx(0).margin(1e-12));
  REQUIRE(e.killing[1] == Approx((1 - 0.8 / 1.1) * 100));  // the table gives the round means
  const double auc = 0.5 * (e.killing[0] + e.killing[1]) * 4 + 0.5 * (e.killing[1] + e.killing[2]) * 6;
  REQUIRE(k.summary.points_used == 3);
  REQUIRE(k.summary.auc_pct_h == Approx(auc));
  REQUIRE(k.summary.auc_normalised == Approx(auc / (100 * 10)));
  REQUIRE(k.summary.max_killing_pct == Approx(e.killing[2]));
  REQUIRE(k.summary.kt50_reached);
  REQUIRE(k.summary.kt50_h == Approx(4 + (50 - e.killing[1]) / (e.killing[2] - e.killing[1]) * 6));

  // E:T 5 stays below 50 %: KT50 not reached, but a lower level is.
  const KineticCondition& low = find(all, "K562", 5);
  const Expected el = oracle_curve({"C01", "C02"}, {"A01", "A02"});
  REQUIRE(el.killing[2] < 50);
  REQUIRE_FALSE(low.summary.kt50_reached);
  REQUIRE(std::isnan(low.summary.kt50_h));
  const auto at10 = find(kinetic_conditions(s, 10), "K562", 5).summary;
  REQUIRE(at10.kt50_h == Approx(4 + (10 - el.killing[1]) / (el.killing[2] - el.killing[1]) * 6));
}

TEST_CASE("kinetic_conditions: a zero reference count gives NaN there, and the spontaneous reference", "[unit]") {
  const auto all = kinetic_conditions(series(), 50);
  const KineticCondition& k = find(all, "Daudi", 2);
  REQUIRE(k.reference == "spontaneous");
  REQUIRE(k.points.size() == 3);
  REQUIRE(k.points[1].reference_live_targets_mean == 0);
  REQUIRE(std::isnan(k.points[1].killing_pct));
  const Expected e = oracle_curve({"F01", "F02"}, {"E01", "E02"});
  REQUIRE(k.points[2].killing_pct == Approx(e.killing[2]));
  // The NaN point is left out of the summary: (0 h, 0 %) to (10 h, 50 %).
  REQUIRE(k.summary.points_used == 2);
  REQUIRE(k.summary.auc_pct_h == Approx(0.5 * e.killing[2] * 10));
  REQUIRE(k.summary.kt50_h == Approx(10.0 * 50 / e.killing[2]));
}

TEST_CASE("kinetic_conditions: the order of the series does not matter", "[unit]") {
  const auto gold = kinetic_conditions(series(), 50);
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  auto s = series();
  std::shuffle(s.begin(), s.end(), std::mt19937(seed));
  const auto got = kinetic_conditions(s, 50);
  REQUIRE(got.size() == gold.size());
  for (std::size_t c = 0; c < gold.size(); ++c) {
    REQUIRE(got[c].target == gold[c].target);
    REQUIRE(got[c].et_ratio == gold[c].et_ratio);
    REQUIRE(got[c].points.size() == gold[c].points.size());
    for (std::size_t i = 0; i < gold[c].points.size(); ++i) {
      REQUIRE(got[c].points[i].time.time_point == gold[c].points[i].time.time_point);
      REQUIRE(same(got[c].points[i].killing_pct, gold[c].points[i].killing_pct));
    }
    REQUIRE(same(got[c].summary.auc_pct_h, gold[c].summary.auc_pct_h));
    REQUIRE(same(got[c].summary.kt50_h, gold[c].summary.kt50_h));
  }
}

TEST_CASE("kinetic_conditions: conditions are matched by what they are, not by index", "[unit]") {
  // At 4 h the E:T 5 wells were not imaged: one group fewer there, so every later index shifts.
  const std::vector<TimedQuantification> s = {at(0), at(1, {"C01", "C02"}), at(2)};
  REQUIRE(s[1].quant.conditions.size() + 1 == s[0].quant.conditions.size());
  const auto all = kinetic_conditions(s, 50);
  REQUIRE(all.size() == 3);
  const KineticCondition& low = find(all, "K562", 5);
  REQUIRE(low.points.size() == 2);
  REQUIRE(low.points[1].time.time_h == 10);
  const Expected el = oracle_curve({"C01", "C02"}, {"A01", "A02"});
  REQUIRE(low.points[1].killing_pct == Approx(el.killing[2]));
  const Expected ed = oracle_curve({"F01", "F02"}, {"E01", "E02"});
  REQUIRE(find(all, "Daudi", 2).points[2].killing_pct == Approx(ed.killing[2]));
  // Absent at the first time point, a condition has no time 0: its killing is NaN throughout.
  const std::vector<TimedQuantification> late = {at(0, {"B01", "B02"}), at(1), at(2)};
  const KineticCondition& k = find(kinetic_conditions(late, 50), "K562", 10);
  REQUIRE(k.points.size() == 2);
  REQUIRE(std::isnan(k.points[0].killing_pct));
  REQUIRE(k.summary.points_used == 0);
}

TEST_CASE("kinetic_conditions: an empty series gives no conditions", "[unit]") {
  REQUIRE(kinetic_conditions({}, 50).empty());
}
