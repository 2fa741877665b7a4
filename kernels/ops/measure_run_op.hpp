// SPDX-License-Identifier: MIT
// One GPU thread's share of measure_objects: a row segment accumulated locally while consecutive
// pixels share a label, each run flushed into the per-label table with integer atomics.
// Integer sums commute, so any schedule gives the CPU twin's table exactly.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"
#include "measure_op.hpp"

namespace lysisq::ops {

/// Sequential stand-in for the device atomics used by flush_moments.
struct HostMomentAtomics {
  static void add(long long* p, long long v) { *p += v; }
  static void min(int* p, int v) { *p = v < *p ? v : *p; }
  static void max(int* p, int v) { *p = v > *p ? v : *p; }
};

/// Folds a thread's partial sums into the shared table entry `dst` (merge_accum, field by field
/// with atomics). An empty partial (area 0) is skipped.
template <class Atomics>
LYSISQ_HD void flush_moments(MomentAccum& dst, const MomentAccum& src) {
  if (src.area == 0) return;
  Atomics::add(&dst.area, src.area);
  Atomics::add(&dst.sum_x, src.sum_x);
  Atomics::add(&dst.sum_y, src.sum_y);
  Atomics::add(&dst.sum_xx, src.sum_xx);
  Atomics::add(&dst.sum_yy, src.sum_yy);
  Atomics::add(&dst.sum_xy, src.sum_xy);
  Atomics::min(&dst.x0, src.x0);
  Atomics::min(&dst.y0, src.y0);
  Atomics::max(&dst.x1, src.x1);
  Atomics::max(&dst.y1, src.y1);
  for (int c = 0; c < kMeasureMaxChannels; ++c) Atomics::add(&dst.intensity[c], src.intensity[c]);
}

/// Up to kMeasureMaxChannels channel planes (any strides) read alongside the labels.
struct MeasureChannels {
  const std::uint16_t* data[kMeasureMaxChannels];
  std::ptrdiff_t stride[kMeasureMaxChannels];
  int count;
};

/// Accumulates pixels [x0, x1) of row y (labels: that row, contiguous) into table[1 .. max_label].
/// Labels <= 0 are background; a label above max_label is skipped and reported by returning
/// false (the launcher turns that into an error; max_label comes from the same image).
template <class Atomics>
LYSISQ_HD bool measure_segment(const std::int32_t* label_row, int x0, int x1, int y, const MeasureChannels& ch,
                               std::int32_t max_label, MomentAccum* table) {
  MomentAccum acc;
  std::int32_t cur = 0;
  bool ok = true;
  std::uint16_t values[kMeasureMaxChannels] = {0, 0, 0, 0};
  for (int x = x0; x < x1; ++x) {
    const std::int32_t v = label_row[x];
    if (v != cur) {
      if (cur > 0) flush_moments<Atomics>(table[cur], acc);
      acc = MomentAccum{};
      cur = v;
    }
    if (v <= 0) continue;
    if (v > max_label) {
      ok = false;
      cur = 0;
      continue;
    }
    for (int c = 0; c < ch.count && c < kMeasureMaxChannels; ++c) values[c] = ch.data[c][y * ch.stride[c] + x];
    accumulate_pixel(acc, x, y, values, ch.count);
  }
  if (cur > 0) flush_moments<Atomics>(table[cur], acc);
  return ok;
}

}  // namespace lysisq::ops
