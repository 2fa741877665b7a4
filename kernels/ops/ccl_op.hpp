// SPDX-License-Identifier: MIT
// Union-find connected-component labelling, the per-pixel step shared by the CPU twin and the CUDA
// kernel (block-based union-find, BUF/BKE style: Allegretti et al. 2019, Playne & Hawick 2018).
//
// State is one parent array indexed by pixel (y * width + x). Every pixel starts as its own root;
// the root of a set is always its *smallest* pixel index, so parent[i] <= i at all times and the
// first pixel of an object in raster order is its root. That makes the final numbering canonical
// without a sort.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

/// Sequential stand-in for the device's atomicMin: writes min(*p, v) and returns the old value.
struct HostAtomics {
  static std::int32_t fetch_min(std::int32_t* p, std::int32_t v) {
    const std::int32_t old = *p;
    if (v < old) *p = v;
    return old;
  }
};

/// The foreground mask and the image size; parent[] is contiguous (index y * width + x).
struct CclGrid {
  const std::uint8_t* mask;
  std::ptrdiff_t mask_stride;
  int width;
  int height;
};

/// Half-open pixel box [x0, x1) x [y0, y1). merge_pixel only looks at neighbours inside it, which
/// is how a block-local pass (one CUDA block, one CPU strip) is confined to its own pixels.
struct CclBox {
  int x0, y0, x1, y1;
};

LYSISQ_HD inline bool ccl_inside(const CclBox& b, int x, int y) {
  return x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
}

LYSISQ_HD inline bool ccl_fg(const CclGrid& g, const CclBox& b, int x, int y) {
  return ccl_inside(b, x, y) && g.mask[y * g.mask_stride + x] != 0;
}

/// Root of i's set. No path compression: a find may run concurrently with unites on the device,
/// and compression is a separate flatten pass.
LYSISQ_HD inline std::int32_t find_root(const std::int32_t* parent, std::int32_t i) {
  while (parent[i] != i) i = parent[i];
  return i;
}

/// Joins the sets of a and b by pointing the larger root at the smaller one. fetch_min can lose a
/// race (the root got linked elsewhere meanwhile); the returned old value then tells where it
/// went and the loop retries from there, so no link is ever lost (Playne & Hawick's merge).
template <class Atomics>
LYSISQ_HD void unite(std::int32_t* parent, std::int32_t a, std::int32_t b) {
  for (;;) {
    a = find_root(parent, a);
    b = find_root(parent, b);
    if (a == b) return;
    if (a < b) {
      const std::int32_t old = Atomics::fetch_min(&parent[b], a);
      if (old == b) return;
      b = old;
    } else {
      const std::int32_t old = Atomics::fetch_min(&parent[a], b);
      if (old == a) return;
      a = old;
    }
  }
}

/// Merges foreground pixel (x, y) with its already-scanned foreground neighbours inside `box`.
/// Only the backward half of the neighbourhood is needed, because every pixel runs this step.
/// 8-connectivity skips a neighbour that a pair ending earlier in raster order already links: with
/// N foreground, NW and NE are N's row neighbours and W is N's diagonal neighbour; with W and NW
/// foreground, NW is W's north neighbour. By induction on the later pixel of each pair, every
/// 8-adjacent pair inside the box ends up joined, whatever order the steps run in.
template <class Atomics>
LYSISQ_HD void merge_pixel(const CclGrid& g, const CclBox& box, bool eight, int x, int y,
                           std::int32_t* parent) {
  if (g.mask[y * g.mask_stride + x] == 0) return;
  const std::int32_t i = y * g.width + x;
  const bool w = ccl_fg(g, box, x - 1, y);
  const bool n = ccl_fg(g, box, x, y - 1);
  if (!eight) {
    if (w) unite<Atomics>(parent, i, i - 1);
    if (n) unite<Atomics>(parent, i, i - g.width);
    return;
  }
  if (n) {
    unite<Atomics>(parent, i, i - g.width);
    return;
  }
  if (w)
    unite<Atomics>(parent, i, i - 1);
  else if (ccl_fg(g, box, x - 1, y - 1))
    unite<Atomics>(parent, i, i - g.width - 1);
  if (ccl_fg(g, box, x + 1, y - 1)) unite<Atomics>(parent, i, i - g.width + 1);
}

}  // namespace lysisq::ops
