// SPDX-License-Identifier: MIT
// The GPU find_seeds of kernels/cuda/seeds.cu run on the host step for step (window max, plateau
// labels, pixels grouped by join level, key-ordered unions group by group in forward / reverse /
// shuffled order, peak test) must equal the CPU twin (local floods) exactly.
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

// Distinct fail levels of the plateaus, highest first, and the plateaus of each.
struct LevelGroups {
  std::vector<u32> levels;
  std::vector<std::vector<i32>> plateaus;
};

LevelGroups fail_groups(const Image<u32>& d, const std::vector<i32>& top, double h_px) {
  std::map<u32, std::vector<i32>, std::greater<>> by_level;
  for (std::size_t v = 1; v < top.size(); ++v) by_level[ops::seed_fail_level(d[std::size_t(top[v])], h_px)].push_back(i32(v));
  LevelGroups g;
  for (auto& [level, plateaus] : by_level) g.levels.push_back(level), g.plateaus.push_back(plateaus);
  return g;
}

// Steps 3-6: tops, fail levels, pixels grouped by join level, unions group by group (each group
// in forward / reverse / shuffled order), peak test, renumbering.
LabelImage gpu_style_seeds(const Image<u32>& d, const SeedParams& p, Order order, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const int w = d.width(), h = d.height();
  LabelImage lab = plateau_labels(d, std::max(1, int(std::floor(p.min_distance_px))));
  const int n = max_label(lab);
  if (n == 0 || p.h_px <= 0) return lab;
  std::vector<i32> top(std::size_t(n) + 1, std::numeric_limits<i32>::max());
  for (std::size_t i = 0; i < lab.size(); ++i)
    if (lab[i] > 0) top[std::size_t(lab[i])] = std::min(top[std::size_t(lab[i])], i32(i));
  const LevelGroups groups = fail_groups(d, top, p.h_px);
  const i32 count = i32(groups.levels.size());
  std::vector<std::vector<i32>> members(groups.levels.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (!ops::seed_foreground(d[i])) continue;
    const i32 k = ops::seed_join_group(groups.levels.data(), count, d[i]);
    if (k < count) members[std::size_t(k)].push_back(i32(i));
  }
  std::vector<i32> parent(d.size());
  std::iota(parent.begin(), parent.end(), 0);
  const ops::SeedGrid g{d.data(), w, h};
  std::vector<i32> keep(std::size_t(n) + 1, 0);
  for (std::size_t k = 0; k < members.size(); ++k) {
    arrange(members[k], order, rng);
    for (const i32 px : members[k]) ops::key_union_pixel<ops::HostAtomics>(g, px % w, px / w, groups.levels[k], parent.data());
    for (const i32 v : groups.plateaus[k]) keep[std::size_t(v)] = ops::seed_is_peak(parent.data(), top[std::size_t(v)]);
  }
  std::vector<i32> scan(keep.size());
  std::exclusive_scan(keep.begin(), keep.end(), scan.begin(), 0);
  for (i32& v : lab.pixels()) v = ops::seed_new_label(v, keep.data(), scan.data());
  return lab;
}

// A policy whose first compare-and-swap loses a race: just before it, "another thread" links
// the root being swapped under a higher-key pixel, as a concurrent unite could.
struct RacingAtomics {
  static inline std::vector<i32>* parent = nullptr;
  static inline const u32* dist = nullptr;
  static inline i32 racer = -1;  ///< pixel the interfering thread links the root under
  static inline int swaps = 0;
  static i32 cas(i32* p, i32 expected, i32 desired) {
    if (swaps++ == 0) ops::unite_by_key<ops::HostAtomics>(dist, parent->data(), expected, racer);
    return ops::HostAtomics::cas(p, expected, desired);
  }
};

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

TEST_CASE("unite_by_key keeps the highest-key pixel at the root, in any union order", "[ops]") {
  const auto seed = GENERATE(take(10, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::vector<u32> dist(40);
  for (u32& v : dist) v = u32(rng() % 6);  // many ties: the raster index decides
  std::vector<std::pair<i32, i32>> pairs;
  for (int k = 0; k < 30; ++k) pairs.emplace_back(i32(rng() % 40), i32(rng() % 40));
  std::vector<i32> parent(40);
  std::iota(parent.begin(), parent.end(), 0);
  for (const auto& [a, b] : pairs) ops::unite_by_key<ops::HostAtomics>(dist.data(), parent.data(), a, b);
  // Oracle: the same sets by plain connectivity, and the highest key of each.
  std::vector<i32> set(40);
  std::iota(set.begin(), set.end(), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [a, b] : pairs)
      if (set[std::size_t(a)] != set[std::size_t(b)]) {
        const i32 m = std::min(set[std::size_t(a)], set[std::size_t(b)]);
        set[std::size_t(a)] = set[std::size_t(b)] = m;
        changed = true;
      }
  }
  for (i32 i = 0; i < 40; ++i) {
    i32 best = i;
    for (i32 j = 0; j < 40; ++j)
      if (set[std::size_t(j)] == set[std::size_t(i)] && ops::seed_key_greater(dist.data(), j, best)) best = j;
    CAPTURE(i);
    REQUIRE(ops::find_root(parent.data(), i) == best);
  }
}

TEST_CASE("unite_by_key recovers when its compare-and-swap loses a race", "[ops]") {
  // Pixels 0..3 with keys 9 > 7 > 5 > 3. Uniting 3 with 2 tries to link 3 under 2; the racer
  // first links 3 under 0, so the swap fails and the retry must link 0's set and 2's set.
  std::vector<u32> dist = {9, 5, 7, 3};
  std::vector<i32> parent = {0, 1, 2, 3};
  RacingAtomics::parent = &parent;
  RacingAtomics::dist = dist.data();
  RacingAtomics::racer = 0;
  RacingAtomics::swaps = 0;
  ops::unite_by_key<RacingAtomics>(dist.data(), parent.data(), 3, 2);
  REQUIRE(RacingAtomics::swaps >= 2);  // the first swap failed and was retried
  for (i32 i : {0, 2, 3}) REQUIRE(ops::find_root(parent.data(), i) == 0);
  REQUIRE(ops::find_root(parent.data(), 1) == 1);
}

TEST_CASE("seed_join_group is the first level at or below the distance", "[ops]") {
  const std::vector<u32> levels = {50, 20, 7, 1};
  const i32 count = i32(levels.size());
  for (u32 d = 0; d < 60; ++d) {
    i32 first = count;
    for (i32 k = count - 1; k >= 0; --k)
      if (levels[std::size_t(k)] <= d) first = k;
    CAPTURE(d);
    REQUIRE(ops::seed_join_group(levels.data(), count, d) == first);
  }
}

TEST_CASE("level-wise key unions reproduce find_seeds on distance maps", "[ops]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const auto order = GENERATE(Order::kForward, Order::kReverse, Order::kShuffled);
  const double h_px = GENERATE(0.0, 0.7, 1.0, 2.5);
  const double min_distance = GENERATE(0.0, 2.0, 5.0);
  CAPTURE(seed, int(order), h_px, min_distance);
  const Image<u32> d = blob_edt(60 + int(seed % 40), 40 + int(seed % 23), seed);
  const SeedParams p{min_distance, h_px};
  REQUIRE(gpu_style_seeds(d, p, order, seed) == find_seeds(d.view(), p, Backend::kCpu));
}

TEST_CASE("level-wise key unions reproduce find_seeds on rough maps with ties", "[ops]") {
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
