// SPDX-License-Identifier: MIT
// components_of: parallel labelling (label_cpu), then boxes and areas from per-thread tables.
#include "components_cpu.hpp"

#include <algorithm>
#include <numeric>

#include "label_cpu.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {
namespace {

void include(Box& b, int x, int y) {
  b.x0 = std::min(b.x0, x), b.y0 = std::min(b.y0, y), b.x1 = std::max(b.x1, x), b.y1 = std::max(b.y1, y);
}

void merge(Box& b, const Box& o) {
  if (o.x1 < o.x0) return;  // empty
  include(b, o.x0, o.y0);
  include(b, o.x1, o.y1);
}

}  // namespace

Components components_of(MaskView mask) {
  Components c;
  c.labels = label_components(mask, Connectivity::k8, &c.count);
  const int w = mask.width, h = mask.height;
  const Box empty{w, h, -1, -1};
  c.box.assign(std::size_t(c.count), empty);
  c.area.assign(std::size_t(c.count), 0);
#pragma omp parallel if (go_parallel(mask.pixel_count()))
  {
    std::vector<Box> box(c.box.size(), empty);
    std::vector<std::size_t> area(c.area.size(), 0);
#pragma omp for schedule(static) nowait
    for (int y = 0; y < h; ++y) {
      const i32* row = c.labels.data() + std::size_t(y) * std::size_t(w);
      for (int x = 0; x < w; ++x)
        if (const i32 v = row[x]; v > 0) include(box[std::size_t(v) - 1], x, y), ++area[std::size_t(v) - 1];
    }
#pragma omp critical(lysisq_components_merge)
    for (std::size_t k = 0; k < box.size(); ++k) merge(c.box[k], box[k]), c.area[k] += area[k];
  }
  return c;
}

std::vector<int> largest_first(const Components& c) {
  std::vector<int> order(std::size_t(c.count));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return c.area[std::size_t(a)] > c.area[std::size_t(b)]; });
  return order;
}

}  // namespace lysisq::cpu
