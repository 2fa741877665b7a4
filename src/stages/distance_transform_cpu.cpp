// SPDX-License-Identifier: MIT
// CPU twin of distance_transform_sq: the ops column pass (run row by row over column tiles, so
// memory is read contiguously) followed by the ops row pass over foreground runs, both
// parallel with OpenMP.
#include <algorithm>
#include <vector>

#include "kernels/ops/distance_transform_op.hpp"
#include "distance_transform_cpu.hpp"

namespace lysisq::cpu {
namespace {

// Columns per OpenMP work item in the vertical pass: 64 u32 = one 256-byte run per row.
constexpr int kColumnTile = 64;

void vertical_pass(MaskView mask, Image<u32>& g) {
  const int w = mask.width, h = mask.height;
  const int tiles = (w + kColumnTile - 1) / kColumnTile;
#pragma omp parallel for schedule(static)
  for (int tile = 0; tile < tiles; ++tile) {
    const int x0 = tile * kColumnTile, x1 = std::min(w, x0 + kColumnTile);
    for (int y = 0; y < h; ++y) {
      const u8* m = mask.row(y);
      u32* out = g.data() + std::size_t(y) * std::size_t(w);
      const u32* above = y > 0 ? out - w : nullptr;
      for (int x = x0; x < x1; ++x) out[x] = ops::edt_down_step(above ? above[x] : 0u, m[x]);
    }
    for (int y = h - 1; y >= 0; --y) {
      u32* out = g.data() + std::size_t(y) * std::size_t(w);
      const u32* below = y + 1 < h ? out + w : nullptr;
      for (int x = x0; x < x1; ++x) out[x] = ops::edt_up_step(out[x], below ? below[x] : 0u);
    }
  }
}

/// Row pass over foreground runs only. For a pixel of a run, every parabola from outside the run
/// is dominated by the run's background neighbour on that side (g = 0 and nearer), which is
/// exactly the virtual g = 0 pixel ops::edt_row puts beyond the ends of the line it is given.
/// So each run is its own line, with the same values as the whole row, and background stays 0.
void horizontal_pass(Image<u32>& g) {
  const int w = g.width(), h = g.height();
#pragma omp parallel
  {
    // Per-thread workspaces, allocated once per call (not per row or pixel).
    std::vector<int> s(std::size_t(w) + 2), t(std::size_t(w) + 2);
    std::vector<u32> row(static_cast<std::size_t>(w));
#pragma omp for schedule(static)
    for (int y = 0; y < h; ++y) {
      u32* line = g.data() + std::size_t(y) * std::size_t(w);
      std::copy(line, line + w, row.begin());
      for (int a = 0; a < w;) {
        if (row[std::size_t(a)] == 0) {
          ++a;
          continue;
        }
        int b = a;
        while (b + 1 < w && row[std::size_t(b) + 1] != 0) ++b;
        ops::edt_row(row.data() + a, b - a + 1, line + a, s.data(), t.data());
        a = b + 1;
      }
    }
  }
}

}  // namespace

Image<u32> distance_transform_sq(MaskView mask) {
  Image<u32> g(mask.width, mask.height);
  vertical_pass(mask, g);
  horizontal_pass(g);
  return g;
}

}  // namespace lysisq::cpu
