// SPDX-License-Identifier: MIT
// find_seeds: CUDA (level-wise rank union-find for the h test) against the CPU twin (elder-rule
// sweep), label for label.
#include <catch2/catch.hpp>

#include <random>
#include <utility>

#include "cuda/region_cases.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("cuda find_seeds: distance maps of blob masks equal the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 300}, std::pair{300, 1}, std::pair{257, 129},
                               std::pair{1025, 1025});
  const double min_distance = GENERATE(0.0, 2.0, 5.0, 12.5);
  const double h_px = GENERATE(0.0, 0.7, 1.0, 2.5);
  CAPTURE(seed, w, h, min_distance, h_px);
  const Mask m = test::blob_mask(w, h, std::max(1, w * h / 400), seed);
  const Image<u32> d = distance_transform_sq(m.cview(), Backend::kCpu);
  const SeedParams p{min_distance, h_px};
  REQUIRE(find_seeds(d.cview(), p, Backend::kCuda) == find_seeds(d.cview(), p, Backend::kCpu));
}

TEST_CASE("cuda find_seeds: rough maps with ties, edge cases, BBBC039, strided view", "[cuda]") {
  const double h_px = GENERATE(0.5, 1.0, 1e9);
  CAPTURE(h_px);
  const SeedParams p{1.0, h_px};
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    Image<u32> d(301, 97);
    for (auto& v : d.pixels()) v = (rng() % 5 == 0) ? 0u : u32(1 + rng() % 6);
    CAPTURE(seed);
    REQUIRE(find_seeds(d.cview(), p, Backend::kCuda) == find_seeds(d.cview(), p, Backend::kCpu));
  }
  for (const auto& [name, m] : test::edge_case_masks()) {
    CAPTURE(name);
    const Image<u32> d = distance_transform_sq(m.cview(), Backend::kCpu);
    REQUIRE(find_seeds(d.cview(), p, Backend::kCuda) == find_seeds(d.cview(), p, Backend::kCpu));
  }
  for (const auto& [name, m] : test::bbbc039_masks()) {
    CAPTURE(name);
    const Image<u32> d = distance_transform_sq(m.cview(), Backend::kCpu);
    const SeedParams dflt;
    REQUIRE(find_seeds(d.cview(), dflt, Backend::kCuda) == find_seeds(d.cview(), dflt, Backend::kCpu));
    REQUIRE(find_seeds(d.cview(), p, Backend::kCuda) == find_seeds(d.cview(), p, Backend::kCpu));
  }
  const Image<u32> d = distance_transform_sq(test::blob_mask(200, 80, 25, 9).cview(), Backend::kCpu);
  const ImageView<const u32> inner{d.data() + 5, 190, 80, 200};
  REQUIRE(find_seeds(inner, p, Backend::kCuda) == find_seeds(inner, p, Backend::kCpu));
}
