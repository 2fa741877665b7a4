// SPDX-License-Identifier: MIT
// fill_holes: the device border flood against the CPU twin (CCL of the background).
#include <catch2/catch.hpp>

#include <utility>

#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("cuda fill_holes: random masks equal the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 1}, std::pair{1, 300}, std::pair{300, 1},
                               std::pair{257, 129}, std::pair{1025, 1025});
  const double p = GENERATE(0.45, 0.6, 0.75);
  CAPTURE(seed, w, h, p);
  const Mask m = test::random_mask(w, h, p, seed);
  REQUIRE(fill_holes(m.cview(), Backend::kCuda) == fill_holes(m.cview(), Backend::kCpu));
}

TEST_CASE("cuda fill_holes: a maze that crosses every tile, chessboards, full and empty", "[cuda]") {
  // Concentric square walls with alternating gaps: the border flood has to wind through all of
  // them, crossing tile boundaries in every direction.
  const int n = 515;
  Mask maze(n, n, 0);
  for (int k = 0, a = 2, b = n - 3; a < b; ++k, a += 2, b -= 2) {
    for (int i = a; i <= b; ++i) maze.at(i, a) = 1, maze.at(i, b) = 1, maze.at(a, i) = 1, maze.at(b, i) = 1;
    maze.at(k % 2 ? a : b, (a + b) / 2) = 0;
  }
  REQUIRE(fill_holes(maze.cview(), Backend::kCuda) == fill_holes(maze.cview(), Backend::kCpu));
  Mask chess(64, 63);
  for (int y = 0; y < 63; ++y)
    for (int x = 0; x < 64; ++x) chess.at(x, y) = u8((x + y) % 2);
  REQUIRE(fill_holes(chess.cview(), Backend::kCuda) == fill_holes(chess.cview(), Backend::kCpu));
  REQUIRE(fill_holes(Mask(70, 50, 1).cview(), Backend::kCuda) == Mask(70, 50, 1));
  REQUIRE(fill_holes(Mask(70, 50, 0).cview(), Backend::kCuda) == Mask(70, 50, 0));
  const Mask ring = test::ascii_mask({".....", ".###.", ".#.#.", ".###.", "....."});
  REQUIRE(fill_holes(ring.cview(), Backend::kCuda) ==
          test::ascii_mask({".....", ".###.", ".###.", ".###.", "....."}));
}
