// SPDX-License-Identifier: MIT
// components_of: parallel labelling (label_cpu), then one counting-sort pass that groups the
// pixels by component and records each component's box.
#include "components_cpu.hpp"

#include <algorithm>
#include <numeric>

#include "label_cpu.hpp"

namespace lysisq::cpu {

Components components_of(MaskView mask) {
  Components c;
  c.labels = label_components(mask, Connectivity::k8, &c.count);
  const int w = mask.width, h = mask.height;
  c.box.assign(std::size_t(c.count), Box{w, h, -1, -1});
  c.begin.assign(std::size_t(c.count) + 1, 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const i32 v = c.labels.at(x, y);
      if (v == 0) continue;
      Box& b = c.box[std::size_t(v) - 1];
      b.x0 = std::min(b.x0, x), b.y0 = std::min(b.y0, y), b.x1 = std::max(b.x1, x), b.y1 = std::max(b.y1, y);
      ++c.begin[std::size_t(v)];
    }
  std::partial_sum(c.begin.begin(), c.begin.end(), c.begin.begin());
  c.pixels.resize(c.begin.back());
  std::vector<std::size_t> next(c.begin.begin(), c.begin.end() - 1);
  for (std::size_t i = 0; i < c.labels.size(); ++i)
    if (const i32 v = c.labels[i]; v > 0) c.pixels[next[std::size_t(v) - 1]++] = i32(i);
  return c;
}

std::vector<int> largest_first(const Components& c) {
  std::vector<int> order(std::size_t(c.count));
  std::iota(order.begin(), order.end(), 0);
  const auto size = [&](int k) { return c.begin[std::size_t(k) + 1] - c.begin[std::size_t(k)]; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return size(a) > size(b); });
  return order;
}

}  // namespace lysisq::cpu
