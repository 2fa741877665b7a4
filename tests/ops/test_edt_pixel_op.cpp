// SPDX-License-Identifier: MIT
// edt_row_pixel (one GPU thread per pixel) against the per-row lower envelope ops::edt_row and,
// through ops::edt_column, against the CPU twin of distance_transform_sq.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "kernels/ops/distance_transform_op.hpp"
#include "kernels/ops/edt_pixel_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("edt_row_pixel equals edt_row on random column distances", "[ops]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  const int w = 1 + int(rng() % 300);
  const u32 gmax = GENERATE(0u, 1u, 5u, 40u, 3000u);
  CAPTURE(seed, w, gmax);
  std::vector<u32> g(static_cast<std::size_t>(w));
  for (auto& v : g) v = (rng() % 4 == 0) ? 0u : u32(rng() % (gmax + 1));
  std::vector<u32> gold(g.size());
  std::vector<int> s(g.size() + 2), t(g.size() + 2);
  ops::edt_row(g.data(), w, gold.data(), s.data(), t.data());
  for (int x = 0; x < w; ++x) {
    CAPTURE(x);
    REQUIRE(ops::edt_row_pixel(g.data(), w, x) == gold[std::size_t(x)]);
  }
}

TEST_CASE("edt_column + edt_row_pixel in scrambled order equal the CPU twin", "[ops]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 25}, std::pair{25, 1}, std::pair{70, 45});
  const double p = GENERATE(0.5, 0.97, 1.0);
  CAPTURE(seed, w, h, p);
  const Mask m = test::random_mask(w, h, p, seed);
  std::vector<u32> g(m.size());
  for (int x = 0; x < w; ++x) ops::edt_column(m.data() + x, w, h, g.data() + x, w);
  std::vector<int> order(m.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  Image<u32> out(w, h);
  for (const int i : order) out[std::size_t(i)] = ops::edt_row_pixel(g.data() + std::size_t(i / w) * w, w, i % w);
  REQUIRE(out == distance_transform_sq(m.view(), Backend::kCpu));
}
