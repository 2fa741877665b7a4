// SPDX-License-Identifier: MIT
// Per-pixel / per-plateau rules of find_seeds (definition in src/stages/seeds.cpp): the square
// window maximum, the candidate test, the raster tie-break order and the dynamic (h) test.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Saddle value of a maximum that never meets a higher one (the top of its object).
constexpr std::uint32_t kNoSaddle = 0xffffffffu;

/// Maximum of line[j * step] over j in [i - r, i + r] clipped to [0, n): one 1-D pass of the
/// separable square max filter (rows, then columns of the row result).
LYSISQ_HD_INLINE std::uint32_t window_max_1d(const std::uint32_t* line, std::ptrdiff_t step, int n, int i, int r) {
  const int lo = i - r < 0 ? 0 : i - r;
  const int hi = i + r >= n ? n - 1 : i + r;
  std::uint32_t m = 0;
  for (int j = lo; j <= hi; ++j) m = line[j * step] > m ? line[j * step] : m;
  return m;
}

/// A seed candidate is a foreground pixel equal to the maximum of its window.
LYSISQ_HD_INLINE bool is_seed_candidate(std::uint32_t dist_sq, std::uint32_t window_max) {
  return dist_sq > 0 && dist_sq == window_max;
}

/// Strict total order of pixels: higher distance first, then lower raster index (ties broken
/// deterministically, so equal maxima cannot both claim to be the higher one).
LYSISQ_HD_INLINE bool key_greater(std::uint32_t da, std::int64_t ia, std::uint32_t db, std::int64_t ib) {
  return da > db || (da == db && ia < ib);
}

/// The h test in distance units: keep a maximum of squared height `top_sq` whose highest saddle
/// towards a higher maximum is `saddle_sq` iff sqrt(top) - sqrt(saddle) >= h (always if it has
/// no higher maximum). IEEE sqrt is correctly rounded on CPU and GPU, so both decide alike.
LYSISQ_HD_INLINE bool seed_survives(std::uint32_t top_sq, std::uint32_t saddle_sq, double h_px) {
  if (saddle_sq == kNoSaddle) return true;
  return ::sqrt(double(top_sq)) - ::sqrt(double(saddle_sq)) >= h_px;
}

}  // namespace lysisq::ops
