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

/// Sequential stand-ins for the device's atomicMin and atomicCAS.
struct HostAtomics {
  static std::int32_t fetch_min(std::int32_t* p, std::int32_t v) {
    const std::int32_t old = *p;
    if (v < old) *p = v;
    return old;
  }
  /// Stand-in for atomicCAS: writes `desired` iff *p == expected; returns the old value.
  static std::int32_t cas(std::int32_t* p, std::int32_t expected, std::int32_t desired) {
    const std::int32_t old = *p;
    if (old == expected) *p = desired;
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

/// Merges foreground pixel (x, y), which must lie inside `box`, with its already-scanned
/// foreground neighbours inside `box`; background pixels are a no-op.
/// Only the backward half of the neighbourhood is needed, because every pixel runs this step.
/// A neighbour is skipped when pairs ending earlier in raster order already link it: in 8-conn,
/// with N foreground, NW and NE are N's row neighbours and W is N's diagonal neighbour; with W and
/// NW foreground, NW is W's north neighbour. By induction on the later pixel of each pair, every
/// adjacent pair inside the box ends up joined, whatever order the steps run in.
template <class Atomics>
LYSISQ_HD void merge_pixel(const CclGrid& g, const CclBox& box, bool eight, int x, int y,
                           std::int32_t* parent) {
  const std::uint8_t* row = g.mask + y * g.mask_stride;
  if (row[x] == 0) return;
  const bool in_w = x > box.x0, in_n = y > box.y0, in_e = x + 1 < box.x1;
  const std::uint8_t* up = in_n ? row - g.mask_stride : row;  // read only when in_n
  const std::int32_t i = y * g.width + x;
  const bool w = in_w && row[x - 1] != 0;
  const bool n = in_n && up[x] != 0;
  const bool nw = in_w && in_n && up[x - 1] != 0;
  if (!eight) {
    if (w) unite<Atomics>(parent, i, i - 1);
    // With NW foreground too, W and N are already joined through NW (W's and N's own steps).
    if (n && !(w && nw)) unite<Atomics>(parent, i, i - g.width);
    return;
  }
  if (n) {
    unite<Atomics>(parent, i, i - g.width);
    return;
  }
  if (w)
    unite<Atomics>(parent, i, i - 1);
  else if (nw)
    unite<Atomics>(parent, i, i - g.width - 1);
  if (in_n && in_e && up[x + 1] != 0) unite<Atomics>(parent, i, i - g.width + 1);
}

}  // namespace lysisq::ops
