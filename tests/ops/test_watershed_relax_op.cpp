// SPDX-License-Identifier: MIT
// The relaxation watershed of kernels/cuda/watershed.cu run on the host as the GPU schedules it:
// tiles (blocks) visited in scrambled order, each working on a snapshot of its tile plus a
// one-pixel halo and sweeping its pixels (forward, backward or shuffled) until the tile is quiet;
// whole passes repeat until one changes nothing. The result must equal the CPU twin (synchronous
// waves) exactly, for every tile shape and order.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "kernels/ops/watershed_relax_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

struct Case {
  Mask mask;
  Image<u32> dist;
  LabelImage seeds;
};

enum class PixelOrder { kForward, kReverse, kShuffled };

struct Schedule {
  int tile_w, tile_h;
  PixelOrder pixels;  ///< the order a block's sweep visits its pixels
  std::uint32_t seed;
};

struct TileBox {
  int x0, y0, x1, y1;
};

std::vector<TileBox> tiles(int w, int h, const Schedule& s, std::mt19937& rng) {
  std::vector<TileBox> t;
  for (int y0 = 0; y0 < h; y0 += s.tile_h)
    for (int x0 = 0; x0 < w; x0 += s.tile_w) t.push_back({x0, y0, std::min(w, x0 + s.tile_w), std::min(h, y0 + s.tile_h)});
  std::shuffle(t.begin(), t.end(), rng);
  return t;
}

// The tile pixels (local frame coordinates, halo offset 1) in the order a block sweeps them.
std::vector<std::pair<int, int>> sweep_order(const TileBox& b, PixelOrder order, std::mt19937& rng) {
  std::vector<std::pair<int, int>> px;
  for (int y = 1; y <= b.y1 - b.y0; ++y)
    for (int x = 1; x <= b.x1 - b.x0; ++x) px.emplace_back(x, y);
  if (order == PixelOrder::kReverse) std::reverse(px.begin(), px.end());
  if (order == PixelOrder::kShuffled) std::shuffle(px.begin(), px.end(), rng);
  return px;
}

// One block: copies its tile + halo (outside the image: `outside`), sweeps the tile until a sweep
// changes nothing, writes the tile back. Returns whether anything changed. `sweep(local, lw, lh,
// pixels)` updates the given local pixels in order (Gauss-Seidel) and returns true on a change.
template <class T, class Sweep>
bool run_block(std::vector<T>& global, int w, int h, const TileBox& b, T outside, PixelOrder order, std::mt19937& rng,
               Sweep sweep) {
  const int lw = b.x1 - b.x0 + 2, lh = b.y1 - b.y0 + 2;
  std::vector<T> local(std::size_t(lw) * std::size_t(lh), outside);
  for (int y = b.y0 - 1; y <= b.y1; ++y)
    for (int x = b.x0 - 1; x <= b.x1; ++x)
      if (x >= 0 && y >= 0 && x < w && y < h)
        local[std::size_t(y - b.y0 + 1) * lw + std::size_t(x - b.x0 + 1)] = global[std::size_t(y) * w + std::size_t(x)];
  const auto px = sweep_order(b, order, rng);
  bool any = false;
  while (sweep(local, lw, lh, px)) any = true;
  for (int y = b.y0; y < b.y1; ++y)
    for (int x = b.x0; x < b.x1; ++x)
      global[std::size_t(y) * w + std::size_t(x)] = local[std::size_t(y - b.y0 + 1) * lw + std::size_t(x - b.x0 + 1)];
  return any;
}

// Phase 2 state per pixel, kept together so one local frame holds all three arrays' values.
struct Order {
  u32 reach, len;
  i32 label;
};

LabelImage relax_watershed(const Case& c, const Schedule& s) {
  const int w = c.mask.width(), h = c.mask.height();
  std::mt19937 rng(s.seed);
  std::vector<u32> reach(c.mask.size());
  for (std::size_t i = 0; i < reach.size(); ++i) reach[i] = ops::reach_init(c.mask[i], c.seeds[i]);
  for (bool changed = true; changed;) {
    changed = false;
    for (const TileBox& b : tiles(w, h, s, rng))
      changed = run_block(reach, w, h, b, ops::kReachNone, s.pixels, rng,
                          [&](std::vector<u32>& l, int lw, int lh, const std::vector<std::pair<int, int>>& px) {
                            bool ch = false;
                            for (const auto& [lx, ly] : px) {
                              const int gx = b.x0 + lx - 1, gy = b.y0 + ly - 1;
                              if (!ops::reach_updates(c.mask.at(gx, gy), c.seeds.at(gx, gy))) continue;
                              const u32 v = ops::reach_update(l.data(), lw, lw, lh, lx, ly, c.dist.at(gx, gy));
                              u32& me = l[std::size_t(ly) * lw + std::size_t(lx)];
                              ch = ch || v != me;
                              me = v;
                            }
                            return ch;
                          }) || changed;
  }
  std::vector<Order> st(c.mask.size());
  for (std::size_t i = 0; i < st.size(); ++i) {
    const ops::OrderState o = ops::order_init(c.mask[i], c.seeds[i], reach[i]);
    st[i] = {reach[i], o.len, o.label};
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const TileBox& b : tiles(w, h, s, rng))
      changed = run_block(st, w, h, b, Order{0, ops::kLenOut, 0}, s.pixels, rng,
                          [&](std::vector<Order>& l, int lw, int lh, const std::vector<std::pair<int, int>>& px) {
                            // The ops rule reads three planes of one stride, as in shared memory.
                            std::vector<u32> lv(l.size()), ln(l.size());
                            std::vector<i32> lb(l.size());
                            for (std::size_t i = 0; i < l.size(); ++i) lv[i] = l[i].reach, ln[i] = l[i].len, lb[i] = l[i].label;
                            const ops::OrderView v{lv.data(), ln.data(), lb.data(), lw, lw, lh};
                            bool ch = false;
                            for (const auto& [lx, ly] : px) {
                              const std::size_t i = std::size_t(ly) * lw + std::size_t(lx);
                              if (!ops::order_updates(ln[i])) continue;
                              const ops::OrderState o = ops::order_update(v, lx, ly);
                              ch = ch || o.len != ln[i] || o.label != lb[i];
                              ln[i] = o.len, lb[i] = o.label;
                            }
                            for (std::size_t i = 0; i < l.size(); ++i) l[i].len = ln[i], l[i].label = lb[i];
                            return ch;
                          }) || changed;
  }
  Mask unseeded(w, h);
  i32 max_seed = 0;
  for (std::size_t i = 0; i < st.size(); ++i) {
    REQUIRE(!ops::order_unfinished(st[i].len));
    unseeded[i] = ops::unseeded_pixel(c.mask[i], reach[i]);
    if (c.mask[i] && c.seeds[i] > 0) max_seed = std::max(max_seed, c.seeds[i]);
  }
  const LabelImage extra = label_components(unseeded.view(), Connectivity::k8, Backend::kCpu);
  LabelImage out(w, h);
  for (std::size_t i = 0; i < st.size(); ++i) out[i] = ops::watershed_final_label(st[i].label, extra[i], max_seed);
  return out;
}

