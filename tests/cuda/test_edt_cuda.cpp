// SPDX-License-Identifier: MIT
// distance_transform_sq: CUDA against the CPU twin, integer for integer.
#include <catch2/catch.hpp>

#include <utility>

#include "cuda/region_cases.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("cuda distance_transform_sq: random masks equal the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 1}, std::pair{1, 700}, std::pair{700, 1},
                               std::pair{257, 129}, std::pair{1025, 1025}, std::pair{2100, 300});
  const double p = GENERATE(0.5, 0.9, 0.999);
  CAPTURE(seed, w, h, p);
  const Mask m = test::random_mask(w, h, p, seed);
  REQUIRE(distance_transform_sq(m.cview(), Backend::kCuda) == distance_transform_sq(m.cview(), Backend::kCpu));
}

TEST_CASE("cuda distance_transform_sq: edge-case and BBBC039 masks, strided view", "[cuda]") {
  for (const auto& [name, m] : test::edge_case_masks()) {
    CAPTURE(name);
    REQUIRE(distance_transform_sq(m.cview(), Backend::kCuda) == distance_transform_sq(m.cview(), Backend::kCpu));
  }
  for (const auto& [name, m] : test::bbbc039_masks()) {
    CAPTURE(name);
    REQUIRE(distance_transform_sq(m.cview(), Backend::kCuda) == distance_transform_sq(m.cview(), Backend::kCpu));
  }
  const Mask big = test::blob_mask(320, 100, 30, 5);
  const MaskView inner{big.data() + 13, 301, 100, 320};
  REQUIRE(distance_transform_sq(inner, Backend::kCuda) == distance_transform_sq(inner, Backend::kCpu));
}
