// SPDX-License-Identifier: MIT
// Hole filling on the CPU: label the background (4-conn) with the CCL forest, mark the regions
// that touch the border, and turn every other background pixel into foreground.
#include "fill_holes_cpu.hpp"

#include <vector>

#include "kernels/ops/ccl_op.hpp"
#include "kernels/ops/fill_holes_op.hpp"
#include "parallel_cpu.hpp"
#include "label_cpu.hpp"

namespace lysisq::cpu {

Mask fill_holes(MaskView mask) {
  const int w = mask.width, h = mask.height;
  const bool par = go_parallel(mask.pixel_count());
  Mask background(w, h);
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) background.at(x, y) = ops::invert_pixel(mask.at(x, y));

  std::vector<i32> parent;
  ccl_forest(background.cview(), Connectivity::k4, parent);

  // reaches[root] = 1 for background regions with a border pixel. Only border pixels are visited.
  std::vector<u8> reaches(parent.size(), 0);
  auto mark = [&](int x, int y) {
    const i32 i = y * w + x;
    if (background[std::size_t(i)]) reaches[std::size_t(ops::find_root(parent.data(), i))] = 1;
  };
  for (int x = 0; x < w; ++x) mark(x, 0), mark(x, h - 1);
  for (int y = 0; y < h; ++y) mark(0, y), mark(w - 1, y);

  Mask out(w, h);
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const i32 i = y * w + x;
      const bool reach = background[std::size_t(i)] && reaches[std::size_t(ops::find_root(parent.data(), i))];
      out.at(x, y) = ops::fill_hole_pixel(mask.at(x, y), reach);
    }
  return out;
}

}  // namespace lysisq::cpu
