// SPDX-License-Identifier: MIT
// The watershed of src/stages/watershed.cpp computed by relaxation to a fixed point, for the
// GPU: any order of updates, any number of threads, and exactly the synchronous-wave result.
//
// Why it is the same function. Let a pixel's *reach* R(p) be the level at which the flood labels
// it: p is labelled by the end of level L iff some seed connects to p by an 8-path of mask pixels
// whose non-seed pixels all have D >= L, so R(p) = max over such paths of their lowest D (a
// max-min path value; seeds count as +infinity). During level L the labelled set is {R > L} plus the
// seeds, and p with R(p) = L is labelled in wave k = its 8-path distance from that set through
// pixels of R = L; its label is the smallest label among its neighbours labelled in wave k - 1
// (or earlier levels). Unfolding that: (wave, label) is the lexicographic minimum of
// (1, label(q)) over neighbours q with R(q) > R(p) or seeds, and (wave(q) + 1, label(q)) over
// neighbours with R(q) = R(p). Both phases are fixed points that relaxation reaches from the
// initial state in any order (phase 1 only grows, phase 2's wave numbers only shrink and its
// labels settle in wave order), and each fixed point is unique, so a pass that changes nothing
// has found the answer. Mask pixels never reached lie in unseeded components (definition step 3).
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

// ---- Phase 1: reach R(p), encoded so that "unreached" sorts below every level ----
// 32 bits: a reached pixel of level D is D + 1. Squared distances stay below 2^31 (image sides
// are at most 32767 px), so D + 1 never meets the seed sentinel. Phase 2 compares levels through
// this encoding directly (it preserves their order), so it needs no level array of its own.

constexpr std::uint32_t kReachNone = 0;             ///< outside the mask, or not reached yet
constexpr std::uint32_t kReachSeed = 0xffffffffu;   ///< a seed: above every level
constexpr std::uint32_t kMaxRelaxLevel = 0xfffffffdu;  ///< highest D whose D + 1 stays below kReachSeed

/// A reached pixel of level D: above kReachNone even for D = 0, below kReachSeed.
LYSISQ_HD_INLINE std::uint32_t reach_of_level(std::uint32_t dist_sq) { return dist_sq + 1u; }

/// Initial reach: seeds (inside the mask, label > 0) are kReachSeed, everything else kReachNone.
LYSISQ_HD_INLINE std::uint32_t reach_init(std::uint8_t mask_value, std::int32_t seed) {
  return (mask_value != 0 && seed > 0) ? kReachSeed : kReachNone;
}

/// True for the pixels phase 1 updates: mask pixels that are not seeds.
LYSISQ_HD_INLINE bool reach_updates(std::uint8_t mask_value, std::int32_t seed) { return mask_value != 0 && seed <= 0; }

/// New reach of a non-seed mask pixel at (x, y) of level dist_sq: min(own level, best neighbour).
/// `reach` has row stride `stride` and is read at x +- 1, y +- 1 inside [0, width) x [0, height).
LYSISQ_HD_INLINE std::uint32_t reach_update(const std::uint32_t* reach, std::ptrdiff_t stride, int width, int height,
                                            int x, int y, std::uint32_t dist_sq) {
  std::uint32_t best = kReachNone;
  for (int dy = -1; dy <= 1; ++dy) {
    const int ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (int dx = -1; dx <= 1; ++dx) {
      const int nx = x + dx;
      if ((dx == 0 && dy == 0) || nx < 0 || nx >= width) continue;
      const std::uint32_t r = reach[ny * stride + nx];
      best = r > best ? r : best;
    }
  }
  const std::uint32_t own = reach_of_level(dist_sq);
  return best < own ? best : own;
}

// ---- Phase 2: wave number ("len") and label within each level ----

constexpr std::uint32_t kLenOut = 0xffffffffu;  ///< takes no part: outside the mask or never reached
constexpr std::uint32_t kLenInf = 0xfffffffeu;  ///< takes part, not labelled yet

/// Phase-2 arrays (same stride): reach = R of the pixel (phase 1, encoded), len = wave number (0
/// for seeds), label.
struct OrderView {
  const std::uint32_t* reach;
  const std::uint32_t* len;
  const std::int32_t* label;
  std::ptrdiff_t stride;
  int width, height;
};

struct OrderState {
  std::uint32_t len;
  std::int32_t label;
};

/// Initial phase-2 state of a pixel from its mask value, seed and reach.
LYSISQ_HD_INLINE OrderState order_init(std::uint8_t mask_value, std::int32_t seed, std::uint32_t reach) {
  if (mask_value == 0 || reach == kReachNone) return {kLenOut, 0};
  if (reach == kReachSeed) return {0, seed};
  return {kLenInf, 0};
}

/// True for the pixels phase 2 updates (reached, not seeds).
LYSISQ_HD_INLINE bool order_updates(std::uint32_t len) { return len != kLenOut && len != 0; }

/// New (wave, label) of an updating pixel at (x, y), recomputed from its neighbours.
LYSISQ_HD_INLINE OrderState order_update(const OrderView& v, int x, int y) {
  const std::uint32_t lv = v.reach[y * v.stride + x];
  OrderState best{kLenInf, 0};
  for (int dy = -1; dy <= 1; ++dy) {
    const int ny = y + dy;
    if (ny < 0 || ny >= v.height) continue;
    for (int dx = -1; dx <= 1; ++dx) {
      const int nx = x + dx;
      if ((dx == 0 && dy == 0) || nx < 0 || nx >= v.width) continue;
      const std::ptrdiff_t n = ny * v.stride + nx;
      const std::uint32_t ln = v.len[n];
      if (ln >= kLenInf) continue;  // outside, unreached, or not labelled yet
      std::uint32_t cand;
      if (ln == 0 || v.reach[n] > lv)
        cand = 1;  // a seed, or labelled at a higher level: there before this level's first wave
      else if (v.reach[n] == lv)
        cand = ln + 1;
      else
        continue;  // labelled at a lower level: after this pixel
      const std::int32_t lab = v.label[n];
      if (cand < best.len || (cand == best.len && lab < best.label)) best = {cand, lab};
    }
  }
  return best;
}

/// True where a pixel takes part in phase 2 but has no label at the fixed point: impossible
/// when the relaxation converged (every reached pixel has a path from a seed); a GPU launcher
/// treats it as an internal error.
LYSISQ_HD_INLINE bool order_unfinished(std::uint32_t len) { return len == kLenInf; }

/// Mask pixel left unreached by phase 1: it belongs to a component without a seed.
LYSISQ_HD_INLINE std::uint8_t unseeded_pixel(std::uint8_t mask_value, std::uint32_t reach) {
  return (mask_value != 0 && reach == kReachNone) ? 1 : 0;
}

/// Output label: the phase-2 label, or for unseeded components max seed label + their
/// component number (1.. in raster order of first pixel), 0 outside the mask.
LYSISQ_HD_INLINE std::int32_t watershed_final_label(std::int32_t order_label, std::int32_t unseeded_label,
                                                    std::int32_t max_seed_label) {
  return unseeded_label > 0 ? max_seed_label + unseeded_label : order_label;
}

}  // namespace lysisq::ops
