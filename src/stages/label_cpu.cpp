// SPDX-License-Identifier: MIT
// Connected components on the CPU: the GPU's block union-find, with row strips as blocks, then
// one in-place renumbering pass.
#include "label_cpu.hpp"

#include <omp.h>

#include <algorithm>

#include "kernels/ops/ccl_op.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {

void ccl_forest(MaskView mask, Connectivity c, i32* parent) {
  const int w = mask.width, h = mask.height;
  if (mask.empty()) return;
  const ops::CclGrid grid{mask.data, mask.stride_px, w, h};
  const bool eight = c == Connectivity::k8;
  const bool par = go_parallel(mask.pixel_count());
  // A few strips per thread balance uneven content; each strip's unites touch only its own
  // parent entries (the box keeps neighbours inside), so strips need no atomics.
  const int strips = par ? std::clamp(4 * omp_get_max_threads(), 1, h) : 1;
  const int rows = (h + strips - 1) / strips;
#pragma omp parallel for schedule(dynamic) if (par)
  for (int s = 0; s < strips; ++s) {
    const ops::CclBox box{0, std::min(h, s * rows), w, std::min(h, (s + 1) * rows)};
    for (int y = box.y0; y < box.y1; ++y) {
      const u8* m = mask.row(y);
      for (int x = 0; x < w; ++x)
        if (m[x]) parent[y * w + x] = y * w + x;
    }
    for (int y = box.y0; y < box.y1; ++y) {
      const u8* m = mask.row(y);
      for (int x = 0; x < w; ++x)
        if (m[x]) ops::merge_pixel<ops::HostAtomics>(grid, box, eight, x, y, parent);
    }
  }
  // Strip borders: the first row of each strip against the last row of the one above. Sequential
  // because unites now cross strips; it is (strips - 1) rows of work.
  for (int y0 = rows; y0 < h; y0 += rows) {
    const ops::CclBox box{0, y0 - 1, w, y0 + 1};
    for (int x = 0; x < w; ++x) ops::merge_pixel<ops::HostAtomics>(grid, box, eight, x, y0, parent);
  }
}

int relabel_forest(MaskView mask, i32* parent) {
  // Raster order visits parent[i] < i first, and that entry already holds its final label (the
  // label of its root), so one sequential streaming pass is enough: no find, any tree depth.
  const int w = mask.width;
  i32 next = 0;
  for (int y = 0; y < mask.height; ++y) {
    const u8* m = mask.row(y);
    i32* p = parent + std::ptrdiff_t(y) * w;
    for (int x = 0; x < w; ++x) {
      if (!m[x]) continue;
      const i32 i = y * w + x;
      p[x] = p[x] == i ? ++next : parent[p[x]];
    }
  }
  return next;
}

LabelImage label_components(MaskView mask, Connectivity c, int* count) {
  LabelImage out(mask.width, mask.height);
  ccl_forest(mask, c, out.data());
  const int n = relabel_forest(mask, out.data());
  if (count) *count = n;
  return out;
}

}  // namespace lysisq::cpu
