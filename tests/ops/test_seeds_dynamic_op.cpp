// SPDX-License-Identifier: MIT
// The GPU find_seeds of kernels/cuda/seeds.cu run on the host step for step (window max, plateau
// labels, key ranks, level-by-level rank unions in forward / reverse / shuffled order, peak test)
// must equal the CPU twin (elder-rule sweep) exactly.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/ops/seeds_dynamic_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

enum class Order { kForward, kReverse, kShuffled };

void arrange(std::vector<i32>& v, Order o, std::mt19937& rng) {
  if (o == Order::kReverse) std::reverse(v.begin(), v.end());
  if (o == Order::kShuffled) std::shuffle(v.begin(), v.end(), rng);
}

// Steps 1-2 of seeds.cu: separable window max (ops::window_max_1d), candidates, plateau labels.
LabelImage plateau_labels(const Image<u32>& d, int r) {
  const int w = d.width(), h = d.height();
  Image<u32> rows(w, h), wmax(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) rows.at(x, y) = ops::window_max_1d(d.data() + std::size_t(y) * w, 1, w, x, r);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) wmax.at(x, y) = ops::window_max_1d(rows.data() + x, w, h, y, r);
  Mask cand(w, h);
  for (std::size_t i = 0; i < cand.size(); ++i) cand[i] = ops::is_seed_candidate(d[i], wmax[i]) ? 1 : 0;
  return label_components(cand.view(), Connectivity::k8, Backend::kCpu);
}

// Steps 3-6: ranks, fail levels, unions level by level, peak test, renumbering.
LabelImage gpu_style_seeds(const Image<u32>& d, const SeedParams& p, Order order, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const int w = d.width(), h = d.height();
  LabelImage lab = plateau_labels(d, std::max(1, int(std::floor(p.min_distance_px))));
  const int n = max_label(lab);
  if (n == 0 || p.h_px <= 0) return lab;
  std::vector<i32> top(std::size_t(n) + 1, std::numeric_limits<i32>::max());
  for (std::size_t i = 0; i < lab.size(); ++i)
    if (lab[i] > 0) top[std::size_t(lab[i])] = std::min(top[std::size_t(lab[i])], i32(i));
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < d.size(); ++i)
    if (ops::seed_foreground(d[i])) keys.push_back(ops::seed_sort_key(d[i], i32(i)));
  std::sort(keys.begin(), keys.end());
  const i32 nfg = i32(keys.size());
  std::vector<i32> rank_of(d.size(), -7), parent(keys.size());
  for (i32 r = 0; r < nfg; ++r) rank_of[std::size_t(ops::seed_key_index(keys[std::size_t(r)]))] = r, parent[std::size_t(r)] = r;
  std::map<u32, std::vector<i32>, std::greater<>> by_level;  // fail level -> plateaus
  for (i32 v = 1; v <= n; ++v) by_level[ops::seed_fail_level(d[std::size_t(top[std::size_t(v)])], p.h_px)].push_back(v);
  const ops::RankGrid g{d.data(), w, rank_of.data(), w, h};
  std::vector<i32> keep(std::size_t(n) + 1, 0);
  i32 done = 0;
  for (const auto& [level, plateaus] : by_level) {
    const i32 upto = ops::seed_level_prefix(keys.data(), nfg, level);
    std::vector<i32> batch(std::size_t(upto - done));
    std::iota(batch.begin(), batch.end(), done);
    arrange(batch, order, rng);
    for (const i32 r : batch) {
      const i32 px = ops::seed_key_index(keys[std::size_t(r)]);
      ops::rank_union_pixel<ops::HostAtomics>(g, px % w, px / w, r, level, parent.data());
    }
    done = upto;
    for (const i32 v : plateaus) keep[std::size_t(v)] = ops::rank_is_peak(parent.data(), rank_of[std::size_t(top[std::size_t(v)])]);
  }
  std::vector<i32> scan(keep.size());
  std::exclusive_scan(keep.begin(), keep.end(), scan.begin(), 0);
  for (i32& v : lab.pixels()) v = ops::seed_new_label(v, keep.data(), scan.data());
  return lab;
}

Image<u32> blob_edt(int w, int h, std::uint32_t seed) {
  const Image<u16> img = test::random_blobs(w, h, 10, seed);
  Mask m(w, h);
  for (std::size_t i = 0; i < img.size(); ++i) m[i] = img[i] > 1000 ? 1 : 0;
  return distance_transform_sq(m.view(), Backend::kCpu);
}

}  // namespace

TEST_CASE("seed_fail_level is the first saddle that fails seed_survives", "[ops]") {
  const auto seed = GENERATE(take(10, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  const double h_px = GENERATE(0.3, 1.0, 1.5, 7.0, 1e9);
  const u32 top = 1 + u32(rng() % (seed % 2 ? 3000u : 40u));
  CAPTURE(seed, h_px, top);
  u32 first = 0;
  for (u32 s = 1; s <= top && first == 0; ++s)
    if (!ops::seed_survives(top, s, h_px)) first = s;
  REQUIRE(ops::seed_fail_level(top, h_px) == first);
}

TEST_CASE("level-wise rank unions reproduce find_seeds on distance maps", "[ops]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const auto order = GENERATE(Order::kForward, Order::kReverse, Order::kShuffled);
  const double h_px = GENERATE(0.0, 0.7, 1.0, 2.5);
  const double min_distance = GENERATE(0.0, 2.0, 5.0);
  CAPTURE(seed, int(order), h_px, min_distance);
  const Image<u32> d = blob_edt(60 + int(seed % 40), 40 + int(seed % 23), seed);
  const SeedParams p{min_distance, h_px};
  REQUIRE(gpu_style_seeds(d, p, order, seed) == find_seeds(d.view(), p, Backend::kCpu));
}

TEST_CASE("level-wise rank unions reproduce find_seeds on rough maps with ties", "[ops]") {
  // Few distinct values: many equal maxima, plateaus and saddles at the top level itself.
  const auto seed = GENERATE(take(8, random(0u, 1'000'000u)));
  const auto order = GENERATE(Order::kReverse, Order::kShuffled);
  const double h_px = GENERATE(0.5, 1.0, 1e9);
  CAPTURE(seed, int(order), h_px);
  std::mt19937 rng(seed);
  const int w = 5 + int(rng() % 40), h = 1 + int(rng() % 30);
  Image<u32> d(w, h);
  for (auto& v : d.pixels()) v = (rng() % 5 == 0) ? 0u : u32(1 + rng() % 6);
  const SeedParams p{1.0, h_px};
  REQUIRE(gpu_style_seeds(d, p, order, seed) == find_seeds(d.view(), p, Backend::kCpu));
}
