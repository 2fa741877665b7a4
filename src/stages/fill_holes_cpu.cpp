// SPDX-License-Identifier: MIT
// Hole filling on the CPU: label the background (4-conn) with the CCL twin, mark the regions that
// touch the border, and turn every other background pixel into foreground.
#include "fill_holes_cpu.hpp"

#include <vector>

#include "kernels/ops/fill_holes_op.hpp"
#include "label_cpu.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {

Mask fill_holes(MaskView mask) {
  const int w = mask.width, h = mask.height;
  const bool par = go_parallel(mask.pixel_count());
  Mask background(w, h);
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y) {
    const u8* m = mask.row(y);
    u8* b = background.data() + std::size_t(y) * w;
    for (int x = 0; x < w; ++x) b[x] = ops::invert_pixel(m[x]);
  }

  int regions = 0;
  const LabelImage labels = label_components(background.cview(), Connectivity::k4, &regions);

  // reaches[l] = 1 for background regions with a border pixel (only border pixels are visited);
  // reaches[0] stays 0 and is what foreground pixels look up.
  std::vector<u8> reaches(std::size_t(regions) + 1, 0);
  auto mark = [&](int x, int y) { reaches[std::size_t(labels.at(x, y))] = 1; };
  for (int x = 0; x < w; ++x) mark(x, 0), mark(x, h - 1);
  for (int y = 0; y < h; ++y) mark(0, y), mark(w - 1, y);
  reaches[0] = 0;

  Mask out(w, h);
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y) {
    const u8* m = mask.row(y);
    const i32* l = labels.data() + std::size_t(y) * w;
    u8* o = out.data() + std::size_t(y) * w;
    for (int x = 0; x < w; ++x) o[x] = ops::fill_hole_pixel(m[x], reaches[std::size_t(l[x])] != 0);
  }
  return out;
}

}  // namespace lysisq::cpu
