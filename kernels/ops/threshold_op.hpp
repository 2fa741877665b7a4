// SPDX-License-Identifier: MIT
// Global threshold rules on a full 65536-bin histogram (hist[v] = number of pixels of value v).
// A threshold t is an integer and foreground is v > t, as in skimage's `image > threshold_*(image)`.
//
// How these relate to scikit-image 0.19 (filters.threshold_otsu / _li / _triangle): for an integer
// image skimage ignores nbins and uses one bin per integer value between the image's min and max,
// and each bin's centre is that integer. So skimage's Otsu and triangle values are integers and
// equal ours exactly; the arithmetic below repeats skimage's (integer cumulative sums, then the same
// float64 expressions), so even ties resolve identically (first maximum). Li returns a float
// value T; for integer v, v > T iff v > floor(T), which is the integer we report.
#pragma once
#include <cmath>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

using HistCount = std::uint64_t;
constexpr int kHistBins = 65536;

/// Foreground iff strictly above the threshold (skimage `image > t`); Mask convention 0/1.
LYSISQ_HD inline std::uint8_t threshold_pixel(std::uint16_t v, std::uint16_t t) { return v > t ? 1 : 0; }

/// First and last non-empty bins (lo > hi for an empty histogram).
LYSISQ_HD inline void hist_range(const HistCount* hist, int* lo, int* hi) {
  *lo = 0;
  *hi = kHistBins - 1;
  while (*lo < kHistBins && hist[*lo] == 0) ++*lo;
  while (*hi >= 0 && hist[*hi] == 0) --*hi;
}

/// Otsu's score w1 w2 (m1 - m2)^2 for the split "bins <= v | bins > v", from the exact integer
/// count w1 and value sum s1 of the low class and the totals (0 < w1 < w_all). A parallel driver
/// evaluates it per bin from prefix sums and keeps the first maximum.
LYSISQ_HD inline double otsu_between(HistCount w1, HistCount s1, HistCount w_all, HistCount s_all) {
  const HistCount w2 = w_all - w1;
  const double d = double(s1) / double(w1) - double(s_all - s1) / double(w2);
  return double(w1 * w2) * (d * d);
}

/// Otsu: the t in [lo, hi) maximising w1 w2 (m1 - m2)^2 (class weights as counts). Needs lo < hi.
LYSISQ_HD inline int otsu_threshold(const HistCount* hist, int lo, int hi) {
  HistCount w_all = 0, s_all = 0;
  for (int v = lo; v <= hi; ++v) w_all += hist[v], s_all += hist[v] * HistCount(v);
  HistCount w1 = 0, s1 = 0;
  double best = -1.0;
  int t = lo;
  for (int v = lo; v < hi; ++v) {
    w1 += hist[v];
    s1 += hist[v] * HistCount(v);
    const double between = otsu_between(w1, s1, w_all, s_all);
    if (between > best) best = between, t = v;
  }
  return t;
}

/// Weighted mean of (v - lo) over bins lo + [a, b] (inclusive), as skimage's np.average.
LYSISQ_HD inline double li_class_mean(const HistCount* hist, int lo, int a, int b) {
  HistCount w = 0, s = 0;
  for (int i = a; i <= b; ++i) w += hist[lo + i], s += hist[lo + i] * HistCount(i);
  return double(s) / double(w);
}

/// li_class_mean over the histogram itself (the CPU driver's mean).
struct HistClassMean {
  const HistCount* hist;
  int lo;
  LYSISQ_HD double operator()(int a, int b) const { return li_class_mean(hist, lo, a, b); }
};

/// li_class_mean from inclusive prefix sums C[v] = sum hist[0..v], S[v] = sum v hist[v] (the
/// device's driver): the same integers as the loop, hence the same double.
struct PrefixClassMean {
  const HistCount* C;
  const HistCount* S;
  int lo;
  LYSISQ_HD HistCount at(const HistCount* p, int v) const { return v >= 0 ? p[v] : HistCount(0); }
  LYSISQ_HD double operator()(int a, int b) const {
    HistCount w = 0, s = 0;
    if (b >= a) {
      w = at(C, lo + b) - at(C, lo + a - 1);
      s = (at(S, lo + b) - at(S, lo + a - 1)) - HistCount(lo) * w;
    }
    return double(s) / double(w);
  }
};

