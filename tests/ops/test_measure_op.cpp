// SPDX-License-Identifier: MIT
// The measurement ops under a GPU-like schedule: pixels accumulated into per-block tables in a
// scrambled order, tables merged in another order; the integer sums equal the CPU twin's.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/ops/measure_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("accumulate_pixel / merge_accum in any order equal measure_objects", "[ops]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const int w = 70, h = 50, blocks = 7;
  const LabelImage lab = label_components(test::random_mask(w, h, 0.5, seed).view(), Connectivity::k8, Backend::kCpu);
  const Image<u16> c0 = test::random_blobs(w, h, 8, seed), c1 = test::random_blobs(w, h, 8, seed + 1);
  const int n = max_label(lab);

  std::vector<std::vector<ops::MomentAccum>> tables(blocks, std::vector<ops::MomentAccum>(std::size_t(n) + 1));
  std::vector<int> order(lab.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  for (const int i : order) {
    if (lab[std::size_t(i)] == 0) continue;
    const u16 v[2] = {c0[std::size_t(i)], c1[std::size_t(i)]};
    ops::accumulate_pixel(tables[rng() % blocks][std::size_t(lab[std::size_t(i)])], i % w, i / w, v, 2);
  }
  std::shuffle(tables.begin(), tables.end(), rng);
  std::vector<ops::MomentAccum> total(std::size_t(n) + 1);
  for (const auto& t : tables)
    for (std::size_t k = 0; k < t.size(); ++k) ops::merge_accum(total[k], t[k]);

  const std::vector<U16View> ch{c0.view(), c1.view()};
  const auto objs = measure_objects(lab, ch, Backend::kCpu);
  REQUIRE(objs.size() == std::size_t(n));
  for (const auto& o : objs) {
    const ops::MomentAccum& a = total[std::size_t(o.label)];
    CAPTURE(o.label);
    REQUIRE(a.area == o.m.area_px);
    REQUIRE(a.sum_x == o.m.sum_x);
    REQUIRE(a.sum_y == o.m.sum_y);
    REQUIRE(a.sum_xx == o.m.sum_xx);
    REQUIRE(a.sum_yy == o.m.sum_yy);
    REQUIRE(a.sum_xy == o.m.sum_xy);
    REQUIRE(a.x0 == o.m.bbox_x0);
    REQUIRE(a.y1 == o.m.bbox_y1);
    REQUIRE(a.intensity[0] == o.m.intensity_sum[0]);
    REQUIRE(a.intensity[1] == o.m.intensity_sum[1]);
  }
}