// Blob masks with their EDT, or random masks with coarse random levels (plateaus, ties); a few
// seeds, some sharing a label, some outside the mask.
Case make_case(std::uint32_t seed) {
  std::mt19937 rng(seed);
  const int w = 6 + int(rng() % 45), h = 1 + int(rng() % 35);
  Case c;
  if (seed % 2) {
    const Image<u16> img = test::random_blobs(w, h, 6, seed);
    c.mask = Mask(w, h);
    for (std::size_t i = 0; i < img.size(); ++i) c.mask[i] = img[i] > 1000 ? 1 : 0;
    c.dist = distance_transform_sq(c.mask.view(), Backend::kCpu);
  } else {
    c.mask = test::random_mask(w, h, 0.75, seed);
    c.dist = Image<u32>(w, h);
    for (auto& d : c.dist.pixels()) d = static_cast<u32>(rng() % 4);  // includes D = 0 inside the mask
  }
  c.seeds = LabelImage(w, h);
  const int n = int(rng() % 9);
  for (int k = 0; k < n; ++k) c.seeds.at(int(rng() % unsigned(w)), int(rng() % unsigned(h))) = 1 + i32(rng() % 6);
  return c;
}

}  // namespace

TEST_CASE("watershed relaxation in tiles equals the synchronous-wave watershed", "[ops]") {
  const auto seed = GENERATE(take(10, random(0u, 1'000'000u)));
  const auto [tw, th] = GENERATE(std::pair{1, 1}, std::pair{4, 3}, std::pair{8, 8}, std::pair{1000, 1000});
  const auto order = GENERATE(PixelOrder::kForward, PixelOrder::kReverse, PixelOrder::kShuffled);
  CAPTURE(seed, tw, th, int(order));
  const Case c = make_case(seed);
  const LabelImage gold = watershed(c.dist.view(), c.seeds, c.mask.view(), Backend::kCpu);
  REQUIRE(relax_watershed(c, {tw, th, order, seed}) == gold);
}

TEST_CASE("watershed relaxation: two touching discs and a seedless component", "[ops]") {
  const Mask m = test::ascii_mask({"...............#",
                                   "..####...####..#",
                                   ".######.######..",
                                   ".#############..",
                                   ".######.######.#",
                                   "..####...####..#",
                                   "..............##"});
  Case c{m, distance_transform_sq(m.view(), Backend::kCpu), LabelImage(m.width(), m.height())};
  c.seeds.at(3, 3) = 4;
  c.seeds.at(11, 3) = 2;
  const LabelImage gold = watershed(c.dist.view(), c.seeds, c.mask.view(), Backend::kCpu);
  REQUIRE(gold.at(15, 0) == 5);  // the seedless components are numbered after the largest seed
  REQUIRE(relax_watershed(c, {3, 2, PixelOrder::kShuffled, 9}) == gold);
}

TEST_CASE("reach encoding: every level lies between unreached and seed, in level order", "[ops]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  // The largest squared distance an image of 32767 x 32767 px can hold, and the GPU's limit.
  const u32 edt_max = 2u * 32767u * 32767u;
  for (const u32 d : {0u, 1u, edt_max, ops::kMaxRelaxLevel}) {
    CAPTURE(d);
    REQUIRE(ops::reach_of_level(d) > ops::kReachNone);
    REQUIRE(ops::reach_of_level(d) < ops::kReachSeed);
  }
  for (int k = 0; k < 1000; ++k) {
    const u32 a = u32(rng() % (std::uint64_t(ops::kMaxRelaxLevel) + 1)), b = u32(rng() % (std::uint64_t(ops::kMaxRelaxLevel) + 1));
    REQUIRE((ops::reach_of_level(a) < ops::reach_of_level(b)) == (a < b));
  }
}
