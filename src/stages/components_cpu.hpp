// SPDX-License-Identifier: MIT
// The 8-connected components of a mask with their boxes and areas, so that the watershed twin
// can work one component at a time: in a small, cache-resident frame and in parallel (a flood
// never crosses from one component to another). A component's pixels are found by scanning its
// box rows for its label: contiguous reads, where a pixel list would gather from all over.
#pragma once
#include <cstddef>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"

namespace lysisq::cpu {

struct Box {
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;  ///< inclusive
  int width() const { return x1 - x0 + 1; }
  int height() const { return y1 - y0 + 1; }
};

struct Components {
  LabelImage labels;               ///< 1..count in raster order of first pixel
  int count = 0;
  std::vector<Box> box;            ///< box[k] of component k + 1
  std::vector<std::size_t> area;   ///< area[k] of component k + 1, in pixels
};

/// 8-connected components of the non-zero pixels of `mask`.
Components components_of(MaskView mask);

/// Component indices (0-based) sorted by decreasing area, for dynamic scheduling.
std::vector<int> largest_first(const Components& c);

}  // namespace lysisq::cpu
