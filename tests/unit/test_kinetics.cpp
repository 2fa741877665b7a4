// SPDX-License-Identifier: MIT
// Kinetic killing: ASSAY.md §5 imaging vector (AUC 2370 %·h, KT50 20.0 h, 60 % time-normalised
// killing) and the "not reached" and ordering rules of §3.2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "lysisq/kinetics.hpp"

using namespace lysisq::assay;

namespace {

const std::vector<TimePoint> kCurve = {{0, 0}, {6, 10}, {12, 30}, {24, 60}, {48, 80}};

}  // namespace

TEST_CASE("kinetics §5 vector: AUC 2370 %·h, normalised 0.49375, KT50 20.0 h", "[unit]") {
  const KineticSummary s = summarize_kinetics(kCurve);
  REQUIRE(s.points_used == 5);
  REQUIRE(s.duration_h == 48);
  REQUIRE(s.auc_pct_h == Approx(2370.0).epsilon(1e-12));
  REQUIRE(s.auc_normalised == Approx(0.49375).epsilon(1e-12));
  REQUIRE(s.max_killing_pct == 80);
  REQUIRE(s.kt50_reached);
  REQUIRE(s.kt50_h == Approx(20.0).epsilon(1e-12));
  REQUIRE(s.reason.empty());
  // Another level: 30 % is first reached exactly at 12 h.
  REQUIRE(summarize_kinetics(kCurve, 30).kt50_h == Approx(12.0));
}

TEST_CASE("kinetics: order of points does not matter, non-finite points are ignored", "[unit]") {
  std::vector<TimePoint> shuffled = kCurve;
  std::reverse(shuffled.begin(), shuffled.end());
  std::swap(shuffled[1], shuffled[3]);
  shuffled.push_back({30, std::nan("")});
  const KineticSummary s = summarize_kinetics(shuffled);
  REQUIRE(s.points_used == 5);
  REQUIRE(s.auc_pct_h == Approx(2370.0));
  REQUIRE(s.kt50_h == Approx(20.0));
  REQUIRE(s.reason.find("ignored") != std::string::npos);
}

TEST_CASE("kinetics: KT50 not reached, reached at the start, and the first crossing wins", "[unit]") {
  const KineticSummary low = summarize_kinetics(std::vector<TimePoint>{{0, 0}, {12, 20}, {24, 49.9}});
  REQUIRE_FALSE(low.kt50_reached);
  REQUIRE(std::isnan(low.kt50_h));
  REQUIRE(low.reason.find("KT50 not reached") != std::string::npos);
  REQUIRE(summarize_kinetics(std::vector<TimePoint>{{0, 0}, {12, 20}}, 30).reason.find("KT30 not reached") !=
          std::string::npos);
  REQUIRE(summarize_kinetics(std::vector<TimePoint>{{2, 55}, {4, 70}}).kt50_h == 2);
  // Up through 50 %, down, up again: the first crossing (between 0 and 10 h) is reported.
  const KineticSummary wavy =
      summarize_kinetics(std::vector<TimePoint>{{0, 0}, {10, 100}, {20, 0}, {30, 100}});
  REQUIRE(wavy.kt50_h == Approx(5.0));
  // Signed values are integrated as they are.
  REQUIRE(summarize_kinetics(std::vector<TimePoint>{{0, -10}, {10, 10}}).auc_pct_h == Approx(0.0).margin(1e-12));
}

TEST_CASE("kinetics: too few points give NaN with a reason", "[unit]") {
  const KineticSummary one = summarize_kinetics(std::vector<TimePoint>{{4, 30}});
  REQUIRE(std::isnan(one.auc_pct_h));
  REQUIRE(std::isnan(one.auc_normalised));
  REQUIRE(one.max_killing_pct == 30);
  REQUIRE_FALSE(one.reason.empty());
  const KineticSummary none = summarize_kinetics({});
  REQUIRE(none.points_used == 0);
  REQUIRE(std::isnan(none.max_killing_pct));
  REQUIRE_FALSE(none.kt50_reached);
}

TEST_CASE("time-normalised killing: §5 counts give 60 %", "[unit]") {
  // Target-only 1000 -> 1500, with effectors 1000 -> 600.
  REQUIRE(time_normalised_killing_pct(600, 1000, 1500, 1000) == Approx(60.0).epsilon(1e-12));
  REQUIRE(time_normalised_killing_pct(1500, 1000, 1500, 1000) == Approx(0.0).margin(1e-12));
  REQUIRE(std::isnan(time_normalised_killing_pct(600, 0, 1500, 1000)));
  REQUIRE(std::isnan(time_normalised_killing_pct(600, 1000, 0, 1000)));
  const std::vector<TimePoint> et = {{24, 600}, {0, 1000}, {12, 900}};
  const std::vector<TimePoint> t_only = {{0, 1000}, {12, 1200}, {24, 1500}, {36, 1700}};
  const std::vector<TimePoint> k = time_normalised_killing(et, t_only);
  REQUIRE(k.size() == 3);
  REQUIRE(k[0].time_h == 0);
  REQUIRE(k[0].value == Approx(0.0).margin(1e-12));
  REQUIRE(k[1].value == Approx((1.0 - 0.9 / 1.2) * 100.0));
  REQUIRE(k[2].time_h == 24);
  REQUIRE(k[2].value == Approx(60.0));
  // A time with no target-only point gives NaN rather than a guess.
  const std::vector<TimePoint> et2 = {{0, 1000}, {6, 950}};
  REQUIRE(std::isnan(time_normalised_killing(et2, t_only)[1].value));
}
