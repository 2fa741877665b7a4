// SPDX-License-Identifier: MIT
// The GPU labelling pipeline of kernels/cuda/ccl.cu run on the host, step for step: init,
// merge_pixel (forward, reverse, shuffled), flatten (shuffled, in place), root flags, exclusive
// scan, final label. Labels must equal the BFS oracle *without* canonicalisation, and the
// run-aggregated area counts must equal the per-component pixel counts.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/ops/ccl_relabel_op.hpp"
#include "kernels/ops/size_filter_op.hpp"
#include "support/label_oracle.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

enum class Order { kForward, kReverse, kShuffled };

std::vector<int> schedule(std::size_t n, Order o, std::uint32_t seed) {
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  if (o == Order::kReverse) std::reverse(idx.begin(), idx.end());
  if (o == Order::kShuffled) std::shuffle(idx.begin(), idx.end(), std::mt19937(seed));
  return idx;
}

// The forest after init + merge + flatten, as ccl.cu leaves it before numbering.
std::vector<i32> flat_forest(const Mask& m, bool eight, Order o, std::uint32_t seed) {
  const int w = m.width(), h = m.height();
  std::vector<i32> parent(m.size());
  for (const int i : schedule(m.size(), o, seed)) parent[std::size_t(i)] = ops::ccl_init_pixel(m[std::size_t(i)], i);
  const ops::CclGrid g{m.data(), w, w, h};
  const ops::CclBox all{0, 0, w, h};
  for (const int i : schedule(m.size(), o, seed + 1))
    ops::merge_pixel<ops::HostAtomics>(g, all, eight, i % w, i / w, parent.data());
  for (const int i : schedule(m.size(), o, seed + 2)) parent[std::size_t(i)] = ops::ccl_flatten_pixel(parent.data(), i);
  return parent;
}

LabelImage gpu_style_labels(const Mask& m, bool eight, Order o, std::uint32_t seed) {
  const std::vector<i32> parent = flat_forest(m, eight, o, seed);
  std::vector<i32> scan(m.size());
  for (std::size_t i = 0; i < m.size(); ++i) scan[i] = ops::ccl_root_flag(parent.data(), i32(i));
  std::exclusive_scan(scan.begin(), scan.end(), scan.begin(), 0);
  LabelImage out(m.width(), m.height());
  for (const int i : schedule(m.size(), o, seed + 3))
    out[std::size_t(i)] = ops::ccl_final_label(parent[std::size_t(i)], scan.data());
  return out;
}

}  // namespace

TEST_CASE("ccl relabel steps give raster-order labels in any schedule", "[ops]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 40}, std::pair{40, 1}, std::pair{64, 64});
  const double p = GENERATE(0.3, 0.6, 1.0);
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  const auto order = GENERATE(Order::kForward, Order::kReverse, Order::kShuffled);
  CAPTURE(seed, w, h, p, int(c), int(order));
  const Mask m = test::random_mask(w, h, p, seed);
  REQUIRE(gpu_style_labels(m, c == Connectivity::k8, order, seed) == test::bfs_labels(m, c));
}

TEST_CASE("ccl relabel steps on chessboards and empty masks", "[ops]") {
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  Mask board(9, 7);
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 9; ++x) board.at(x, y) = (x + y) % 2 == 0 ? 1 : 0;
  REQUIRE(gpu_style_labels(board, c == Connectivity::k8, Order::kShuffled, 5) == test::bfs_labels(board, c));
  const Mask empty(13, 5);
  REQUIRE(gpu_style_labels(empty, c == Connectivity::k8, Order::kReverse, 5) == LabelImage(13, 5));
}

TEST_CASE("count_runs over scrambled row segments counts every component's pixels", "[ops]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const int seg = GENERATE(1, 5, 32);
  CAPTURE(seed, seg);
  const int w = 53, h = 29;
  const Mask m = test::random_mask(w, h, 0.55, seed);
  const std::vector<i32> roots = flat_forest(m, true, Order::kShuffled, seed);
  std::vector<std::pair<int, int>> segments;  // (row, x0)
  for (int y = 0; y < h; ++y)
    for (int x0 = 0; x0 < w; x0 += seg) segments.emplace_back(y, x0);
  std::shuffle(segments.begin(), segments.end(), std::mt19937(seed));
  std::vector<i32> counts(m.size(), 0);
  for (const auto& [y, x0] : segments)
    ops::count_runs<ops::HostCountAtomics>(roots.data() + std::size_t(y) * w, x0, std::min(w, x0 + seg), counts.data());

  const LabelImage gold = test::bfs_labels(m, Connectivity::k8);
  std::vector<i32> area(std::size_t(max_label(gold)) + 1, 0);
  for (const i32 v : gold.pixels()) ++area[std::size_t(v)];
  for (std::size_t i = 0; i < m.size(); ++i) {
    CAPTURE(i);
    if (roots[i] == i32(i)) REQUIRE(counts[i] == area[std::size_t(gold[i])]);
    else REQUIRE(counts[i] == 0);
  }
  // size_filter's per-pixel rule on the root counts keeps exactly the in-range components.
  for (std::size_t i = 0; i < m.size(); ++i) {
    const bool keep = m[i] && ops::keep_area(counts[std::size_t(roots[i] < 0 ? 0 : roots[i])], 3, 10);
    REQUIRE(keep == (m[i] && area[std::size_t(gold[i])] >= 3 && area[std::size_t(gold[i])] <= 10));
  }
}
