// SPDX-License-Identifier: MIT
// Separable Gaussian smoothing rules. Conventions follow cv::GaussianBlur on CV_32F with
// ksize = 2 ceil(3 sigma) + 1: weights exp(-i^2 / (2 sigma^2)) normalised in double and then
// stored as float, float accumulation, BORDER_REFLECT_101 (OpenCV's BORDER_DEFAULT: ...cb|abcd|cb...).
#pragma once
#include <cmath>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Kernel half-width: ceil(3 sigma) (0 for sigma 0, which copies).
LYSISQ_HD inline int gaussian_radius(double sigma) { return static_cast<int>(std::ceil(3.0 * sigma)); }

/// Fills w[0..radius] with the normalised half kernel (w[i] weighs samples at distance i).
LYSISQ_HD inline void gaussian_half_kernel(double sigma, int radius, float* w) {
  const double scale = -0.5 / (sigma * sigma);
  double sum = 1.0;
  for (int i = 1; i <= radius; ++i) sum += 2.0 * std::exp(scale * i * i);
  w[0] = static_cast<float>(1.0 / sum);
  for (int i = 1; i <= radius; ++i) w[i] = static_cast<float>(std::exp(scale * i * i) / sum);
}

/// Index of sample p of a line of n samples under reflect-101, for any distance outside.
LYSISQ_HD inline int reflect101(int p, int n) {
  if (n == 1) return 0;
  while (p < 0 || p >= n) p = p < 0 ? -p : 2 * (n - 1) - p;
  return p;
}

/// One symmetric tap pair: acc + w_i * (sample at -i + sample at +i). nvcc would contract the
/// multiply-add into an FMA (one rounding instead of two) and the CUDA result would drift from
/// the CPU's by an ulp; the _rn intrinsics are never contracted, so both round the same way.
LYSISQ_HD inline float gaussian_tap_step(float acc, float w_i, float before, float after) {
#if defined(__CUDA_ARCH__)
  return __fadd_rn(acc, __fmul_rn(w_i, __fadd_rn(before, after)));
#else
  return acc + w_i * (before + after);
#endif
}

/// The centre tap w_0 * sample, uncontracted on the device (see gaussian_tap_step).
LYSISQ_HD inline float gaussian_centre(float w0, float sample) {
#if defined(__CUDA_ARCH__)
  return __fmul_rn(w0, sample);
#else
  return w0 * sample;
#endif
}

/// Symmetric tap sum around c (samples c - radius .. c + radius must be readable). Drivers that
/// sweep a whole row per tap must keep this order: centre first, then i = 1 .. radius.
LYSISQ_HD inline float gaussian_taps(const float* c, const float* w, int radius) {
  float acc = gaussian_centre(w[0], c[0]);
  for (int i = 1; i <= radius; ++i) acc = gaussian_tap_step(acc, w[i], c[-i], c[i]);
  return acc;
}

/// Nearest u16 (halves round up), clamped to [0, 65535].
LYSISQ_HD inline std::uint16_t round_to_u16(float v) {
  if (!(v > 0.0f)) return 0;
  if (v >= 65534.5f) return 65535;
  return static_cast<std::uint16_t>(v + 0.5f);
}

}  // namespace lysisq::ops
