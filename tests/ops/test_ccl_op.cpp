// SPDX-License-Identifier: MIT
// ops::merge_pixel run on the host in the orders a GPU might run it (STYLE.md rule 4): the
// canonical labelling must equal the BFS oracle whatever the schedule.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>

#include "kernels/ops/ccl_op.hpp"
#include "support/label_oracle.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

struct Pixel {
  int x, y;
};

std::vector<Pixel> raster_order(int w, int h) {
  std::vector<Pixel> px;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) px.push_back({x, y});
  return px;
}

// Flattens the forest the way a final kernel would (root + 1), then canonicalises.
LabelImage labels_of(const Mask& m, const std::vector<i32>& parent) {
  LabelImage out(m.width(), m.height());
  bool parents_point_back = true;  // roots are the smallest index of their set
  for (std::size_t i = 0; i < m.size(); ++i) {
    parents_point_back = parents_point_back && parent[i] <= i32(i);
    if (m[i]) out[i] = ops::find_root(parent.data(), i32(i)) + 1;
  }
  REQUIRE(parents_point_back);
  canonicalize_labels(out);
  return out;
}

LabelImage run_schedule(const Mask& m, bool eight, const std::vector<Pixel>& order) {
  std::vector<i32> parent(m.size());
  std::iota(parent.begin(), parent.end(), 0);
  const ops::CclGrid g{m.data(), m.width(), m.width(), m.height()};
  const ops::CclBox all{0, 0, m.width(), m.height()};
  for (const Pixel& p : order) ops::merge_pixel<ops::HostAtomics>(g, all, eight, p.x, p.y, parent.data());
  return labels_of(m, parent);
}

// BUF shape: every block merges inside its own box (blocks in any order), then a global pass
// with the whole image as the box joins across block borders.
LabelImage run_blocks(const Mask& m, bool eight, int bw, int bh, std::uint32_t seed) {
  std::vector<i32> parent(m.size());
  std::iota(parent.begin(), parent.end(), 0);
  const ops::CclGrid g{m.data(), m.width(), m.width(), m.height()};
  std::vector<ops::CclBox> blocks;
  for (int y0 = 0; y0 < m.height(); y0 += bh)
    for (int x0 = 0; x0 < m.width(); x0 += bw)
      blocks.push_back({x0, y0, std::min(m.width(), x0 + bw), std::min(m.height(), y0 + bh)});
  std::shuffle(blocks.begin(), blocks.end(), std::mt19937(seed));
  for (const auto& b : blocks)
    for (int y = b.y1 - 1; y >= b.y0; --y)
      for (int x = b.x1 - 1; x >= b.x0; --x) ops::merge_pixel<ops::HostAtomics>(g, b, eight, x, y, parent.data());
  const ops::CclBox all{0, 0, m.width(), m.height()};
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) ops::merge_pixel<ops::HostAtomics>(g, all, eight, x, y, parent.data());
  return labels_of(m, parent);
}

}  // namespace

TEST_CASE("merge_pixel: forward, reverse and shuffled schedules give the oracle's labels", "[ops]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{64, 48}, std::pair{1, 20}, std::pair{20, 1});
  const double p = GENERATE(0.4, 0.6);
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(seed, w, h, p, int(c));
  const Mask m = test::random_mask(w, h, p, seed);
  const bool eight = c == Connectivity::k8;
  const LabelImage gold = test::bfs_labels(m, c);

  std::vector<Pixel> order = raster_order(w, h);
  REQUIRE(run_schedule(m, eight, order) == gold);
  std::reverse(order.begin(), order.end());
  REQUIRE(run_schedule(m, eight, order) == gold);
  std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  REQUIRE(run_schedule(m, eight, order) == gold);
  REQUIRE(run_blocks(m, eight, 8, 4, seed) == gold);
  REQUIRE(run_blocks(m, eight, 5, 3, seed + 1) == gold);
}

TEST_CASE("unite: the smaller root wins and HostAtomics returns the old value", "[ops]") {
  std::vector<i32> parent = {0, 1, 2, 3, 4};
  ops::unite<ops::HostAtomics>(parent.data(), 4, 2);
  REQUIRE(parent[4] == 2);
  ops::unite<ops::HostAtomics>(parent.data(), 1, 4);
  REQUIRE(ops::find_root(parent.data(), 4) == 1);
  REQUIRE(ops::find_root(parent.data(), 2) == 1);
  REQUIRE(ops::find_root(parent.data(), 3) == 3);
  i32 v = 7;
  REQUIRE(ops::HostAtomics::fetch_min(&v, 9) == 7);
  REQUIRE(v == 7);
  REQUIRE(ops::HostAtomics::fetch_min(&v, 5) == 7);
  REQUIRE(v == 5);
}
