// SPDX-License-Identifier: MIT
// label_components (CPU twin) against BFS flood fill and cv::connectedComponents.
#include <catch2/catch.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/cuda_expect.hpp"
#include "support/label_oracle.hpp"
#include "support/test_images.hpp"

using namespace lysisq;
using test::ascii_mask;

namespace {

// Runs the stage and checks it against both oracles; returns the label count.
int check_against_oracles(const Mask& m, Connectivity c) {
  const LabelImage got = label_components(m.cview(), c, Backend::kCpu);
  const LabelImage gold = test::cv_labels(m, c);
  REQUIRE(got.width() == m.width());
  REQUIRE(got.height() == m.height());
  REQUIRE(got == test::bfs_labels(m, c));
  REQUIRE(got == gold);
  return label_count(got);
}

Mask chessboard(int w, int h) {
  Mask m(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) m.at(x, y) = u8((x + y) % 2 == 0);
  return m;
}

int foreground(const Mask& m) {
  int n = 0;
  for (u8 v : m.pixels()) n += v;
  return n;
}

}  // namespace

TEST_CASE("label_components: literal edge cases", "[unit]") {
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(int(c));
  SECTION("empty and all-background") {
    REQUIRE(label_components(Mask().cview(), c, Backend::kCpu).empty());
    REQUIRE(check_against_oracles(Mask(5, 3), c) == 0);
  }
  SECTION("all foreground is one object") { REQUIRE(check_against_oracles(Mask(7, 5, 1), c) == 1); }
  SECTION("1x1") {
    REQUIRE(check_against_oracles(ascii_mask({"#"}), c) == 1);
    REQUIRE(check_against_oracles(ascii_mask({"."}), c) == 0);
  }
  SECTION("1xN and Nx1") {
    const Mask row = ascii_mask({"##.#..###.#"});
    REQUIRE(check_against_oracles(row, c) == 4);
    REQUIRE(check_against_oracles(test::transpose(row), c) == 4);
  }
  SECTION("U shapes and spirals merge late in raster order") {
    const Mask m = ascii_mask({"#.#.#...#", "#.#.#.#.#", "#.#.#.#.#", "#####.###", "......#..",
                               "####.#...", "...#.####"});
    check_against_oracles(m, c);
  }
  SECTION("diagonal-only contacts") {
    const Mask m = ascii_mask({"#...#", ".#.#.", "..#..", ".#.#.", "#...#"});
    REQUIRE(check_against_oracles(m, c) == (c == Connectivity::k8 ? 1 : 9));
  }
}

TEST_CASE("label_components: chessboards and the maximum-label pattern", "[unit]") {
  const auto [w, h] = GENERATE(std::pair{8, 8}, std::pair{9, 7}, std::pair{1, 6}, std::pair{33, 17});
  CAPTURE(w, h);
  const Mask board = chessboard(w, h);
  // 8-connectivity joins a chessboard through its corners; 4-connectivity leaves every square alone.
  const bool one_object = w > 1 && h > 1;
  REQUIRE(check_against_oracles(board, Connectivity::k8) == (one_object ? 1 : foreground(board)));
  REQUIRE(check_against_oracles(board, Connectivity::k4) == foreground(board));

  // Foreground on even (x, y) only: the most labels an 8-connected image can have.
  Mask sparse(w, h);
  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2) sparse.at(x, y) = 1;
  REQUIRE(check_against_oracles(sparse, Connectivity::k8) == foreground(sparse));
}

TEST_CASE("label_components: random masks, sizes not a multiple of a block", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{33, 17}, std::pair{1025, 1025}, std::pair{3, 200});
  const double p = GENERATE(0.3, 0.5, 0.6);
  CAPTURE(seed, w, h, p);
  const Mask m = test::random_mask(w, h, p, seed);
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  const LabelImage got = label_components(m.cview(), c, Backend::kCpu);
  REQUIRE(got == test::cv_labels(m, c));
}

TEST_CASE("label_components: strided view of a larger mask", "[unit]") {
  const Mask big = test::random_mask(40, 30, 0.55, 7);
  const MaskView sub{big.data() + 3 * 40 + 5, 29, 21, 40};
  const Mask copy = to_image(sub);
  REQUIRE(label_components(sub, Connectivity::k8, Backend::kCpu) == test::cv_labels(copy, Connectivity::k8));
}

TEST_CASE("label_components: kCuda gives the CPU result, or CudaError without a device", "[unit]") {
  const Mask m = test::random_mask(50, 40, 0.5, 3);
  if (test::cuda_call_throws("label")) {
    REQUIRE_THROWS_AS(label_components(m.cview(), Connectivity::k8, Backend::kCuda), CudaError);
  } else {
    REQUIRE(label_components(m.cview(), Connectivity::k8, Backend::kCuda) ==
            label_components(m.cview(), Connectivity::k8, Backend::kCpu));
  }
}

TEST_CASE("label_components: preconditions", "[unit]") {
  const Mask m(4, 4);
  REQUIRE_THROWS_AS(label_components(m.cview(), Connectivity(6), Backend::kCpu), InternalError);
  const MaskView bad{m.data(), 4, 4, 2};
  REQUIRE_THROWS_AS(label_components(bad, Connectivity::k8, Backend::kCpu), InternalError);
}
