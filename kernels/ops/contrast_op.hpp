// SPDX-License-Identifier: MIT
// segment_field's contrast guard (src/pipeline/contrast_guard.cpp) as prefix-count rules, so the
// device can evaluate it in parallel from one inclusive cumulative histogram C[v] = #pixels <= v.
// tests/ops/test_contrast_op.cpp checks these against detail::has_foreground_contrast.
#pragma once
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Pixels with values in [a, b] clipped to [0, top] (C inclusive prefix counts; empty if a > b).
LYSISQ_HD inline std::uint64_t prefix_window(const std::uint64_t* C, int a, int b, int top) {
  if (a < 0) a = 0;
  if (b > top) b = top;
  if (a > b) return 0;
  return C[b] - (a > 0 ? C[a - 1] : 0);
}

/// Half of the background-side count n = C[top], rounded up (the median's rank).
LYSISQ_HD inline std::uint64_t median_rank(std::uint64_t n) { return (n + 1) / 2; }

/// True for the one v that is the median of bins 0..top: the first with C[v] >= half.
LYSISQ_HD inline bool is_median_bin(const std::uint64_t* C, int v, std::uint64_t half) {
  return C[v] >= half && (v == 0 || C[v - 1] < half);
}

/// True for the one m that is the MAD around `median`: the first radius whose clipped window
/// [median - m, median + m] holds at least `half` pixels (the count grows with m).
LYSISQ_HD inline bool is_mad_radius(const std::uint64_t* C, int median, int m, int top, std::uint64_t half) {
  return prefix_window(C, median - m, median + m, top) >= half &&
         (m == 0 || prefix_window(C, median - m + 1, median + m - 1, top) < half);
}

/// t >= median + k_sigmas * max(1.4826 MAD, 1), rounded as the CPU does (no FMA on the device).
LYSISQ_HD inline bool contrast_ok(int t, int median, int mad, double k_sigmas) {
  const double scaled = 1.4826 * double(mad);
  const double sigma = scaled > 1.0 ? scaled : 1.0;
#if defined(__CUDA_ARCH__)
  return double(t) >= __dadd_rn(double(median), __dmul_rn(k_sigmas, sigma));
#else
  return double(t) >= double(median) + k_sigmas * sigma;
#endif
}

}  // namespace lysisq::ops
