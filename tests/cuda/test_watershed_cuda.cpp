// SPDX-License-Identifier: MIT
// watershed: CUDA (tile relaxation of flood level, wave number and label) against the CPU twin
// (synchronous waves), label for label, on the pipeline's own inputs and on adversarial ones
// (coarse levels with many ties, seeds sharing labels or lying outside the mask, no seeds).
#include <catch2/catch.hpp>

#include <random>
#include <utility>

#include "cuda/region_cases.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

void require_same_watershed(const Image<u32>& d, const LabelImage& seeds, const Mask& m) {
  REQUIRE(watershed(d.cview(), seeds, m.cview(), Backend::kCuda) == watershed(d.cview(), seeds, m.cview(), Backend::kCpu));
}

// The pipeline's chain: EDT, seeds, watershed (inputs made on the CPU).
void require_same_chain(const Mask& m) {
  const Image<u32> d = distance_transform_sq(m.cview(), Backend::kCpu);
  require_same_watershed(d, find_seeds(d.cview(), SeedParams{}, Backend::kCpu), m);
}

}  // namespace

TEST_CASE("cuda watershed: blob masks with their seeds equal the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 300}, std::pair{300, 1}, std::pair{257, 129},
                               std::pair{1025, 1025});
  CAPTURE(seed, w, h);
  require_same_chain(test::blob_mask(w, h, std::max(1, w * h / 300), seed));
}

TEST_CASE("cuda watershed: coarse levels, shared and outside seeds, no seeds", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{33, 17}, std::pair{130, 70}, std::pair{1025, 1025});
  const int n_seeds = GENERATE(0, 1, 12, 400);
  CAPTURE(seed, w, h, n_seeds);
  std::mt19937 rng(seed);
  const Mask m = test::random_mask(w, h, 0.75, seed);
  Image<u32> d(w, h);
  for (auto& v : d.pixels()) v = u32(rng() % 4);  // includes 0 inside the mask
  LabelImage seeds(w, h);
  for (int k = 0; k < n_seeds; ++k) seeds.at(int(rng() % unsigned(w)), int(rng() % unsigned(h))) = 1 + i32(rng() % 50);
  require_same_watershed(d, seeds, m);
}

TEST_CASE("cuda watershed: edge-case and BBBC039 masks", "[cuda]") {
  for (const auto& [name, m] : test::edge_case_masks()) {
    CAPTURE(name);
    require_same_chain(m);
  }
  for (const auto& [name, m] : test::bbbc039_masks()) {
    CAPTURE(name);
    require_same_chain(m);
  }
}

TEST_CASE("cuda watershed: strided distance and mask views", "[cuda]") {
  const Mask m = test::blob_mask(211, 90, 40, 3);
  const Image<u32> d = distance_transform_sq(m.cview(), Backend::kCpu);
  const LabelImage seeds = find_seeds(d.cview(), SeedParams{}, Backend::kCpu);
  const int w = 200;
  LabelImage inner_seeds(w, 90);
  for (int y = 0; y < 90; ++y)
    for (int x = 0; x < w; ++x) inner_seeds.at(x, y) = seeds.at(x + 3, y);
  const ImageView<const u32> dv{d.data() + 3, w, 90, 211};
  const MaskView mv{m.data() + 3, w, 90, 211};
  REQUIRE(watershed(dv, inner_seeds, mv, Backend::kCuda) == watershed(dv, inner_seeds, mv, Backend::kCpu));
}
