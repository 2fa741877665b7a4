// SPDX-License-Identifier: MIT
// watershed against the naive synchronous definition (whole-image sweeps per wave, written here
// independently of kernels/ops), and the ops wave rule run as a GPU would (double-buffered sweeps).
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <random>
#include <set>
#include <vector>

#include "kernels/ops/watershed_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

// Unlabelled mask pixels after the flood: BFS components (8-conn), numbered in raster order.
void gold_label_rest(const Mask& mask, LabelImage& lab) {
  const int w = lab.width(), h = lab.height();
  i32 next = max_label(lab);
  for (int y0 = 0; y0 < h; ++y0)
    for (int x0 = 0; x0 < w; ++x0) {
      if (!mask.at(x0, y0) || lab.at(x0, y0)) continue;
      lab.at(x0, y0) = ++next;
      std::vector<std::pair<int, int>> stack{{x0, y0}};
      while (!stack.empty()) {
        const auto [x, y] = stack.back();
        stack.pop_back();
        for (int ny = y - 1; ny <= y + 1; ++ny)
          for (int nx = x - 1; nx <= x + 1; ++nx)
            if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask.at(nx, ny) && !lab.at(nx, ny))
              lab.at(nx, ny) = next, stack.emplace_back(nx, ny);
      }
    }
}

using WaveFn = std::function<LabelImage(const LabelImage&, u32)>;

// The definition: levels high to low; synchronous waves until nothing changes.
LabelImage flood_levels(const Image<u32>& dist, const LabelImage& seeds, const Mask& mask, const WaveFn& wave) {
  LabelImage lab(mask.width(), mask.height());
  std::set<u32, std::greater<>> levels;
  for (std::size_t i = 0; i < lab.size(); ++i) {
    if (mask[i] && seeds[i] > 0) lab[i] = seeds[i];
    if (mask[i]) levels.insert(dist[i]);
  }
  for (const u32 level : levels)
    for (LabelImage next = wave(lab, level); next != lab; next = wave(lab, level)) lab = next;
  gold_label_rest(mask, lab);
  return lab;
}

LabelImage naive_watershed(const Image<u32>& dist, const LabelImage& seeds, const Mask& mask) {
  const int w = mask.width(), h = mask.height();
  return flood_levels(dist, seeds, mask, [&](const LabelImage& lab, u32 level) {
    LabelImage next = lab;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        if (lab.at(x, y) || !mask.at(x, y) || dist.at(x, y) < level) continue;
        i32 best = 0;
        for (int ny = std::max(0, y - 1); ny <= std::min(h - 1, y + 1); ++ny)
          for (int nx = std::max(0, x - 1); nx <= std::min(w - 1, x + 1); ++nx) {
            const i32 v = lab.at(nx, ny);
            if (v > 0 && (best == 0 || v < best)) best = v;
          }
        next.at(x, y) = best;
      }
    return next;
  });
}

// The GPU schedule: every pixel runs ops::watershed_wave_pixel on the previous buffer, in any order.
LabelImage ops_watershed(const Image<u32>& dist, const LabelImage& seeds, const Mask& mask, std::uint32_t seed) {
  const int w = mask.width(), h = mask.height();
  const ops::WatershedGrid g{dist.data(), w, mask.data(), w, w, h};
  std::vector<int> order(mask.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  return flood_levels(dist, seeds, mask, [&](const LabelImage& lab, u32 level) {
    LabelImage next(w, h);
    for (const int i : order) next[std::size_t(i)] = ops::watershed_wave_pixel(g, lab.data(), i % w, i / w, level);
    return next;
  });
}

struct Case {
  Mask mask;
  Image<u32> dist;
  LabelImage seeds;
};

// Blob masks with their true EDT, or random masks with coarse random "distances" (many plateaus
// and ties), and a few random seeds, some sharing a label, some outside the mask.
Case make_case(std::uint32_t seed) {
  std::mt19937 rng(seed);
  const int w = 8 + int(rng() % 50), h = 8 + int(rng() % 40);
  Case c;
  if (seed % 2) {
    const Image<u16> img = test::random_blobs(w, h, 6, seed);
    c.mask = Mask(w, h);
    for (std::size_t i = 0; i < img.size(); ++i) c.mask[i] = img[i] > 1000 ? 1 : 0;
    c.dist = distance_transform_sq(c.mask.view(), Backend::kCpu);
  } else {
    c.mask = test::random_mask(w, h, 0.7, seed);
    c.dist = Image<u32>(w, h);
    for (auto& d : c.dist.pixels()) d = static_cast<u32>(rng() % 5);
  }
  c.seeds = LabelImage(w, h);
  const int n = 1 + int(rng() % 8);
  for (int k = 0; k < n; ++k) c.seeds.at(int(rng() % unsigned(w)), int(rng() % unsigned(h))) = 1 + i32(rng() % 6);
  return c;
}

}  // namespace

