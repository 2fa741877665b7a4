// SPDX-License-Identifier: MIT
// Per-object moments on the CPU: each OpenMP thread accumulates its rows into its own table of
// ops::MomentAccum (no atomics), the tables are summed per label, then the floats are derived.
#include "measure_cpu.hpp"

#include <omp.h>

#include <algorithm>

#include "kernels/ops/measure_op.hpp"

namespace lysisq::cpu {
namespace {

static_assert(ops::kMeasureMaxChannels == kMaxChannels, "ops and core disagree on the channel capacity");

using Table = std::vector<ops::MomentAccum>;

void accumulate_rows(const LabelImage& labels, std::span<const U16View> channels, std::vector<Table>& tables) {
  const int w = labels.width(), h = labels.height();
  const int nc = static_cast<int>(channels.size());
#pragma omp parallel
  {
    Table& table = tables[std::size_t(omp_get_thread_num())];
    u16 values[kMaxChannels] = {0, 0, 0, 0};
#pragma omp for schedule(static)
    for (int y = 0; y < h; ++y) {
      const i32* lab = labels.data() + std::size_t(y) * std::size_t(w);
      for (int x = 0; x < w; ++x) {
        const i32 v = lab[x];
        if (v <= 0) continue;
        for (int c = 0; c < nc; ++c) values[c] = channels[std::size_t(c)].row(y)[x];
        ops::accumulate_pixel(table[std::size_t(v)], x, y, values, nc);
      }
    }
  }
}

ObjectMoments to_moments(const ops::MomentAccum& a) {
  ObjectMoments m;
  m.area_px = a.area;
  m.sum_x = a.sum_x;
  m.sum_y = a.sum_y;
  m.sum_xx = a.sum_xx;
  m.sum_yy = a.sum_yy;
  m.sum_xy = a.sum_xy;
  if (a.area > 0) {
    m.bbox_x0 = a.x0;
    m.bbox_y0 = a.y0;
    m.bbox_x1 = a.x1;
    m.bbox_y1 = a.y1;
  }
  for (int c = 0; c < kMaxChannels; ++c) m.intensity_sum[std::size_t(c)] = a.intensity[c];
  return m;
}

}  // namespace

std::vector<ObjectMeasurement> measure_objects(const LabelImage& labels, std::span<const U16View> channels) {
  const int n = max_label(labels);
  const int threads = std::max(1, omp_get_max_threads());
  std::vector<Table> tables(static_cast<std::size_t>(threads), Table(static_cast<std::size_t>(n) + 1));
  accumulate_rows(labels, channels, tables);
  std::vector<ObjectMeasurement> out(static_cast<std::size_t>(n));
  const int nc = static_cast<int>(channels.size());
#pragma omp parallel for schedule(static)
  for (int v = 1; v <= n; ++v) {
    ops::MomentAccum total = tables[0][std::size_t(v)];
    for (std::size_t t = 1; t < tables.size(); ++t) ops::merge_accum(total, tables[t][std::size_t(v)]);
    out[std::size_t(v) - 1] = derive_measurement(v, to_moments(total), nc);
  }
  return out;
}

}  // namespace lysisq::cpu
