// SPDX-License-Identifier: MIT
// Per-well counts and per-condition killing from hand-made object lists; the expected numbers
// are computed in the test from the ASSAY.md §3.2 formulas written out, not from lysisq::assay.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "lysisq/quantify.hpp"
#include "support/well_assignment.hpp"

using namespace lysisq;

namespace {

WellId well(const char* s) { return *WellId::parse(s); }

using test::assign;

PlateLayout make_layout(std::vector<WellAssignment> wells) {
  PlateLayout l;
  l.name = "test";
  std::sort(wells.begin(), wells.end(), [](const auto& a, const auto& b) { return a.well < b.well; });
  l.wells = std::move(wells);
  return l;
}

/// Appends n objects of class c in well w (field 1).
void add(std::vector<ObjectRecord>& objs, const char* w, ObjectClass c, int n) {
  for (int i = 0; i < n; ++i) {
    ObjectRecord o;
    o.well = well(w);
    o.label = int(objs.size()) + 1;
    o.cls = c;
    objs.push_back(o);
  }
}

struct Plate {
  PlateLayout layout;
  std::vector<ObjectRecord> objects;
  std::map<WellId, int> fields;
};

/// K562 target-only A01-A03 (live 100/110/90, dead 10/12/8), LAK at E:T 10 in B01-B03
/// (live 40/50/60, dead 30/25/35), plus effectors everywhere in B, one background well.
Plate example_plate() {
  Plate p;
  p.layout = make_layout({assign("A01", WellRole::kTargetOnly, "K562"), assign("A02", WellRole::kTargetOnly, "K562"),
                          assign("A03", WellRole::kTargetOnly, "K562"),
                          assign("B01", WellRole::kExperimental, "K562", "LAK", 10),
                          assign("B02", WellRole::kExperimental, "K562", "LAK", 10),
                          assign("B03", WellRole::kExperimental, "K562", "LAK", 10),
                          assign("H12", WellRole::kBackground, "")});
  const char* wells[] = {"A01", "A02", "A03", "B01", "B02", "B03"};
  const int live[] = {100, 110, 90, 40, 50, 60}, dead[] = {10, 12, 8, 30, 25, 35}, eff[] = {0, 0, 0, 500, 480, 520};
  for (int i = 0; i < 6; ++i) {
    add(p.objects, wells[i], ObjectClass::kLiveTarget, live[i]);
    add(p.objects, wells[i], ObjectClass::kDeadTarget, dead[i]);
    add(p.objects, wells[i], ObjectClass::kEffector, eff[i]);
    p.fields[well(wells[i])] = 2;
  }
  p.fields[well("H12")] = 1;
  return p;
}

PlateQuantification run(const Plate& p, KillingMetric m = KillingMetric::kTargetLoss) {
  QuantParams q;
  q.primary_metric = m;
  return quantify(p.layout, tally_wells(p.objects, p.fields), q);
}

const ConditionResult& find_condition(const PlateQuantification& q, WellRole role) {
  auto it = std::find_if(q.conditions.begin(), q.conditions.end(), [&](const auto& c) { return c.role == role; });
  REQUIRE(it != q.conditions.end());
  return *it;
}

/// Equal, or both undefined (NaN).
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == Approx(b); }

double sample_sd(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x / double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / double(v.size() - 1));
}

}  // namespace

TEST_CASE("tally_wells counts classes per well, including imaged wells without objects", "[unit]") {
  const Plate p = example_plate();
  const auto counts = tally_wells(p.objects, p.fields);
  REQUIRE(counts.size() == 7);
  const auto& b02 = counts[4];
  REQUIRE(b02.well == well("B02"));
  REQUIRE(b02.fields == 2);
  REQUIRE(b02.live_targets == 50);
  REQUIRE(b02.dead_targets == 25);
  REQUIRE(b02.effectors == 480);
  REQUIRE(b02.objects == 555);
  REQUIRE(counts.back().well == well("H12"));
  REQUIRE(counts.back().objects == 0);
}

