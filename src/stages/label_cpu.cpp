// SPDX-License-Identifier: MIT
// Connected components on the CPU: the GPU's block union-find, with row strips as blocks.
#include "label_cpu.hpp"

#include <omp.h>

#include <algorithm>

#include "kernels/ops/ccl_op.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {
namespace {

bool is_fg(MaskView m, int x, int y) { return m.data[y * m.stride_px + x] != 0; }

}  // namespace

void ccl_forest(MaskView mask, Connectivity c, std::vector<i32>& parent) {
  const int w = mask.width, h = mask.height;
  parent.resize(mask.pixel_count());
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
    const int y0 = s * rows, y1 = std::min(h, y0 + rows);
    for (int y = y0; y < y1; ++y)
      for (int x = 0; x < w; ++x) parent[std::size_t(y) * w + x] = y * w + x;
    const ops::CclBox box{0, y0, w, y1};
    for (int y = y0; y < y1; ++y)
      for (int x = 0; x < w; ++x) ops::merge_pixel<ops::HostAtomics>(grid, box, eight, x, y, parent.data());
  }
  // Strip borders: the first row of each strip against the last row of the one above. Sequential
  // because unites now cross strips; it is (strips - 1) rows of work.
  for (int y0 = rows; y0 < h; y0 += rows) {
    const ops::CclBox box{0, y0 - 1, w, y0 + 1};
    for (int x = 0; x < w; ++x) ops::merge_pixel<ops::HostAtomics>(grid, box, eight, x, y0, parent.data());
  }
}

LabelImage labels_from_forest(MaskView mask, const std::vector<i32>& parent, int* count) {
  const int w = mask.width, h = mask.height;
  LabelImage out(w, h);
  i32* lab = out.data();
  const bool par = go_parallel(mask.pixel_count());
  // Roots are the first pixel of their component, so numbering roots in raster order is the
  // canonical numbering: count roots per row, prefix-sum, then number them in parallel.
  std::vector<i32> first(std::size_t(h) + 1, 0);
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y) {
    i32 n = 0;
    for (int x = 0; x < w; ++x) n += (is_fg(mask, x, y) && parent[std::size_t(y) * w + x] == y * w + x) ? 1 : 0;
    first[std::size_t(y) + 1] = n;
  }
  for (int y = 0; y < h; ++y) first[std::size_t(y) + 1] += first[std::size_t(y)];
  if (count) *count = first[std::size_t(h)];
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y) {
    i32 next = first[std::size_t(y)];
    for (int x = 0; x < w; ++x) {
      const i32 i = y * w + x;
      if (is_fg(mask, x, y) && parent[std::size_t(i)] == i) lab[i] = ++next;
    }
  }
  // Every root is numbered now (previous loop), so non-roots can read their root's label.
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const i32 i = y * w + x;
      if (is_fg(mask, x, y) && parent[std::size_t(i)] != i) lab[i] = lab[ops::find_root(parent.data(), i)];
    }
  return out;
}

LabelImage label_components(MaskView mask, Connectivity c, int* count) {
  std::vector<i32> parent;
  ccl_forest(mask, c, parent);
  return labels_from_forest(mask, parent, count);
}

}  // namespace lysisq::cpu
