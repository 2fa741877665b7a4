// SPDX-License-Identifier: MIT
// Object classification: exact Otsu on log intensities (vs a brute-force within-class-variance
// oracle), the dead threshold chosen among targets only, fixed thresholds, calcein-loss mode.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "lysisq/classify.hpp"

using namespace lysisq;

namespace {

/// Sum of within-class squared deviations of log1p(v) for the split "v > t".
double within_class_ss(const std::vector<double>& v, double t) {
  double s[2] = {0, 0}, ss[2] = {0, 0};
  int n[2] = {0, 0};
  for (double x : v) {
    const int c = x > t ? 1 : 0;
    const double l = std::log1p(x);
    s[c] += l;
    ss[c] += l * l;
    ++n[c];
  }
  double w = 0;
  for (int c = 0; c < 2; ++c)
    if (n[c]) w += ss[c] - s[c] * s[c] / n[c];
  return w;
}

std::vector<double> lognormal(std::mt19937& rng, int n, double median, double sigma) {
  std::normal_distribution<double> d(std::log(median), sigma);
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(std::exp(d(rng)));
  return v;
}

}  // namespace

TEST_CASE("otsu_log_threshold minimises the within-class variance of log intensities", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::vector<double> v = lognormal(rng, 40, 200, 0.6);
  const auto hi = lognormal(rng, 25, 3000, 0.5);
  v.insert(v.end(), hi.begin(), hi.end());
  const double t = otsu_log_threshold(v);
  REQUIRE(std::isfinite(t));
  const double best = within_class_ss(v, t);
  // Oracle: every split between two data values, scored independently.
  for (double cand : v) REQUIRE(best <= within_class_ss(v, cand) + 1e-9);
  // The threshold lies strictly between two data values (a midpoint in log space).
  bool below = false, above = false;
  for (double x : v) (x > t ? above : below) = true;
  REQUIRE((below && above));
}

TEST_CASE("otsu_log_threshold separates two well-separated populations exactly", "[unit]") {
  const std::vector<double> v = {10, 12, 9, 11, 1000, 1200, 900};
  const double t = otsu_log_threshold(v);
  REQUIRE(t > 12);
  REQUIRE(t < 900);
  // Midpoint in log1p space of 12 and 900.
  REQUIRE(t == Approx(std::expm1(0.5 * (std::log1p(12.0) + std::log1p(900.0)))));
}

TEST_CASE("otsu_log_threshold has no split for empty or constant input", "[unit]") {
  REQUIRE(std::isnan(otsu_log_threshold(std::vector<double>{})));
  REQUIRE(std::isnan(otsu_log_threshold(std::vector<double>{5})));
  REQUIRE(std::isnan(otsu_log_threshold(std::vector<double>{7, 7, 7})));
  REQUIRE(std::isfinite(otsu_log_threshold(std::vector<double>{0, 7})));
}

TEST_CASE("the dead threshold is chosen among targets only", "[unit]") {
  // Effectors: no target label but a dead-stain level between live and dead targets (bleed-through
  // from the dead targets they cluster around). Over all objects, Otsu would split off the
  // effectors' level; among targets it splits live from dead.
  std::mt19937 rng(42);
  std::vector<double> target, dead;
  auto add = [&](int n, double t_med, double d_med) {
    const auto t = lognormal(rng, n, t_med, 0.2);
    const auto d = lognormal(rng, n, d_med, 0.2);
    target.insert(target.end(), t.begin(), t.end());
    dead.insert(dead.end(), d.begin(), d.end());
  };
  add(300, 40, 700);     // effectors
  add(100, 2000, 100);   // live targets
  add(60, 2000, 5000);   // dead targets
  ClassifyParams p;
  std::vector<std::string> warnings;
  const ClassifierThresholds t = choose_thresholds(target, dead, p, warnings);
  REQUIRE(warnings.empty());
  std::vector<double> gold_pool;  // dead stain of the objects above the target threshold
  for (std::size_t i = 0; i < target.size(); ++i)
    if (target[i] > t.target) gold_pool.push_back(dead[i]);
  REQUIRE(gold_pool.size() == 160);
  REQUIRE(t.dead == Approx(otsu_log_threshold(gold_pool)));
  int counts[3] = {0, 0, 0};
  for (std::size_t i = 0; i < target.size(); ++i) ++counts[int(classify_object(target[i], dead[i], t))];
  CHECK(counts[int(ObjectClass::kEffector)] == 300);
  CHECK(counts[int(ObjectClass::kLiveTarget)] == 100);
  CHECK(counts[int(ObjectClass::kDeadTarget)] == 60);
  // Pooling everything would have split elsewhere (the reason for the rule).
  CHECK(otsu_log_threshold(dead) < 1000);
}

