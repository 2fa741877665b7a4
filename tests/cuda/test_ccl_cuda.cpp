// SPDX-License-Identifier: MIT
// label_components and filter_size: CUDA against the CPU twin. Both number components 1..N in
// raster order of first pixel, so the label images must be equal as they come, without
// canonicalisation.
#include <catch2/catch.hpp>

#include <utility>

#include "cuda/region_cases.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("cuda label_components: random masks equal the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 1}, std::pair{1, 500}, std::pair{500, 1},
                               std::pair{257, 129}, std::pair{1025, 1025});
  const double p = GENERATE(0.3, 0.5, 0.7, 0.95);
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(seed, w, h, p, int(c));
  const Mask m = test::random_mask(w, h, p, seed);
  const LabelImage gold = label_components(m.cview(), c, Backend::kCpu);
  REQUIRE(label_components(m.cview(), c, Backend::kCuda) == gold);
}

TEST_CASE("cuda label_components: edge-case masks", "[cuda]") {
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  for (const auto& [name, m] : test::edge_case_masks()) {
    CAPTURE(name, int(c));
    REQUIRE(label_components(m.cview(), c, Backend::kCuda) == label_components(m.cview(), c, Backend::kCpu));
  }
}

TEST_CASE("cuda label_components: BBBC039 masks and a strided view", "[cuda]") {
  for (const auto& [name, m] : test::bbbc039_masks()) {
    CAPTURE(name);
    for (const auto c : {Connectivity::k4, Connectivity::k8})
      REQUIRE(label_components(m.cview(), c, Backend::kCuda) == label_components(m.cview(), c, Backend::kCpu));
  }
  const Mask big = test::random_mask(300, 90, 0.6, 11);
  const MaskView inner{big.data() + 7, 250, 90, 300};
  REQUIRE(label_components(inner, Connectivity::k8, Backend::kCuda) ==
          label_components(inner, Connectivity::k8, Backend::kCpu));
}

TEST_CASE("cuda filter_size: random, edge-case and BBBC039 masks equal the CPU twin", "[cuda]") {
  const auto [lo, hi] = GENERATE(std::pair{0, 1'000'000}, std::pair{1, 1}, std::pair{2, 40}, std::pair{30, 20000},
                                 std::pair{500, 600});
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  const SizeFilterParams p{lo, hi};
  CAPTURE(lo, hi, int(c));
  for (const std::uint32_t seed : {1u, 2u}) {
    const Mask m = test::random_mask(403, 211, seed == 1 ? 0.45 : 0.6, seed);
    REQUIRE(filter_size(m.cview(), p, c, Backend::kCuda) == filter_size(m.cview(), p, c, Backend::kCpu));
  }
  for (const auto& [name, m] : test::edge_case_masks()) {
    CAPTURE(name);
    REQUIRE(filter_size(m.cview(), p, c, Backend::kCuda) == filter_size(m.cview(), p, c, Backend::kCpu));
  }
  for (const auto& [name, m] : test::bbbc039_masks()) {
    CAPTURE(name);
    REQUIRE(filter_size(m.cview(), p, c, Backend::kCuda) == filter_size(m.cview(), p, c, Backend::kCpu));
  }
}
