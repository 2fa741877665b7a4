// SPDX-License-Identifier: MIT
// The dynamic (h) test of find_seeds (definition in src/stages/seeds.cpp) as data-parallel
// steps, for the GPU. The CPU twin floods {D >= L*} from each plateau top (below); the GPU
// answers the same question for all tops at once:
//
//  - A plateau top t dies at saddle S = the highest level L at which t is not the highest-key
//    pixel of its 8-connected component of {D >= L}. (Sweeping in key order, after every pixel
//    of D >= L has joined, the sweep's sets are exactly those components, and a death is final.)
//  - The plateau is dropped iff S exists and !seed_survives(D(t), S, h). That predicate is
//    monotone in S, so it holds exactly for S >= L* = seed_fail_level(D(t), h), and "S >= L*"
//    means: t is not the highest-key pixel of its component of {D >= L*}.
//  - Ranking the foreground pixels by key (rank 0 = highest) and uniting ranks with
//    ops::unite (root = smallest index) makes the root of each set its highest-key pixel. So
//    after uniting every pixel with D >= L* with its neighbours of D >= L*, the test is
//    "find_root(rank(t)) == rank(t)", whatever order the unions ran in.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"
#include "ccl_op.hpp"
#include "seeds_op.hpp"

namespace lysisq::ops {

/// Smallest saddle level S in [1, top_sq] at which a maximum of squared height top_sq fails the
/// h test (!seed_survives). Needs top_sq >= 1 and h_px > 0 (then S = top_sq always fails, as
/// sqrt(top) - sqrt(top) = 0 < h). Binary search on the exact predicate the CPU applies.
LYSISQ_HD_INLINE std::uint32_t seed_fail_level(std::uint32_t top_sq, double h_px) {
  std::uint32_t lo = 1, hi = top_sq;  // fails(hi) holds; find the first failing level
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (seed_survives(top_sq, mid, h_px))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/// The image as the rank union sees it: squared distances (D > 0 is foreground) and, for each
/// foreground pixel, its rank in key order (D descending, raster index ascending).
struct RankGrid {
  const std::uint32_t* dist;
  std::ptrdiff_t dist_stride;
  const std::int32_t* rank_of;  ///< contiguous (index y * width + x); undefined on background
  int width, height;
};

/// Union step of the pixel with rank `rank` at (x, y), when all pixels with D >= level are
/// joining: unites it with each 8-neighbour of D >= level. `parent` is indexed by rank.
template <class Atomics>
LYSISQ_HD void rank_union_pixel(const RankGrid& g, int x, int y, std::int32_t rank, std::uint32_t level,
                                std::int32_t* parent) {
  for (int dy = -1; dy <= 1; ++dy) {
    const int ny = y + dy;
    if (ny < 0 || ny >= g.height) continue;
    for (int dx = -1; dx <= 1; ++dx) {
      const int nx = x + dx;
      if ((dx == 0 && dy == 0) || nx < 0 || nx >= g.width) continue;
      if (g.dist[ny * g.dist_stride + nx] < level) continue;
      unite<Atomics>(parent, rank, g.rank_of[std::ptrdiff_t(ny) * g.width + nx]);
    }
  }
}

/// True iff the pixel of rank `rank` is still the highest-key pixel of its set.
LYSISQ_HD_INLINE bool rank_is_peak(const std::int32_t* parent, std::int32_t rank) {
  return find_root(parent, rank) == rank;
}

/// Pixels that take part in the dynamic test (paths run through the foreground only).
LYSISQ_HD_INLINE std::int32_t seed_foreground(std::uint32_t dist_sq) { return dist_sq > 0 ? 1 : 0; }

/// Final seed label of a pixel with plateau label `label`: kept plateaus renumbered 1..N in
/// plateau (raster) order, from keep[] (0/1 per plateau, keep[0] = 0) and its exclusive scan.
LYSISQ_HD_INLINE std::int32_t seed_new_label(std::int32_t label, const std::int32_t* keep, const std::int32_t* keep_scan) {
  return (label > 0 && keep[label] != 0) ? keep_scan[label] + 1 : 0;
}

/// Sort key of a foreground pixel: ascending order = key order of seeds_op.hpp (D descending,
/// then raster index ascending), the order of the CPU sweep.
LYSISQ_HD_INLINE std::uint64_t seed_sort_key(std::uint32_t dist_sq, std::int32_t index) {
  return (std::uint64_t(~dist_sq) << 32) | std::uint32_t(index);
}

LYSISQ_HD_INLINE std::int32_t seed_key_index(std::uint64_t key) { return static_cast<std::int32_t>(key & 0xffffffffu); }
LYSISQ_HD_INLINE std::uint32_t seed_key_dist(std::uint64_t key) { return ~static_cast<std::uint32_t>(key >> 32); }

/// Number of leading entries of `keys` (ascending seed_sort_key order, n entries) with D >= level:
/// the rank prefix that has joined once `level` is reached.
LYSISQ_HD_INLINE std::int32_t seed_level_prefix(const std::uint64_t* keys, std::int32_t n, std::uint32_t level) {
  std::int32_t lo = 0, hi = n;
  while (lo < hi) {
    const std::int32_t mid = lo + (hi - lo) / 2;
    if (seed_key_dist(keys[mid]) >= level)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

}  // namespace lysisq::ops
