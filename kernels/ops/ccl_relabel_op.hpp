// SPDX-License-Identifier: MIT
// The per-pixel steps around ops::merge_pixel that turn a union-find forest into labels on a GPU:
// init, flatten (pointer jumping), root flags for the scan, final label from the scan, and the
// run-aggregated area count that size filtering needs.
//
// Numbering: ccl_op.hpp keeps the root of every set at its smallest pixel index, i.e. its first
// pixel in raster order. An exclusive scan over root flags therefore numbers the components
// 1..N in raster order of first pixel, the same numbering as the CPU twin (label_cpu.cpp).
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"
#include "ccl_op.hpp"

namespace lysisq::ops {

/// Parent entry of background pixels while the forest is built (never a valid index).
constexpr std::int32_t kNoParent = -1;

/// Initial forest entry of pixel i: its own root if foreground, kNoParent otherwise.
LYSISQ_HD_INLINE std::int32_t ccl_init_pixel(std::uint8_t mask_value, std::int32_t i) {
  return mask_value != 0 ? i : kNoParent;
}

/// Root of pixel i, for an in-place flatten pass (parent[i] = ccl_flatten_pixel(parent, i)).
/// Safe while other threads flatten too: every value they write is a root, i.e. an ancestor of
/// the entry it replaces, so a concurrent find still ends at the same root.
LYSISQ_HD_INLINE std::int32_t ccl_flatten_pixel(const std::int32_t* parent, std::int32_t i) {
  return parent[i] == kNoParent ? kNoParent : find_root(parent, i);
}

/// 1 where pixel i is the root (first pixel) of its component, else 0: the scan input.
LYSISQ_HD_INLINE std::int32_t ccl_root_flag(const std::int32_t* parent, std::int32_t i) {
  return parent[i] == i ? 1 : 0;
}

/// Final label of a pixel whose flattened entry is `root`, given the exclusive scan of the root
/// flags: 1..N in raster order of each component's first pixel, 0 for background.
LYSISQ_HD_INLINE std::int32_t ccl_final_label(std::int32_t root, const std::int32_t* root_scan) {
  return root == kNoParent ? 0 : root_scan[root] + 1;
}

/// Sequential stand-in for the device's atomicAdd on int32.
struct HostCountAtomics {
  static void add(std::int32_t* p, std::int32_t v) { *p += v; }
};

/// Adds the pixels of keys[x0 .. x1) to counts[key] (keys < 0 are background). A thread adds a
/// whole run of equal keys at once, so an object costs one atomic per row segment, not one per
/// pixel (cuCIM regionprops style run accumulation).
template <class Atomics>
LYSISQ_HD void count_runs(const std::int32_t* keys, int x0, int x1, std::int32_t* counts) {
  std::int32_t cur = kNoParent, run = 0;
  for (int x = x0; x < x1; ++x) {
    const std::int32_t k = keys[x];
    if (k != cur) {
      if (cur >= 0 && run > 0) Atomics::add(&counts[cur], run);
      cur = k;
      run = 0;
    }
    ++run;
  }
  if (cur >= 0 && run > 0) Atomics::add(&counts[cur], run);
}

}  // namespace lysisq::ops