TEST_CASE("watershed equals the naive synchronous definition", "[unit]") {
  const auto seed = GENERATE(take(12, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Case c = make_case(seed);
  const LabelImage gold = naive_watershed(c.dist, c.seeds, c.mask);
  REQUIRE(watershed(c.dist.view(), c.seeds, c.mask.view(), Backend::kCpu) == gold);
}

TEST_CASE("watershed_wave_pixel in scrambled double-buffered sweeps equals the CPU twin", "[ops]") {
  const auto seed = GENERATE(take(6, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Case c = make_case(seed);
  REQUIRE(ops_watershed(c.dist, c.seeds, c.mask, seed) == watershed(c.dist.view(), c.seeds, c.mask.view(), Backend::kCpu));
}

TEST_CASE("watershed splits two touching discs at the neck", "[unit]") {
  const Mask m = test::ascii_mask({"...............",
                                   "..####...####..",
                                   ".######.######.",
                                   ".#############.",
                                   ".######.######.",
                                   "..####...####..",
                                   "..............."});
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  LabelImage seeds(m.width(), m.height());
  seeds.at(3, 3) = 1;
  seeds.at(11, 3) = 2;
  const LabelImage lab = watershed(d.view(), seeds, m.view(), Backend::kCpu);
  REQUIRE(lab == naive_watershed(d, seeds, m));
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) {
      CAPTURE(x, y);
      if (!m.at(x, y)) REQUIRE(lab.at(x, y) == 0);
      else if (x < 7) REQUIRE(lab.at(x, y) == 1);
      else if (x > 7) REQUIRE(lab.at(x, y) == 2);
      else REQUIRE(lab.at(x, y) == 1);  // the neck pixel ties and goes to the smaller label
    }
}

TEST_CASE("watershed keeps unseeded components as objects of their own", "[unit]") {
  const Mask m = test::ascii_mask({"##..##..#", "##..##...", ".....#..#"});
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  LabelImage seeds(m.width(), m.height());
  seeds.at(4, 0) = 7;
  const LabelImage lab = watershed(d.view(), seeds, m.view(), Backend::kCpu);
  CHECK(lab.at(0, 0) == 8);
  CHECK(lab.at(5, 2) == 7);
  CHECK(lab.at(8, 0) == 9);
  CHECK(lab.at(8, 2) == 10);
  CHECK(label_count(lab) == 4);
}

TEST_CASE("watershed without seeds labels the components, empty inputs", "[unit]") {
  const Mask m = test::random_mask(33, 17, 0.5, 42);
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  REQUIRE(watershed(d.view(), LabelImage(33, 17), m.view(), Backend::kCpu) ==
          label_components(m.view(), Connectivity::k8, Backend::kCpu));
  const Mask e;
  const Image<u32> de;
  REQUIRE(watershed(de.view(), LabelImage(), e.view(), Backend::kCpu).empty());
}

TEST_CASE("watershed reads strided views", "[unit]") {
  const Case c = make_case(7);  // odd seed: a blob mask with its EDT
  const int w = c.mask.width(), h = c.mask.height();
  // The same inputs embedded in wider buffers.
  Mask mask_big(w + 9, h);
  Image<u32> dist_big(w + 5, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) mask_big.at(x + 4, y) = c.mask.at(x, y), dist_big.at(x + 2, y) = c.dist.at(x, y);
  const MaskView mv{mask_big.data() + 4, w, h, w + 9};
  const ImageView<const u32> dv{dist_big.data() + 2, w, h, w + 5};
  REQUIRE(watershed(dv, c.seeds, mv, Backend::kCpu) == naive_watershed(c.dist, c.seeds, c.mask));
}
