// SPDX-License-Identifier: MIT
// Per-object accumulation of integer moments and channel intensity sums. Integer sums make the
// CPU (per-thread tables, reduced) and CUDA (int64 atomics) results identical.
#pragma once
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Same capacity as lysisq::kMaxChannels (checked where the two meet, in measure_cpu.cpp).
constexpr int kMeasureMaxChannels = 4;

/// One object's running sums; bbox is inclusive and starts empty (x0 > x1).
struct MomentAccum {
  long long area = 0;
  long long sum_x = 0, sum_y = 0, sum_xx = 0, sum_yy = 0, sum_xy = 0;
  int x0 = 0x7fffffff, y0 = 0x7fffffff, x1 = -1, y1 = -1;
  long long intensity[kMeasureMaxChannels] = {0, 0, 0, 0};
};

/// Adds pixel (x, y) with its channel values to an object's sums.
LYSISQ_HD_INLINE void accumulate_pixel(MomentAccum& a, int x, int y, const std::uint16_t* values, int channels) {
  const long long lx = x, ly = y;
  a.area += 1;
  a.sum_x += lx;
  a.sum_y += ly;
  a.sum_xx += lx * lx;
  a.sum_yy += ly * ly;
  a.sum_xy += lx * ly;
  a.x0 = x < a.x0 ? x : a.x0;
  a.y0 = y < a.y0 ? y : a.y0;
  a.x1 = x > a.x1 ? x : a.x1;
  a.y1 = y > a.y1 ? y : a.y1;
  for (int c = 0; c < channels && c < kMeasureMaxChannels; ++c) a.intensity[c] += values[c];
}

/// Folds partial sums `b` into `a` (per-thread tables on the CPU, per-block tables on a GPU).
LYSISQ_HD_INLINE void merge_accum(MomentAccum& a, const MomentAccum& b) {
  a.area += b.area;
  a.sum_x += b.sum_x;
  a.sum_y += b.sum_y;
  a.sum_xx += b.sum_xx;
  a.sum_yy += b.sum_yy;
  a.sum_xy += b.sum_xy;
  a.x0 = b.x0 < a.x0 ? b.x0 : a.x0;
  a.y0 = b.y0 < a.y0 ? b.y0 : a.y0;
  a.x1 = b.x1 > a.x1 ? b.x1 : a.x1;
  a.y1 = b.y1 > a.y1 ? b.y1 : a.y1;
  for (int c = 0; c < kMeasureMaxChannels; ++c) a.intensity[c] += b.intensity[c];
}

}  // namespace lysisq::ops
