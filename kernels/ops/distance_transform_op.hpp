// SPDX-License-Identifier: MIT
// Exact squared Euclidean distance transform, as separable 1-D passes over columns then rows.
// Each pass is a function one CUDA thread (or one CPU loop iteration) runs for one column / row.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Vertical pass, downward step: distance (in rows) to the nearest background pixel at or above
/// this one in the column. `above` is the value of the pixel above (0 for the virtual background
/// row above the image, so the first row gets 1 when foreground).
LYSISQ_HD_INLINE std::uint32_t edt_down_step(std::uint32_t above, std::uint8_t fg) {
  return fg ? above + 1u : 0u;
}

/// Vertical pass, upward step: combines the downward distance with the one from below
/// (`below` = value of the pixel below, 0 for the virtual background row under the image).
LYSISQ_HD_INLINE std::uint32_t edt_up_step(std::uint32_t down, std::uint32_t below) {
  return below + 1u < down ? below + 1u : down;
}

/// Vertical pass over one column (a CUDA thread per column; the CPU twin runs the same steps
/// row by row so that memory is read contiguously). Writes g = row distance to background.
LYSISQ_HD_INLINE void edt_column(const std::uint8_t* mask, std::ptrdiff_t mask_stride, int height,
                                 std::uint32_t* g, std::ptrdiff_t g_stride) {
  std::uint32_t prev = 0;
  for (int y = 0; y < height; ++y) {
    prev = edt_down_step(prev, mask[y * mask_stride]);
    g[y * g_stride] = prev;
  }
  prev = 0;
  for (int y = height - 1; y >= 0; --y) {
    prev = edt_up_step(g[y * g_stride], prev);
    g[y * g_stride] = prev;
  }
}

/// Squared 2-D distance of output position x to the parabola rooted at virtual index i of the
/// padded row (i = 0 and i = width + 1 are the background pixels just outside the image).
LYSISQ_HD_INLINE std::int64_t edt_parabola(const std::uint32_t* g, int width, int x, int i) {
  const std::int64_t gi = (i == 0 || i == width + 1) ? 0 : std::int64_t(g[i - 1]);
  const std::int64_t dx = std::int64_t(x) - i;
  return dx * dx + gi * gi;
}

/// Floor division for a positive divisor (C++ `/` truncates toward zero).
LYSISQ_HD_INLINE std::int64_t edt_floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/// Meijster's Sep(i, u): first virtual position at which parabola u is not above parabola i (i < u).
LYSISQ_HD_INLINE std::int64_t edt_sep(const std::uint32_t* g, int width, int i, int u) {
  const std::int64_t gi = (i == 0 || i == width + 1) ? 0 : std::int64_t(g[i - 1]);
  const std::int64_t gu = (u == 0 || u == width + 1) ? 0 : std::int64_t(g[u - 1]);
  const std::int64_t num = std::int64_t(u) * u - std::int64_t(i) * i + gu * gu - gi * gi;
  return edt_floor_div(num, 2 * (std::int64_t(u) - i));
}

/// Horizontal pass over one row: lower envelope of parabolas (Meijster, Roerdink & Hesselink,
/// "A general algorithm for computing distance transforms in linear time", 2000), all integer.
/// The row is padded by one virtual background pixel on each side (pixels outside the image are
/// background). `g` holds the column distances of the row; `out` receives squared distances.
/// `s` and `t` are caller-provided workspaces of width + 2 ints (no allocation here).
LYSISQ_HD_INLINE void edt_row(const std::uint32_t* g, int width, std::uint32_t* out, int* s, int* t) {
  const int m = width + 2;
  int q = 0;
  s[0] = 0;
  t[0] = 0;
  for (int u = 1; u < m; ++u) {
    while (q >= 0 && edt_parabola(g, width, t[q], s[q]) > edt_parabola(g, width, t[q], u)) --q;
    if (q < 0) {
      q = 0;
      s[0] = u;
    } else {
      const std::int64_t w = 1 + edt_sep(g, width, s[q], u);
      if (w < m) {
        ++q;
        s[q] = u;
        t[q] = static_cast<int>(w);
      }
    }
  }
  for (int u = m - 1; u >= 0; --u) {
    if (u >= 1 && u <= width) out[u - 1] = static_cast<std::uint32_t>(edt_parabola(g, width, u, s[q]));
    if (u == t[q]) --q;
  }
}

}  // namespace lysisq::ops
