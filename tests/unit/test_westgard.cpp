// SPDX-License-Identifier: MIT
// Westgard rules: each rule triggered alone by a sequence built for it, a drift caught by 4-1s
// before 10-x, seeded in-control data, a rule-by-rule oracle; Levey-Jennings limits; 51Cr decay.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "lysisq/history.hpp"
#include "lysisq/westgard.hpp"

using namespace lysisq::history;

namespace {

const LjLimits kLimits{100.0, 10.0, 20, false};  // z = (x - 100) / 10

/// 20 in-control runs alternating at +0.5 / -0.5 SD, ending below the mean: no rule fires on them.
std::vector<double> quiet_history() {
  std::vector<double> v;
  for (int i = 0; i < 20; ++i) v.push_back(i % 2 ? 95.0 : 105.0);
  return v;
}

std::vector<double> with(std::vector<double> v, std::initializer_list<double> tail) {
  v.insert(v.end(), tail);
  return v;
}

std::set<std::string> fired(const std::vector<double>& values, const LjLimits& lim = kLimits) {
  std::set<std::string> names;
  for (const auto& h : evaluate_westgard(values, lim)) names.insert(std::string(rule_info(h.rule).name));
  return names;
}

/// Standard normal deviates from mt19937_64 by Box-Muller: the same numbers on every platform
/// (std::normal_distribution's algorithm is implementation-defined).
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : rng_(seed) {}
  double operator()() {
    const double u1 = (double(rng_() >> 11) + 1.0) * 0x1.0p-53;  // (0, 1]
    const double u2 = double(rng_() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::mt19937_64 rng_;
};

/// Oracle: the rules as written in ASSAY-DOMAIN.md §6, on raw values against mean +- k SD.
std::set<std::string> oracle(const std::vector<double>& v, double mean, double sd) {
  const std::size_t n = v.size();
  auto all_last = [&](std::size_t k, auto pred) {
    if (n < k) return false;
    for (std::size_t i = n - k; i < n; ++i)
      if (!pred(v[i])) return false;
    return true;
  };
  auto beyond = [&](std::size_t k, double m) {
    return all_last(k, [&](double x) { return x > mean + m * sd; }) ||
           all_last(k, [&](double x) { return x < mean - m * sd; });
  };
  std::set<std::string> s;
  if (beyond(1, 2)) s.insert("1-2s");
  if (beyond(1, 3)) s.insert("1-3s");
  if (beyond(2, 2)) s.insert("2-2s");
  if (n >= 2) {
    const double a = v[n - 2], b = v[n - 1];
    if ((a > mean + 2 * sd && b < mean - 2 * sd) || (a < mean - 2 * sd && b > mean + 2 * sd)) s.insert("R-4s");
  }
  if (beyond(4, 1)) s.insert("4-1s");
  if (beyond(10, 0)) s.insert("10-x");
  return s;
}

}  // namespace

TEST_CASE("westgard: quiet history fires nothing, a value exactly at 2 SD passes", "[unit]") {
  REQUIRE(fired(quiet_history()).empty());
  REQUIRE(fired(with(quiet_history(), {120.0})).empty());  // at the limit: not beyond it (ASSAY §7)
  REQUIRE(worst_verdict(evaluate_westgard(quiet_history(), kLimits)) == Verdict::kPass);
}

TEST_CASE("westgard: one value at 2.5 SD fires 1-2s only, a warning", "[unit]") {
  const double x = GENERATE(125.0, 75.0);
  CAPTURE(x);
  const auto v = with(quiet_history(), {x});
  REQUIRE(fired(v) == std::set<std::string>{"1-2s"});
  const auto hits = evaluate_westgard(v, kLimits);
  REQUIRE(worst_verdict(hits) == Verdict::kWarn);
  REQUIRE(hits[0].values == std::vector<double>{x});
  REQUIRE(hits[0].z[0] == Approx((x - 100) / 10));
}

TEST_CASE("westgard: a 3.5 SD outlier fires 1-3s (fail) and the 1-2s warning only", "[unit]") {
  const auto v = with(quiet_history(), {135.0});
  REQUIRE(fired(v) == std::set<std::string>{"1-2s", "1-3s"});
  const auto hits = evaluate_westgard(v, kLimits);
  REQUIRE(worst_verdict(hits) == Verdict::kFail);
  REQUIRE(hits[1].rule == WestgardRule::k1_3s);
  REQUIRE(hits[1].z == std::vector<double>{3.5});
  REQUIRE(hits[1].explanation.find("+3 SD") != std::string::npos);
}

TEST_CASE("westgard: two consecutive beyond the same 2 SD fire 2-2s", "[unit]") {
  REQUIRE(fired(with(quiet_history(), {123.0, 125.0})) == std::set<std::string>{"1-2s", "2-2s"});
  REQUIRE(fired(with(quiet_history(), {77.0, 75.0})) == std::set<std::string>{"1-2s", "2-2s"});
  // Only the first of the two beyond 2 SD: not yet.
  REQUIRE(fired(with(quiet_history(), {123.0, 115.0})).empty());
}

TEST_CASE("westgard: alternating +-2.5 SD fires R-4s (not 2-2s)", "[unit]") {
  auto v = quiet_history();
  for (int i = 0; i < 6; ++i) v.push_back(i % 2 ? 75.0 : 125.0);
  REQUIRE(fired(v) == std::set<std::string>{"1-2s", "R-4s"});
  const auto hits = evaluate_westgard(v, kLimits);
  REQUIRE(hits[1].values == std::vector<double>{125.0, 75.0});
  // A range over 4 SD without one run beyond each 2 SD line is not R-4s.
  REQUIRE(fired(with(quiet_history(), {119.0, 78.0})) == std::set<std::string>{"1-2s"});
}

TEST_CASE("westgard: four consecutive beyond the same 1 SD fire 4-1s alone", "[unit]") {
  REQUIRE(fired(with(quiet_history(), {112.0, 113.0, 114.0})).empty());
  REQUIRE(fired(with(quiet_history(), {112.0, 113.0, 114.0, 115.0})) == std::set<std::string>{"4-1s"});
  REQUIRE(fired(with(quiet_history(), {88.0, 87.0, 86.0, 85.0})) == std::set<std::string>{"4-1s"});
}

TEST_CASE("westgard: ten consecutive on one side of the mean fire 10-x alone", "[unit]") {
  auto v = quiet_history();
  for (int i = 0; i < 9; ++i) v.push_back(103.0);
  REQUIRE(fired(v).empty());
  v.push_back(103.0);
  REQUIRE(fired(v) == std::set<std::string>{"10-x"});
  REQUIRE(evaluate_westgard(v, kLimits).back().values.size() == 10);
}

TEST_CASE("westgard: a slow drift is caught by 4-1s first, then 10-x, and nothing else", "[unit]") {
  const auto base = quiet_history();
  const std::vector<double> drift = {103, 106, 108, 112, 113, 114, 115, 116, 117, 118, 119};
  std::vector<double> v = base;
  int first_41 = -1, first_10x = -1;
  for (std::size_t i = 0; i < drift.size(); ++i) {
    v.push_back(drift[i]);
    const auto f = fired(v);
    CAPTURE(i, f);
    for (const auto& name : f) REQUIRE((name == "4-1s" || name == "10-x"));
    if (f.count("4-1s") && first_41 < 0) first_41 = int(i);
    if (f.count("10-x") && first_10x < 0) first_10x = int(i);
  }
  REQUIRE(first_41 == 6);   // 112, 113, 114, 115: the fourth beyond +1 SD
  REQUIRE(first_10x == 9);  // the tenth drift run above the mean
}

TEST_CASE("westgard: agrees with a rule-by-rule oracle on random sequences", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  Normal normal(seed);
  std::mt19937 shift_rng(seed);
  std::vector<double> v;
  std::size_t checked = 0, with_hits = 0;
  for (int i = 0; i < 400; ++i) {
    // Occasional shifts of the process mean, so every rule gets to fire sometimes.
    const double shift = (shift_rng() % 40 == 0) ? double(int(shift_rng() % 7) - 3) : 0.0;
    v.push_back(100 + 10 * (normal() * 1.2 + shift + (i / 100 % 2 ? 0.8 : 0.0)));
    const auto got = fired(v);
    REQUIRE(got == oracle(v, 100, 10));
    ++checked;
    with_hits += !got.empty();
  }
  REQUIRE(with_hits > checked / 20);  // the comparison saw rules fire, not just quiet runs
}

TEST_CASE("westgard: in-control data from a seeded normal source rarely fails", "[unit]") {
  Normal normal(20260314);
  std::vector<double> v;
  for (int i = 0; i < 520; ++i) v.push_back(40.0 + 3.0 * normal());
  const BaselinePolicy policy;  // limits from the first 20 runs
  int fails = 0, warns = 0, judged = 0;
  for (std::size_t i = policy.baseline_runs; i < v.size(); ++i) {
    const auto lim = lj_limits(v, i, policy);
    REQUIRE(lim);
    const std::vector<double> upto(v.begin(), v.begin() + std::ptrdiff_t(i) + 1);
    const Verdict w = worst_verdict(evaluate_westgard(upto, *lim));
    fails += w == Verdict::kFail;
    warns += w == Verdict::kWarn;
    ++judged;
  }
  CAPTURE(fails, warns, judged);
  // N = 1 multirule false-rejection rate is ~1 % with exact limits; limits from 20 runs add
  // some. 1-2s alone warns ~4.6 % of in-control runs.
  REQUIRE(fails < judged / 20);
  REQUIRE(warns > 0);
}

TEST_CASE("lj_limits: first runs only, never the judged run, provisional below the baseline size", "[unit]") {
  std::vector<double> v;
  for (int i = 0; i < 30; ++i) v.push_back(50.0 + (i * 7 % 11));
  v[20] = 1000;  // an outlier right after the baseline must not move the limits
  const auto gold_mean = std::accumulate(v.begin(), v.begin() + 20, 0.0) / 20;
  double ss = 0;
  for (int i = 0; i < 20; ++i) ss += (v[i] - gold_mean) * (v[i] - gold_mean);
  const double gold_sd = std::sqrt(ss / 19);
  for (std::size_t judged : {20u, 25u, 29u}) {
    const auto lim = lj_limits(v, judged);
    REQUIRE(lim);
    REQUIRE(lim->mean == Approx(gold_mean));
    REQUIRE(lim->sd == Approx(gold_sd));
    REQUIRE(lim->n == 20);
    REQUIRE_FALSE(lim->provisional);
  }
  const auto early = lj_limits(v, 7);  // runs 0..6 only
  REQUIRE(early);
  REQUIRE(early->n == 7);
  REQUIRE(early->provisional);
  REQUIRE(early->mean == Approx(std::accumulate(v.begin(), v.begin() + 7, 0.0) / 7));
  REQUIRE_FALSE(lj_limits(v, 4));                             // fewer than min_runs (5) earlier runs
  REQUIRE_FALSE(lj_limits(std::vector<double>(10, 3.0), 9));  // no spread: SD 0
}

TEST_CASE("evaluate_series: provisional limits report rule violations as warn", "[unit]") {
  std::vector<SeriesPoint> s;
  for (int i = 0; i < 6; ++i) {
    std::string id = "r";  // appended, not `"r" + std::string`: GCC 12 -Wrestrict false positive
    id += std::to_string(i);
    s.push_back({id, "P", "2026-01-01T00:00:00Z", i % 2 ? 101.0 : 99.0, "%"});
  }
  s.back().value = 200;  // far beyond 3 SD of the 5 earlier runs
  const auto v = evaluate_series("c", s);
  REQUIRE(v.size() == 6);
  REQUIRE_FALSE(v[4].limits);  // 4 earlier runs: no limits yet
  REQUIRE(v[4].note.find("no limits") != std::string::npos);
  REQUIRE(v[5].limits->provisional);
  REQUIRE(v[5].verdict == Verdict::kWarn);
  REQUIRE(v[5].note.find("provisional") != std::string::npos);
  BaselinePolicy strict;
  strict.fail_on_provisional = true;
  REQUIRE(evaluate_point("c", s, 5, strict).verdict == Verdict::kFail);
}

TEST_CASE("51Cr decay correction: one half-life doubles the count", "[unit]") {
  REQUIRE(decay_corrected_cpm(1000, 27.7) == Approx(2000));
  REQUIRE(decay_corrected_cpm(1000, 0) == Approx(1000));
  REQUIRE(decay_corrected_cpm(1000, 55.4) == Approx(4000));
  REQUIRE(decay_corrected_cpm(1000, -27.7) == Approx(500));
  REQUIRE(decay_corrected_cpm(1000, 10, 10) == Approx(2000));  // the half-life is a parameter
  const double days = GENERATE(1.5, 7.0, 13.2, 40.0);
  CAPTURE(days);
  // ASSAY.md §4 as written: corrected = cpm / 2^(-days / 27.7).
  REQUIRE(decay_corrected_cpm(4321, days) == Approx(4321 / std::pow(2.0, -days / kCr51HalfLifeDays)));
}

TEST_CASE("verdict names round-trip", "[unit]") {
  for (Verdict v : {Verdict::kPass, Verdict::kWarn, Verdict::kFail}) REQUIRE(parse_verdict(verdict_name(v)) == v);
  REQUIRE_FALSE(parse_verdict("FAIL"));
  REQUIRE(westgard_rules().size() == 6);
}