TEST_CASE("fixed thresholds are used as given, with strict comparisons", "[unit]") {
  ClassifyParams p;
  p.target_mode = ThresholdMode::kFixed;
  p.target_threshold = 500;
  p.dead_mode = ThresholdMode::kFixed;
  p.dead_threshold = 1000;
  std::vector<std::string> warnings;
  const std::vector<double> target = {100, 500, 501, 900}, dead = {5000, 5000, 1000, 1001};
  const auto t = choose_thresholds(target, dead, p, warnings);
  REQUIRE(t.target == 500);
  REQUIRE(t.dead == 1000);
  REQUIRE_FALSE(t.target_auto);
  REQUIRE(classify_object(100, 5000, t) == ObjectClass::kEffector);
  REQUIRE(classify_object(500, 5000, t) == ObjectClass::kEffector);   // not strictly above
  REQUIRE(classify_object(501, 1000, t) == ObjectClass::kLiveTarget);  // not strictly above
  REQUIRE(classify_object(900, 1001, t) == ObjectClass::kDeadTarget);
}

TEST_CASE("calcein-loss mode counts dim targets as dead", "[unit]") {
  ClassifyParams p;
  p.death_readout = DeathReadout::kCalceinLoss;
  p.target_mode = ThresholdMode::kFixed;
  p.target_threshold = 50;
  p.dead_mode = ThresholdMode::kFixed;
  p.dead_threshold = 400;
  std::vector<std::string> w;
  const auto t = choose_thresholds(std::vector<double>{10}, std::vector<double>{0}, p, w);
  REQUIRE(classify_object(10, 0, t) == ObjectClass::kEffector);
  REQUIRE(classify_object(200, 0, t) == ObjectClass::kDeadTarget);
  REQUIRE(classify_object(900, 0, t) == ObjectClass::kLiveTarget);
  // Auto: the split is among targets' label intensities.
  p.dead_mode = ThresholdMode::kAuto;
  const std::vector<double> label = {5, 6, 7, 150, 160, 170, 3000, 3100, 3200, 3300};
  const auto ta = choose_thresholds(label, std::vector<double>(label.size(), 0), p, w);
  REQUIRE(ta.dead > 170);
  REQUIRE(ta.dead < 3000);
}

TEST_CASE("classification falls back with a warning when no split exists", "[unit]") {
  ClassifyParams p;
  std::vector<std::string> warnings;
  const std::vector<double> target = {300, 300}, dead = {10, 10};
  const auto t = choose_thresholds(target, dead, p, warnings);
  REQUIRE(warnings.size() == 2);
  REQUIRE(warnings[0].find("target") != std::string::npos);
  REQUIRE(classify_object(300, 10, t) == ObjectClass::kLiveTarget);
  // No objects at all: both fall back, nothing throws.
  warnings.clear();
  std::vector<ObjectRecord> none;
  classify_objects(none, p, warnings);
  REQUIRE(warnings.size() == 2);
}

TEST_CASE("classify_objects labels every record", "[unit]") {
  std::vector<ObjectRecord> objs(6);
  const double tv[] = {10, 12, 2000, 2100, 2200, 2050}, dv[] = {50, 60, 40, 45, 4000, 4200};
  for (int i = 0; i < 6; ++i) {
    objs[std::size_t(i)].target_mean = tv[i];
    objs[std::size_t(i)].dead_mean = dv[i];
  }
  std::vector<std::string> w;
  classify_objects(objs, ClassifyParams{}, w);
  REQUIRE(objs[0].cls == ObjectClass::kEffector);
  REQUIRE(objs[1].cls == ObjectClass::kEffector);
  REQUIRE(objs[2].cls == ObjectClass::kLiveTarget);
  REQUIRE(objs[3].cls == ObjectClass::kLiveTarget);
  REQUIRE(objs[4].cls == ObjectClass::kDeadTarget);
  REQUIRE(objs[5].cls == ObjectClass::kDeadTarget);
  REQUIRE(std::string(object_class_name(ObjectClass::kDeadTarget)) == "dead_target");
}