TEST_CASE("known counts give known target-loss killing and specific death", "[unit]") {
  const auto q = run(example_plate());
  REQUIRE(q.wells.size() == 7);
  const double ref_live = (100 + 110 + 90) / 3.0;
  const double ref_dead = (10 / 110.0 + 12 / 122.0 + 8 / 98.0) / 3 * 100;
  const double live[] = {40, 50, 60}, dead[] = {30, 25, 35};
  std::vector<double> gold_loss, gold_death;
  for (int i = 0; i < 3; ++i) {
    const double d = dead[i] / (live[i] + dead[i]) * 100;
    gold_loss.push_back((1 - live[i] / ref_live) * 100);
    gold_death.push_back((d - ref_dead) / (100 - ref_dead) * 100);
    const WellResult& w = q.wells[std::size_t(3 + i)];
    CAPTURE(i);
    REQUIRE(w.dead_targets_pct == Approx(d));
    REQUIRE(w.killing_target_loss_pct == Approx(gold_loss.back()));
    REQUIRE(w.specific_death_pct == Approx(gold_death.back()));
  }
  const ConditionResult& c = find_condition(q, WellRole::kExperimental);
  REQUIRE(c.wells.size() == 3);
  REQUIRE(c.reference == "target_only");
  REQUIRE(c.reference_wells.size() == 3);
  REQUIRE(c.live_targets.mean == Approx(50));
  REQUIRE(c.live_targets.sd == Approx(10));
  REQUIRE(c.live_targets.cv_pct == Approx(20));
  REQUIRE(c.killing_target_loss.mean == Approx((1 - 50 / ref_live) * 100));
  REQUIRE(c.killing_target_loss.sd == Approx(sample_sd(gold_loss)));
  REQUIRE(c.specific_death.sd == Approx(sample_sd(gold_death)));
  REQUIRE(c.killing().mean == Approx(c.killing_target_loss.mean));
  const auto q2 = run(example_plate(), KillingMetric::kSpecificDeath);
  REQUIRE(find_condition(q2, WellRole::kExperimental).killing().mean ==
          Approx((gold_death[0] + gold_death[1] + gold_death[2]) / 3));
}

TEST_CASE("killing is 0 for the target-only condition and undefined without targets", "[unit]") {
  const auto q = run(example_plate());
  const ConditionResult& t = find_condition(q, WellRole::kTargetOnly);
  REQUIRE(t.killing_target_loss.mean == Approx(0).margin(1e-9));
  REQUIRE(t.specific_death.mean == Approx(0).margin(1e-9));
  const ConditionResult& bg = find_condition(q, WellRole::kBackground);
  REQUIRE(bg.killing_target_loss.n == 0);
  REQUIRE(std::isnan(bg.killing_target_loss.mean));
  REQUIRE(std::isnan(q.wells.back().dead_targets_pct));
  REQUIRE(bg.reference.empty());
}

TEST_CASE("permuting well and object order changes nothing", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Plate p = example_plate();
  const auto gold = run(p);
  Plate shuffled = p;
  std::mt19937 rng(seed);
  std::shuffle(shuffled.objects.begin(), shuffled.objects.end(), rng);
  auto counts = tally_wells(shuffled.objects, shuffled.fields);
  std::shuffle(counts.begin(), counts.end(), rng);
  const auto q = quantify(shuffled.layout, counts, QuantParams{});
  REQUIRE(q.wells.size() == gold.wells.size());
  for (std::size_t i = 0; i < q.wells.size(); ++i) {
    REQUIRE(q.wells[i].assignment.well == gold.wells[i].assignment.well);
    REQUIRE(q.wells[i].counts.live_targets == gold.wells[i].counts.live_targets);
    REQUIRE(same(q.wells[i].killing_target_loss_pct, gold.wells[i].killing_target_loss_pct));
    REQUIRE(same(q.wells[i].specific_death_pct, gold.wells[i].specific_death_pct));
  }
  REQUIRE(q.conditions.size() == gold.conditions.size());
  for (std::size_t i = 0; i < q.conditions.size(); ++i) {
    REQUIRE(q.conditions[i].wells == gold.conditions[i].wells);
    REQUIRE(q.conditions[i].reference_wells == gold.conditions[i].reference_wells);
    REQUIRE(same(q.conditions[i].killing_target_loss.mean, gold.conditions[i].killing_target_loss.mean));
    REQUIRE(same(q.conditions[i].killing_target_loss.sd, gold.conditions[i].killing_target_loss.sd));
    REQUIRE(same(q.conditions[i].specific_death.mean, gold.conditions[i].specific_death.mean));
  }
}

