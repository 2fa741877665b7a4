// SPDX-License-Identifier: MIT
// The EDT ops run as the GPU would schedule them (one column / one row per thread, in any order)
// give the CPU twin's result.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/ops/distance_transform_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("edt_column and edt_row in scrambled thread order equal the CPU twin", "[ops]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const int w = 1 + int(seed % 97), h = 1 + int((seed / 97) % 61);
  CAPTURE(seed, w, h);
  const Mask m = test::random_mask(w, h, 0.85, seed);
  std::mt19937 rng(seed);

  std::vector<u32> g(std::size_t(w) * std::size_t(h));
  std::vector<int> cols(static_cast<std::size_t>(w));
  std::iota(cols.begin(), cols.end(), 0);
  std::shuffle(cols.begin(), cols.end(), rng);
  for (int x : cols) ops::edt_column(m.data() + x, w, h, g.data() + x, w);

  Image<u32> out(w, h);
  std::vector<int> rows(static_cast<std::size_t>(h)), s(static_cast<std::size_t>(w) + 2), t(static_cast<std::size_t>(w) + 2);
  std::iota(rows.begin(), rows.end(), 0);
  std::shuffle(rows.begin(), rows.end(), rng);
  for (int y : rows) ops::edt_row(g.data() + std::size_t(y) * w, w, out.data() + std::size_t(y) * w, s.data(), t.data());

  REQUIRE(out == distance_transform_sq(m.view(), Backend::kCpu));
}

TEST_CASE("edt_row: a single foreground run padded by virtual background", "[ops]") {
  // Column distances 3 everywhere: the horizontal border wins only near the row ends.
  const std::vector<u32> g(6, 3);
  std::vector<u32> out(6);
  std::vector<int> s(8), t(8);
  ops::edt_row(g.data(), 6, out.data(), s.data(), t.data());
  REQUIRE(out == std::vector<u32>{1, 4, 9, 9, 4, 1});
}

TEST_CASE("edt_floor_div rounds toward minus infinity", "[ops]") {
  CHECK(ops::edt_floor_div(7, 2) == 3);
  CHECK(ops::edt_floor_div(-7, 2) == -4);
  CHECK(ops::edt_floor_div(-6, 2) == -3);
  CHECK(ops::edt_floor_div(0, 5) == 0);
}
