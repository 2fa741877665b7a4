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
//  - A union-find over pixels whose links always point from a root to a higher-key node
//    (unite_by_key) keeps the highest-key pixel of every set at its root, whatever order the
//    unions run in. So after uniting every pixel with D >= L* with its neighbours of D >= L*,
//    the test is "find_root(t) == t".
//  - Only the distinct fail levels matter: the pixels are grouped by the first fail level they
//    reach (seed_join_group), and the groups join from the highest level down. No sort: order
//    within a group is free, which is what lets one launch unite a whole group.
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

/// Strict "higher key" order of two pixels of a contiguous distance map (seeds_op.hpp key_greater).
LYSISQ_HD_INLINE bool seed_key_greater(const std::uint32_t* dist, std::int32_t a, std::int32_t b) {
  return key_greater(dist[a], a, dist[b], b);
}

/// Joins the sets of pixels a and b by linking the lower-key root under the higher-key one, so a
/// set's root is always its highest-key pixel. A link is written only by compare-and-swap on a
/// root (`Atomics::cas(p, expected, desired)` returns the old value); when it fails the root was
/// linked meanwhile, and the loop climbs on from the value the swap saw. Each parent entry
/// changes at most once (from itself), so a stale read only costs a retry.
template <class Atomics>
LYSISQ_HD void unite_by_key(const std::uint32_t* dist, std::int32_t* parent, std::int32_t a, std::int32_t b) {
  a = find_root(parent, a);
  for (;;) {
    b = find_root(parent, b);
    if (a == b) return;
    if (seed_key_greater(dist, a, b)) {
      const std::int32_t t = a;
      a = b;
      b = t;
    }
    const std::int32_t old = Atomics::cas(&parent[a], a, b);
    if (old == a) return;
    a = find_root(parent, old);
  }
}

/// Contiguous distance map (index y * width + x) and its size, as the union step reads it.
struct SeedGrid {
  const std::uint32_t* dist;
  int width, height;
};

/// Union step of pixel (x, y) while the pixels with D >= level join: unites it with each
/// 8-neighbour of D >= level. `parent` is indexed by pixel.
template <class Atomics>
LYSISQ_HD void key_union_pixel(const SeedGrid& g, int x, int y, std::uint32_t level, std::int32_t* parent) {
  const std::int32_t i = y * g.width + x;
  for (int dy = -1; dy <= 1; ++dy) {
    const int ny = y + dy;
    if (ny < 0 || ny >= g.height) continue;
    for (int dx = -1; dx <= 1; ++dx) {
      const int nx = x + dx;
      if ((dx == 0 && dy == 0) || nx < 0 || nx >= g.width) continue;
      const std::int32_t j = ny * g.width + nx;
      if (g.dist[j] >= level) unite_by_key<Atomics>(g.dist, parent, i, j);
    }
  }
}

/// True iff pixel `top` is still the highest-key pixel of its set.
LYSISQ_HD_INLINE bool seed_is_peak(const std::int32_t* parent, std::int32_t top) { return find_root(parent, top) == top; }

/// Group in which a pixel of squared distance `dist_sq` joins, given the distinct fail levels in
/// descending order: the first k with levels[k] <= dist_sq, or `count` (never joins).
LYSISQ_HD_INLINE std::int32_t seed_join_group(const std::uint32_t* levels, std::int32_t count, std::uint32_t dist_sq) {
  std::int32_t lo = 0, hi = count;  // levels[0 .. lo) > dist_sq, levels[hi ..) <= dist_sq
  while (lo < hi) {
    const std::int32_t mid = lo + (hi - lo) / 2;
    if (levels[mid] > dist_sq)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/// Pixels that take part in the dynamic test (paths run through the foreground only).
LYSISQ_HD_INLINE std::int32_t seed_foreground(std::uint32_t dist_sq) { return dist_sq > 0 ? 1 : 0; }

/// Final seed label of a pixel with plateau label `label`: kept plateaus renumbered 1..N in
/// plateau (raster) order, from keep[] (0/1 per plateau, keep[0] = 0) and its exclusive scan.
LYSISQ_HD_INLINE std::int32_t seed_new_label(std::int32_t label, const std::int32_t* keep, const std::int32_t* keep_scan) {
  return (label > 0 && keep[label] != 0) ? keep_scan[label] + 1 : 0;
}

}  // namespace lysisq::ops
