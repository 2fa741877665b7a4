// SPDX-License-Identifier: MIT
// ASSAY.md §5 imaging vectors and §7 conventions.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "lysisq/assay.hpp"

using namespace lysisq::assay;

TEST_CASE("target_loss killing: 1500 -> 600 live targets is 60 %", "[unit]") {
  REQUIRE(killing_target_loss_pct(600, 1500) == Approx(60.0).epsilon(1e-12));
  REQUIRE(killing_target_loss_pct(1500, 1500) == Approx(0.0).margin(1e-12));
  REQUIRE(std::isnan(killing_target_loss_pct(10, 0)));
}

TEST_CASE("specific death: 45 % vs 10 % spontaneous is 38.89 %", "[unit]") {
  REQUIRE(specific_death_pct(45, 10) == Approx(38.888888889).epsilon(1e-9));
  REQUIRE(specific_death_pct(10, 10) == Approx(0.0).margin(1e-12));
  REQUIRE(specific_death_pct(100, 10) == Approx(100.0));
}

TEST_CASE("replicate stats use the sample SD and CV of the raw values", "[unit]") {
  const std::vector<double> v = {2300, 2250, 2350};
  const ReplicateStats s = replicate_stats(v);
  REQUIRE(s.n == 3);
  REQUIRE(s.mean == Approx(2300));
  REQUIRE(s.sd == Approx(50.0));
  REQUIRE(s.cv_pct == Approx(50.0 / 2300 * 100));
  REQUIRE(replicate_stats(std::vector<double>{5}).sd == 0);
  REQUIRE(replicate_stats(std::vector<double>{}).n == 0);
}
