// SPDX-License-Identifier: MIT
// measure_segment / flush_moments as the GPU runs them: row segments of several lengths
// accumulated in forward, reverse and shuffled order into one shared table; every integer equals
// measure_objects on the CPU.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "kernels/ops/measure_run_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

enum class Order { kForward, kReverse, kShuffled };

std::vector<ops::MomentAccum> gpu_style_table(const LabelImage& lab, const std::vector<Image<u16>>& ch, int seg,
                                              Order order, std::uint32_t seed, bool* ok) {
  const int w = lab.width(), h = lab.height(), n = max_label(lab);
  ops::MeasureChannels mc{};
  mc.count = int(ch.size());
  for (std::size_t c = 0; c < ch.size(); ++c) mc.data[c] = ch[c].data(), mc.stride[c] = w;
  std::vector<std::pair<int, int>> segments;
  for (int y = 0; y < h; ++y)
    for (int x0 = 0; x0 < w; x0 += seg) segments.emplace_back(y, x0);
  if (order == Order::kReverse) std::reverse(segments.begin(), segments.end());
  if (order == Order::kShuffled) std::shuffle(segments.begin(), segments.end(), std::mt19937(seed));
  std::vector<ops::MomentAccum> table(std::size_t(n) + 1);
  *ok = true;
  for (const auto& [y, x0] : segments)
    *ok = ops::measure_segment<ops::HostMomentAtomics>(lab.data() + std::size_t(y) * w, x0, std::min(w, x0 + seg), y, mc,
                                                       n, table.data()) && *ok;
  return table;
}

}  // namespace

TEST_CASE("measure_segment in any schedule equals measure_objects", "[ops]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const int seg = GENERATE(1, 7, 64);
  const auto order = GENERATE(Order::kForward, Order::kReverse, Order::kShuffled);
  const int nc = GENERATE(0, 1, 4);
  CAPTURE(seed, seg, int(order), nc);
  const int w = 61, h = 37;
  LabelImage lab = label_components(test::random_mask(w, h, 0.6, seed).view(), Connectivity::k4, Backend::kCpu);
  lab.at(0, 0) = -3;  // negative labels are background for measure_objects
  std::vector<Image<u16>> ch;
  for (int c = 0; c < nc; ++c) ch.push_back(test::random_blobs(w, h, 5, seed + u32(c)));
  bool ok = false;
  const auto table = gpu_style_table(lab, ch, seg, order, seed, &ok);
  REQUIRE(ok);

  std::vector<U16View> views;
  for (const auto& c : ch) views.push_back(c.view());
  const auto objs = measure_objects(lab, views, Backend::kCpu);
  REQUIRE(objs.size() + 1 == table.size());
  for (const auto& o : objs) {
    CAPTURE(o.label);
    const ops::MomentAccum& a = table[std::size_t(o.label)];
    REQUIRE(a.area == o.m.area_px);
    REQUIRE(a.sum_x == o.m.sum_x);
    REQUIRE(a.sum_y == o.m.sum_y);
    REQUIRE(a.sum_xx == o.m.sum_xx);
    REQUIRE(a.sum_yy == o.m.sum_yy);
    REQUIRE(a.sum_xy == o.m.sum_xy);
    if (a.area > 0) {  // an object without pixels has no box (the CPU reports zeros)
      REQUIRE(a.x0 == o.m.bbox_x0);
      REQUIRE(a.y0 == o.m.bbox_y0);
      REQUIRE(a.x1 == o.m.bbox_x1);
      REQUIRE(a.y1 == o.m.bbox_y1);
    }
    for (int c = 0; c < kMaxChannels; ++c) REQUIRE(a.intensity[c] == o.m.intensity_sum[std::size_t(c)]);
  }
}

TEST_CASE("measure_segment reports labels above max_label and skips them", "[ops]") {
  LabelImage lab(5, 1);
  lab.at(1, 0) = 1;
  lab.at(2, 0) = 9;
  lab.at(3, 0) = 9;
  lab.at(4, 0) = 1;
  std::vector<ops::MomentAccum> table(2);
  const ops::MeasureChannels mc{{}, {}, 0};
  REQUIRE_FALSE(ops::measure_segment<ops::HostMomentAtomics>(lab.data(), 0, 5, 0, mc, 1, table.data()));
  REQUIRE(table[1].area == 2);
  REQUIRE(table[1].x0 == 1);
  REQUIRE(table[1].x1 == 4);
}
