// SPDX-License-Identifier: MIT
// The device's fill_holes (kernels/cuda/fill_holes.cu) emulated on the host: 32x32 tiles that
// flood in lock-step (read all, then write) from a halo read once, visited in forward, reverse
// and shuffled tile orders, until a whole pass changes nothing. The result must equal the CPU
// twin (CCL of the background + border test) whatever the order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/ops/fill_holes_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

constexpr int kTile = 32;

struct Flood {
  int w, h;
  std::vector<u8> st;
  u8 at(int x, int y) const {
    return (x >= 0 && y >= 0 && x < w && y < h) ? st[std::size_t(y) * w + x] : u8(ops::kFloodFore);
  }
};

/// One block of flood_tile_kernel: returns whether it wrote anything.
bool tile_pass(Flood& f, int bx, int by) {
  std::vector<u8> t((kTile + 2) * (kTile + 2));
  auto T = [&](int x, int y) -> u8& { return t[std::size_t(y + 1) * (kTile + 2) + std::size_t(x + 1)]; };
  for (int y = -1; y <= kTile; ++y)
    for (int x = -1; x <= kTile; ++x) T(x, y) = f.at(bx * kTile + x, by * kTile + y);
  bool any = false;
  for (;;) {
    std::vector<u8> next(t);
    bool changed = false;
    for (int y = 0; y < kTile; ++y)
      for (int x = 0; x < kTile; ++x) {
        const u8 n = ops::flood_step(T(x, y), T(x, y - 1), T(x, y + 1), T(x - 1, y), T(x + 1, y));
        changed |= n != T(x, y);
        next[std::size_t(y + 1) * (kTile + 2) + std::size_t(x + 1)] = n;
      }
    if (!changed) break;
    t.swap(next);
    any = true;
  }
  for (int y = 0; y < kTile; ++y)
    for (int x = 0; x < kTile; ++x) {
      const int gx = bx * kTile + x, gy = by * kTile + y;
      if (gx < f.w && gy < f.h) f.st[std::size_t(gy) * f.w + gx] = T(x, y);
    }
  return any;
}

/// order: 0 forward / reverse alternating (the kernel's schedule), 1 shuffled per pass.
Mask emulate(MaskView m, int order, std::uint32_t seed) {
  Flood f{m.width, m.height, std::vector<u8>(m.pixel_count())};
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width; ++x) f.st[std::size_t(y) * m.width + x] = ops::flood_init(m.at(x, y), x, y, m.width, m.height);
  const int tx = (m.width + kTile - 1) / kTile, ty = (m.height + kTile - 1) / kTile;
  std::vector<int> tiles(std::size_t(tx) * ty);
  std::iota(tiles.begin(), tiles.end(), 0);
  std::mt19937 rng(seed);
  for (int pass = 0;; ++pass) {
    if (order == 1) std::shuffle(tiles.begin(), tiles.end(), rng);
    if (order == 0) std::reverse(tiles.begin(), tiles.end());
    bool any = false;
    for (const int i : tiles) any |= tile_pass(f, i % tx, i / tx);
    if (!any) break;
    REQUIRE(pass <= int(m.pixel_count()));  // monotone: it must stop
  }
  Mask out(m.width, m.height);
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width; ++x)
      out.at(x, y) = ops::fill_hole_pixel(m.at(x, y), f.st[std::size_t(y) * m.width + x] == ops::kFloodReached);
  return out;
}

void check(const Mask& m, std::uint32_t seed) {
  const Mask gold = fill_holes(m.cview(), Backend::kCpu);
  REQUIRE(emulate(m.cview(), 0, seed) == gold);
  REQUIRE(emulate(m.cview(), 1, seed) == gold);
}

}  // namespace

TEST_CASE("fill_holes flood: tile schedules on random masks equal the CPU twin", "[ops]") {
  const std::uint32_t seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{70, 45}, std::pair{1, 40}, std::pair{40, 1});
  const double p = GENERATE(0.45, 0.6);
  CAPTURE(seed, w, h, p);
  check(test::random_mask(w, h, p, seed), seed);
}

TEST_CASE("fill_holes flood: a spiral corridor crossing many tiles, and edge cases", "[ops]") {
  // A spiral wall whose corridor starts at the border: the flood has to wind through it tile by
  // tile, in both directions. The centre pocket is open to it, so nothing is filled there; a
  // closed ring placed elsewhere is filled.
  const int n = 97;
  Mask m(n, n, 0);
  for (int k = 0, x0 = 2, y0 = 2, x1 = n - 3, y1 = n - 3; x0 < x1 && y0 < y1; ++k, x0 += 2, y0 += 2, x1 -= 2, y1 -= 2) {
    for (int x = x0; x <= x1; ++x) m.at(x, y0) = 1, m.at(x, y1) = 1;
    for (int y = y0; y <= y1; ++y) m.at(x0, y) = 1, m.at(x1, y) = 1;
    m.at(k % 2 ? x0 : x1, (y0 + y1) / 2) = 0;  // a gap on alternating sides
  }
  check(m, 1);
  check(Mask(1, 1, 0), 2);
  check(Mask(1, 1, 1), 3);
  check(Mask(50, 37, 1), 4);
  check(Mask(50, 37, 0), 5);
  check(test::ascii_mask({"#####", "#...#", "#.#.#", "#...#", "#####"}), 6);
}