TEST_CASE("spontaneous wells are the reference when a target has no target-only wells", "[unit]") {
  Plate p;
  p.layout = make_layout({assign("C01", WellRole::kSpontaneous, "Daudi"), assign("C02", WellRole::kSpontaneous, "Daudi"),
                          assign("C03", WellRole::kMaximum, "Daudi"),
                          assign("D01", WellRole::kExperimental, "Daudi", "TIL", 20)});
  add(p.objects, "C01", ObjectClass::kLiveTarget, 80);
  add(p.objects, "C02", ObjectClass::kLiveTarget, 120);
  add(p.objects, "C03", ObjectClass::kDeadTarget, 90);
  add(p.objects, "D01", ObjectClass::kLiveTarget, 75);
  for (const char* w : {"C01", "C02", "C03", "D01"}) p.fields[well(w)] = 1;
  const auto q = run(p);
  const ConditionResult& e = find_condition(q, WellRole::kExperimental);
  REQUIRE(e.reference == "spontaneous");
  REQUIRE(e.reference_wells == std::vector<WellId>{well("C01"), well("C02")});
  REQUIRE(e.killing_target_loss.mean == Approx(25.0));
  REQUIRE(find_condition(q, WellRole::kMaximum).killing_target_loss.mean == Approx(100.0));
}

TEST_CASE("reference wells with the same labels (time point) are preferred", "[unit]") {
  Plate p;
  p.layout = make_layout({assign("A01", WellRole::kTargetOnly, "K562", "", 0, {{"time", "4h"}}),
                          assign("A02", WellRole::kTargetOnly, "K562", "", 0, {{"time", "24h"}}),
                          assign("B01", WellRole::kExperimental, "K562", "NK", 5, {{"time", "4h"}}),
                          assign("B02", WellRole::kExperimental, "K562", "NK", 5, {{"time", "24h"}}),
                          assign("B03", WellRole::kExperimental, "K562", "NK", 5, {{"time", "48h"}})});
  add(p.objects, "A01", ObjectClass::kLiveTarget, 100);
  add(p.objects, "A02", ObjectClass::kLiveTarget, 200);
  add(p.objects, "B01", ObjectClass::kLiveTarget, 50);
  add(p.objects, "B02", ObjectClass::kLiveTarget, 50);
  add(p.objects, "B03", ObjectClass::kLiveTarget, 75);
  for (const char* w : {"A01", "A02", "B01", "B02", "B03"}) p.fields[well(w)] = 1;
  const auto q = run(p);
  REQUIRE(q.conditions.size() == 5);  // labels make separate conditions
  REQUIRE(q.wells[2].killing_target_loss_pct == Approx(50.0));   // B01 vs A01 (4h)
  REQUIRE(q.wells[3].killing_target_loss_pct == Approx(75.0));   // B02 vs A02 (24h)
  REQUIRE(q.wells[4].killing_target_loss_pct == Approx(50.0));   // B03: no 48h reference, both
}

TEST_CASE("counts of wells outside the layout are ignored", "[unit]") {
  Plate p = example_plate();
  add(p.objects, "G07", ObjectClass::kLiveTarget, 5);
  const auto q = run(p);
  REQUIRE(q.wells.size() == 7);
  REQUIRE(metric_name(KillingMetric::kSpecificDeath) == std::string("specific_death"));
}
