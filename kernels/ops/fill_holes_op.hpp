// SPDX-License-Identifier: MIT
// fill_holes per-pixel rules: a hole is a 4-connected background region that does not reach the
// image border (scipy.ndimage.binary_fill_holes with its default cross structuring element).
#pragma once
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Pixels on the outermost row or column; their background regions are never holes.
LYSISQ_HD inline bool on_border(int x, int y, int width, int height) {
  return x == 0 || y == 0 || x == width - 1 || y == height - 1;
}

/// Background complement used to label background regions (1 = background).
LYSISQ_HD inline std::uint8_t invert_pixel(std::uint8_t m) { return m != 0 ? 0 : 1; }

/// Output pixel: foreground stays; background becomes foreground unless its region reaches the border.
LYSISQ_HD inline std::uint8_t fill_hole_pixel(std::uint8_t m, bool region_reaches_border) {
  return (m != 0 || !region_reaches_border) ? 1 : 0;
}

/// States of the device's border-reachability flood (kernels/cuda/fill_holes.cu): a background
/// pixel is kOpen until a 4-path of background from the border reaches it.
enum FloodState : std::uint8_t { kFloodFore = 0, kFloodOpen = 1, kFloodReached = 2 };

/// Initial state: background border pixels are reached, other background is open.
LYSISQ_HD inline std::uint8_t flood_init(std::uint8_t m, int x, int y, int width, int height) {
  if (m != 0) return kFloodFore;
  return on_border(x, y, width, height) ? kFloodReached : kFloodOpen;
}

/// One update of a pixel from its 4 neighbours (pass kFloodFore for a neighbour outside the
/// image). Monotone (open -> reached only), so any order of updates, repeated until nothing
/// changes, reaches the same fixed point: exactly the background 4-connected to the border.
LYSISQ_HD inline std::uint8_t flood_step(std::uint8_t self, std::uint8_t up, std::uint8_t down,
                                         std::uint8_t left, std::uint8_t right) {
  if (self != kFloodOpen) return self;
  const bool near = up == kFloodReached || down == kFloodReached || left == kFloodReached || right == kFloodReached;
  return near ? std::uint8_t(kFloodReached) : self;
}

}  // namespace lysisq::ops
