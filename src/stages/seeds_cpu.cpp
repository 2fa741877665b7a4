// SPDX-License-Identifier: MIT
// find_seeds on the CPU. The window test and plateau labelling are data-parallel; the saddle of
// each candidate plateau comes from one union-find sweep over the foreground in decreasing key
// order (elder rule: when two components meet, the one whose peak is lower dies at that level).
#include "seeds_cpu.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/ops/seeds_op.hpp"
#include "label_cpu.hpp"
#include "level_sort_cpu.hpp"

namespace lysisq::cpu {
namespace {

/// Candidate plateaus: labels 1..n and, per label, its first (top) pixel in raster order.
struct Plateaus {
  LabelImage labels;
  std::vector<i32> top;  ///< top[label]; top[0] unused
};

Plateaus candidate_plateaus(ImageView<const u32> d, int r) {
  const Image<u32> m = window_max(d, r);
  Mask cand(d.width, d.height);
#pragma omp parallel for schedule(static)
  for (int y = 0; y < d.height; ++y)
    for (int x = 0; x < d.width; ++x) cand.at(x, y) = ops::is_seed_candidate(d.at(x, y), m.at(x, y)) ? 1 : 0;
  Plateaus p{label_components(cand.view(), Connectivity::k8), {}};
  p.top.assign(std::size_t(max_label(p.labels)) + 1, -1);
  for (std::size_t i = 0; i < p.labels.size(); ++i) {
    const i32 v = p.labels[i];
    if (v > 0 && p.top[std::size_t(v)] < 0) p.top[std::size_t(v)] = i32(i);
  }
  return p;
}

i32 find_root(std::vector<i32>& parent, i32 a) {
  while (parent[std::size_t(a)] != a) {
    parent[std::size_t(a)] = parent[std::size_t(parent[std::size_t(a)])];  // path halving
    a = parent[std::size_t(a)];
  }
  return a;
}

/// saddle[label] for each candidate plateau: the level at which its top's component first meets
/// a component with a higher peak (ops::kNoSaddle if never). Paths stay inside the foreground.
std::vector<u32> plateau_saddles(ImageView<const u32> d, const Plateaus& p) {
  const int w = d.width, h = d.height;
  const auto dist = [&](i32 i) { return d.at(i % w, i / w); };
  std::vector<u32> saddle(p.top.size(), ops::kNoSaddle);
  const auto record_death = [&](i32 peak, u32 level) {
    const i32 v = p.labels[std::size_t(peak)];
    if (v > 0 && p.top[std::size_t(v)] == peak) saddle[std::size_t(v)] = level;
  };
  std::vector<i32> parent(std::size_t(w) * std::size_t(h), -1);  // -1: not reached yet
  std::vector<i32> peak(parent.size());                          // valid at roots
  const LevelBuckets order = bucket_by_level(d, MaskView{});
  for (const i32 q : order.pixels) {
    parent[std::size_t(q)] = q;
    peak[std::size_t(q)] = q;
    const int qx = q % w, qy = q / w;
    for (int y = std::max(0, qy - 1); y <= std::min(h - 1, qy + 1); ++y)
      for (int x = std::max(0, qx - 1); x <= std::min(w - 1, qx + 1); ++x) {
        const i32 n = y * w + x;
        if (parent[std::size_t(n)] < 0) continue;
        const i32 ra = find_root(parent, q), rb = find_root(parent, n);
        if (ra == rb) continue;
        const i32 pa = peak[std::size_t(ra)], pb = peak[std::size_t(rb)];
        const bool a_wins = ops::key_greater(dist(pa), pa, dist(pb), pb);
        record_death(a_wins ? pb : pa, dist(q));
        parent[std::size_t(rb)] = ra;
        peak[std::size_t(ra)] = a_wins ? pa : pb;
      }
  }
  return saddle;
}

}  // namespace

Image<u32> window_max(ImageView<const u32> d, int r) {
  const int w = d.width, h = d.height;
  Image<u32> rows(w, h), out(w, h);
  // Shifted-max form of ops::window_max_1d: the same maximum, in loops the compiler vectorises.
#pragma omp parallel for schedule(static)
  for (int y = 0; y < h; ++y) {
    const u32* in = d.row(y);
    u32* o = rows.data() + std::size_t(y) * std::size_t(w);
    std::copy(in, in + w, o);
    for (int k = 1; k <= r && k < w; ++k) {
      for (int x = 0; x + k < w; ++x) o[x] = std::max(o[x], in[x + k]);
      for (int x = k; x < w; ++x) o[x] = std::max(o[x], in[x - k]);
    }
  }
#pragma omp parallel for schedule(static)
  for (int y = 0; y < h; ++y) {
    u32* o = out.data() + std::size_t(y) * std::size_t(w);
    const int y0 = std::max(0, y - r), y1 = std::min(h - 1, y + r);
    std::copy(rows.data() + std::size_t(y0) * std::size_t(w), rows.data() + std::size_t(y0 + 1) * std::size_t(w), o);
    for (int yy = y0 + 1; yy <= y1; ++yy) {
      const u32* in = rows.data() + std::size_t(yy) * std::size_t(w);
      for (int x = 0; x < w; ++x) o[x] = std::max(o[x], in[x]);
    }
  }
  return out;
}

LabelImage find_seeds(ImageView<const u32> dist_sq, const SeedParams& p) {
  const int r = static_cast<int>(std::floor(p.min_distance_px));
  Plateaus plat = candidate_plateaus(dist_sq, r);
  if (plat.top.size() <= 1 || p.h_px <= 0) return std::move(plat.labels);  // h = 0 keeps every plateau
  const std::vector<u32> saddle = plateau_saddles(dist_sq, plat);
  std::vector<bool> keep(plat.top.size(), false);
  for (std::size_t v = 1; v < plat.top.size(); ++v) {
    const i32 t = plat.top[v];
    keep[v] = ops::seed_survives(dist_sq.at(t % dist_sq.width, t / dist_sq.width), saddle[v], p.h_px);
  }
  Mask kept(dist_sq.width, dist_sq.height);
  for (std::size_t i = 0; i < kept.size(); ++i) kept[i] = keep[std::size_t(plat.labels[i])] ? 1 : 0;
  return label_components(kept.view(), Connectivity::k8);
}

}  // namespace lysisq::cpu
