// SPDX-License-Identifier: MIT
// The horizontal EDT pass as a per-pixel rule (one GPU thread per pixel), the parallel
// counterpart of the per-row lower envelope in distance_transform_op.hpp (ops::edt_row).
#pragma once
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Squared distance of pixel x of a row to the nearest background pixel of the image, where g
/// holds the row's column distances (ops::edt_column) and the row is padded by one virtual
/// background pixel on each side (positions -1 and width). This is min over i of
/// (x - i)^2 + g(i)^2, the same minimum edt_row's lower envelope evaluates, searched outward
/// from x and stopped once (x - i)^2 alone reaches the best value: O(distance) work, none on
/// background (g(x) = 0), and exact integers, so it equals edt_row bit for bit.
LYSISQ_HD_INLINE std::uint32_t edt_row_pixel(const std::uint32_t* g, int width, int x) {
  std::int64_t best = std::int64_t(g[x]) * std::int64_t(g[x]);
  for (std::int64_t d = 1; d * d < best; ++d) {
    const std::int64_t left = x - d, right = x + d;
    const bool has_left = left >= -1, has_right = right <= width;
    if (!has_left && !has_right) break;
    if (has_left) {
      const std::int64_t gl = left < 0 ? 0 : std::int64_t(g[left]);
      const std::int64_t v = d * d + gl * gl;
      best = v < best ? v : best;
    }
    if (has_right) {
      const std::int64_t gr = right >= width ? 0 : std::int64_t(g[right]);
      const std::int64_t v = d * d + gr * gr;
      best = v < best ? v : best;
    }
  }
  return static_cast<std::uint32_t>(best);
}

}  // namespace lysisq::ops