/// Li's iteration given class_mean(a, b) = mean of (v - lo) over bins lo + [a, b] and n = hi - lo.
/// The device passes a mean computed from prefix sums: the same integers, so the same doubles
/// (up to the device log(), which may differ from glibc's in the last ulp).
template <class ClassMean>
LYSISQ_HD double li_iterate(const ClassMean& class_mean, int lo, int n) {
  double t_next = class_mean(0, n), t_curr = -1.0;
  while (std::fabs(t_next - t_curr) > 0.5) {
    t_curr = t_next;
    const int last_back = static_cast<int>(std::floor(t_curr));  // background: bins <= t_curr
    const double mean_back = class_mean(0, last_back);
    const double mean_fore = class_mean(last_back + 1, n);
    // skimage divides by log(0) = -inf when only bin 0 is background, which yields +0.
    t_next = mean_back == 0.0 ? 0.0 : (mean_back - mean_fore) / (std::log(mean_back) - std::log(mean_fore));
  }
  return t_next + lo;
}

/// Li's minimum cross entropy, iterated as skimage does on the min-shifted integer histogram
/// (start at the mean, tolerance 0.5). Returns skimage's float threshold. Needs lo < hi.
LYSISQ_HD inline double li_threshold(const HistCount* hist, int lo, int hi) {
  return li_iterate(HistClassMean{hist, lo}, lo, hi - lo);
}

/// Distance term of the triangle method for bin offset x with count c: h_n x - w_n c. On the
/// device the _rn intrinsics stop nvcc contracting it into an FMA (the CPU rounds both products).
LYSISQ_HD inline double triangle_length(double h_n, double w_n, std::int64_t x, HistCount c) {
#if defined(__CUDA_ARCH__)
  return __dsub_rn(__dmul_rn(h_n, double(x)), __dmul_rn(w_n, double(c)));
#else
  return h_n * double(x) - w_n * double(c);
#endif
}

/// The triangle method's line from the histogram end to the peak (first maximum bin `peak`
/// holding `peak_count` pixels), walked over bin offsets x in [0, width) from that end.
struct TriangleLine {
  bool flip;           ///< walk from the high end (that tail is longer)
  std::int64_t width;  ///< bins between the end and the peak
  double h_n, w_n;     ///< normalised height and width
  int lo, hi;
  LYSISQ_HD int bin(std::int64_t x) const { return static_cast<int>(flip ? hi - x : lo + x); }
};

LYSISQ_HD inline TriangleLine triangle_line(HistCount peak_count, int peak, int lo, int hi) {
  TriangleLine l{};
  l.flip = peak - lo < hi - peak;
  l.width = l.flip ? hi - peak : peak - lo;
  const std::int64_t height = static_cast<std::int64_t>(peak_count);
  const double norm = std::sqrt(double(height * height + l.width * l.width));
  l.h_n = double(height) / norm;
  l.w_n = double(l.width) / norm;
  l.lo = lo;
  l.hi = hi;
  return l;
}

/// Triangle (Zack 1977): on the longer side of the peak, the bin farthest below the line from
/// the histogram's end (height 0) to the peak. Same float64 expressions as skimage. Needs lo < hi.
LYSISQ_HD inline int triangle_threshold(const HistCount* hist, int lo, int hi) {
  int peak = lo;
  for (int v = lo + 1; v <= hi; ++v)
    if (hist[v] > hist[peak]) peak = v;
  const TriangleLine line = triangle_line(hist[peak], peak, lo, hi);
  double best = 0.0;
  int level = line.bin(0);
  for (std::int64_t x = 0; x < line.width; ++x) {
    const double length = triangle_length(line.h_n, line.w_n, x, hist[line.bin(x)]);
    if (x == 0 || length > best) best = length, level = line.bin(x);
  }
  return level;
}

/// Automatic threshold T times `correction`, floored at min_threshold, clamped to u16. Pixels
/// above T * correction are exactly those above floor(T * correction).
LYSISQ_HD inline std::uint16_t corrected_threshold(double t, double correction, std::uint16_t min_threshold) {
  double c = std::floor(t * correction);
  if (c < double(min_threshold)) c = double(min_threshold);
  if (c > 65535.0) c = 65535.0;
  return static_cast<std::uint16_t>(c);
}

}  // namespace lysisq::ops
