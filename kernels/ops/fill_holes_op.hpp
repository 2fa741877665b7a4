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

}  // namespace lysisq::ops
