// SPDX-License-Identifier: MIT
// Size filtering on the CPU: label, count areas (per-thread tables, merged), keep in-range objects.
#include "size_filter_cpu.hpp"

#include <vector>

#include "kernels/ops/size_filter_op.hpp"
#include "label_cpu.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {

Mask filter_size(MaskView mask, const SizeFilterParams& p, Connectivity c) {
  int n = 0;
  const LabelImage labels = label_components(mask, c, &n);
  const int w = mask.width, h = mask.height;
  const bool par = go_parallel(mask.pixel_count());
  std::vector<std::int64_t> area(std::size_t(n) + 1, 0);
#pragma omp parallel if (par)
  {
    std::vector<std::int64_t> local(area.size(), 0);
#pragma omp for schedule(static) nowait
    for (int y = 0; y < h; ++y) {
      const i32* l = labels.data() + std::size_t(y) * w;
      for (int x = 0; x < w; ++x) ++local[std::size_t(l[x])];
    }
#pragma omp critical(lysisq_size_filter_merge)
    for (std::size_t i = 1; i < area.size(); ++i) area[i] += local[i];
  }
  std::vector<u8> keep(area.size(), 0);
  for (std::size_t i = 1; i < area.size(); ++i) keep[i] = ops::keep_area(area[i], p.min_area_px, p.max_area_px);
  Mask out(w, h);
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y) {
    const i32* l = labels.data() + std::size_t(y) * w;
    u8* o = out.data() + std::size_t(y) * w;
    for (int x = 0; x < w; ++x) o[x] = ops::size_filter_pixel(l[x], keep.data());
  }
  return out;
}

}  // namespace lysisq::cpu
