// SPDX-License-Identifier: MIT
// find_seeds on the CPU. The window test and plateau labelling are data-parallel; the saddle of
// each candidate plateau comes from a union-find sweep in decreasing key order (elder rule),
// one foreground component at a time.
#include "seeds_cpu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/ops/seeds_op.hpp"
#include "label_cpu.hpp"
#include "components_cpu.hpp"

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
  for (int y = 0; y < d.height; ++y) {
    const u32* in = d.row(y);
    const u32* mx = m.data() + std::size_t(y) * std::size_t(d.width);
    u8* out = cand.data() + std::size_t(y) * std::size_t(d.width);
    for (int x = 0; x < d.width; ++x) out[x] = ops::is_seed_candidate(in[x], mx[x]) ? 1 : 0;
  }
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

/// Per-thread buffers of the union-find sweep, reused from one component to the next. Box-local
/// copies keep the sweep's random accesses inside a small, cache-resident frame.
struct Scratch {
  std::vector<i32> parent;          ///< -1 = not reached yet
  std::vector<i32> peak;            ///< highest-key pixel of each root's component
  std::vector<u32> dist;            ///< D of the component's pixels
  std::vector<i32> top;             ///< plateau label where the pixel is a plateau's top, else 0
  std::vector<std::uint64_t> keys;  ///< (~D << 32) | local index: ascending = key order
};

/// Fills the scratch frame of component k; returns the box width.
int load_component(ImageView<const u32> d, const Components& c, int k, const Plateaus& p, Scratch& s) {
  const Box& b = c.box[std::size_t(k)];
  const int lw = b.width();
  const std::size_t n = std::size_t(lw) * std::size_t(b.height());
  s.parent.assign(n, -1);
  s.peak.resize(n);
  s.dist.resize(n);
  s.top.assign(n, 0);
  s.keys.clear();
  for (std::size_t i = c.begin[std::size_t(k)]; i < c.begin[std::size_t(k) + 1]; ++i) {
    const i32 g = c.pixels[i];
    const i32 li = (g / d.width - b.y0) * lw + (g % d.width - b.x0);
    const u32 dv = d.at(g % d.width, g / d.width);
    s.dist[std::size_t(li)] = dv;
    const i32 v = p.labels[std::size_t(g)];
    if (v > 0 && p.top[std::size_t(v)] == g) s.top[std::size_t(li)] = v;
    s.keys.push_back((std::uint64_t(~dv) << 32) | std::uint32_t(li));
  }
  std::sort(s.keys.begin(), s.keys.end());
  return lw;
}

/// Elder-rule sweep over one foreground component in its box: pixels join in decreasing key
/// order; when two components meet at pixel q, the one with the lower peak dies at level D(q),
/// which is its saddle. Deaths of plateau tops are written to saddle[plateau label].
void sweep_component(ImageView<const u32> d, const Components& c, int k, const Plateaus& p, std::vector<u32>& saddle,
                     Scratch& s) {
  const int lw = load_component(d, c, k, p, s), lh = c.box[std::size_t(k)].height();
  for (const std::uint64_t key : s.keys) {
    const i32 q = static_cast<i32>(key & 0xffffffffu);
    s.parent[std::size_t(q)] = q;
    s.peak[std::size_t(q)] = q;
    const int qx = q % lw, qy = q / lw;
    const i32 ra = q;  // q's root throughout: other roots are attached below it
    for (int y = std::max(0, qy - 1); y <= std::min(lh - 1, qy + 1); ++y)
      for (int x = std::max(0, qx - 1); x <= std::min(lw - 1, qx + 1); ++x) {
        const i32 n = y * lw + x;
        if (s.parent[std::size_t(n)] < 0) continue;
        const i32 rb = find_root(s.parent, n);
        if (ra == rb) continue;
        const i32 pa = s.peak[std::size_t(ra)], pb = s.peak[std::size_t(rb)];
        const bool a_wins = ops::key_greater(s.dist[std::size_t(pa)], pa, s.dist[std::size_t(pb)], pb);
        if (const i32 v = s.top[std::size_t(a_wins ? pb : pa)]) saddle[std::size_t(v)] = s.dist[std::size_t(q)];
        s.parent[std::size_t(rb)] = ra;
        s.peak[std::size_t(ra)] = a_wins ? pa : pb;
      }
  }
}

/// saddle[label] for each candidate plateau: the level at which its top's component first meets
/// a component with a higher peak (ops::kNoSaddle if never). Paths stay inside the foreground,
/// so each 8-connected foreground component is swept on its own, in parallel.
std::vector<u32> plateau_saddles(ImageView<const u32> d, const Plateaus& p) {
  Mask fg(d.width, d.height);
#pragma omp parallel for schedule(static)
  for (int y = 0; y < d.height; ++y) {
    const u32* in = d.row(y);
    u8* out = fg.data() + std::size_t(y) * std::size_t(d.width);
    for (int x = 0; x < d.width; ++x) out[x] = in[x] > 0 ? 1 : 0;
  }
  const Components c = components_of(fg.view());
  const std::vector<int> order = largest_first(c);
  std::vector<u32> saddle(p.top.size(), ops::kNoSaddle);
#pragma omp parallel
  {
    Scratch s;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t i = 0; i < order.size(); ++i) sweep_component(d, c, order[i], p, saddle, s);
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
  const int r = std::max(1, static_cast<int>(std::floor(p.min_distance_px)));  // see seeds.cpp
  Plateaus plat = candidate_plateaus(dist_sq, r);
  if (plat.top.size() <= 1 || p.h_px <= 0) return std::move(plat.labels);  // h = 0 keeps every plateau
  const std::vector<u32> saddle = plateau_saddles(dist_sq, plat);
  std::vector<bool> keep(plat.top.size(), false);
  for (std::size_t v = 1; v < plat.top.size(); ++v) {
    const i32 t = plat.top[v];
    keep[v] = ops::seed_survives(dist_sq.at(t % dist_sq.width, t / dist_sq.width), saddle[v], p.h_px);
  }
  // Plateau labels are in raster order of first pixel, so numbering the kept ones in label
  // order keeps that order (and the separate plateaus stay separate components).
  std::vector<i32> remap(plat.top.size(), 0);
  i32 next = 0;
  for (std::size_t v = 1; v < plat.top.size(); ++v) remap[v] = keep[v] ? ++next : 0;
  for (i32& v : plat.labels.pixels()) v = remap[std::size_t(v)];
  return std::move(plat.labels);
}

}  // namespace lysisq::cpu
