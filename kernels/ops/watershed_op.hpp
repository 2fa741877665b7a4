// SPDX-License-Identifier: MIT
// The synchronous wave step of the marker-controlled watershed (definition in
// src/stages/watershed.cpp). A GPU runs it for every pixel per wave with double-buffered labels;
// the CPU twin runs it only for frontier pixels. Same rule, same result.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// The inputs of the flood: distance map and mask (any strides); labels are contiguous (stride = width).
struct WatershedGrid {
  const std::uint32_t* dist;
  std::ptrdiff_t dist_stride;
  const std::uint8_t* mask;
  std::ptrdiff_t mask_stride;
  int width, height;
};

/// Smallest positive label among the 8 neighbours of (x, y) in `labels`; 0 if none.
LYSISQ_HD_INLINE std::int32_t min_neighbour_label(const std::int32_t* labels, int width, int height, int x, int y) {
  std::int32_t best = 0;
  for (int dy = -1; dy <= 1; ++dy) {
    const int ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (int dx = -1; dx <= 1; ++dx) {
      const int nx = x + dx;
      if ((dx == 0 && dy == 0) || nx < 0 || nx >= width) continue;
      const std::int32_t v = labels[std::ptrdiff_t(ny) * width + nx];
      if (v > 0 && (best == 0 || v < best)) best = v;
    }
  }
  return best;
}

/// True if (x, y) may be labelled while flooding `level`: inside the mask, unlabelled, and at or
/// above the level.
LYSISQ_HD_INLINE bool watershed_candidate(const WatershedGrid& g, const std::int32_t* labels, int x, int y,
                                          std::uint32_t level) {
  return labels[std::ptrdiff_t(y) * g.width + x] == 0 && g.mask[y * g.mask_stride + x] != 0 &&
         g.dist[y * g.dist_stride + x] >= level;
}

/// One synchronous wave for pixel (x, y): its label after the wave, reading only `before` (the
/// labels at the start of the wave). A candidate takes its smallest labelled neighbour's label.
LYSISQ_HD_INLINE std::int32_t watershed_wave_pixel(const WatershedGrid& g, const std::int32_t* before, int x, int y,
                                                   std::uint32_t level) {
  const std::int32_t own = before[std::ptrdiff_t(y) * g.width + x];
  if (!watershed_candidate(g, before, x, y, level)) return own;
  return min_neighbour_label(before, g.width, g.height, x, y);
}

}  // namespace lysisq::ops
