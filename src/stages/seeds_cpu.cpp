// SPDX-License-Identifier: MIT
// find_seeds on the CPU. Candidates are sparse (a few per object), so the plateaus are found by
// union-find over the candidate list instead of labelling the whole image, and each plateau's
// dynamic test is a local flood from its top: the plateau is dropped iff, within the pixels of
// D >= L* (L* = ops::seed_fail_level, the lowest saddle at which it fails the h test), its top
// connects to a pixel ordered before it. With a small h that region is a cap of a few pixels
// around the top, so the test costs little per plateau and plateaus run in parallel.
#include "seeds_cpu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/ops/ccl_op.hpp"
#include "kernels/ops/seeds_dynamic_op.hpp"
#include "kernels/ops/seeds_op.hpp"

namespace lysisq::cpu {
namespace {

/// Candidate pixels (raster order) and their plateaus: root[i] is the position in `pixels` of
/// the first (top) pixel of candidate i's plateau.
struct Candidates {
  std::vector<i32> pixels;
  std::vector<i32> root;
};

/// Raster-ordered candidate list; `slot` receives position + 1 at each candidate (0 elsewhere).
std::vector<i32> candidate_pixels(ImageView<const u32> d, int r, LabelImage& slot) {
  const Image<u32> m = window_max(d, r);
  std::vector<std::vector<i32>> rows(std::size_t(d.height));
#pragma omp parallel for schedule(static)
  for (int y = 0; y < d.height; ++y) {
    const u32* in = d.row(y);
    const u32* mx = m.data() + std::size_t(y) * std::size_t(d.width);
    for (int x = 0; x < d.width; ++x)
      if (ops::is_seed_candidate(in[x], mx[x])) rows[std::size_t(y)].push_back(y * d.width + x);
  }
  std::vector<i32> pixels;
  for (const auto& row : rows) pixels.insert(pixels.end(), row.begin(), row.end());
  for (std::size_t i = 0; i < pixels.size(); ++i) slot[std::size_t(pixels[i])] = i32(i) + 1;
  return pixels;
}

/// Unites 8-adjacent candidates (the earlier neighbours W, NW, N, NE of each suffice) with the
/// CCL rule ops::unite, whose root is the smallest position: the plateau's first pixel in raster
/// order. Plateaus are a few pixels, so the trees stay shallow.
Candidates candidate_plateaus(ImageView<const u32> d, int r, LabelImage& slot) {
  Candidates c{candidate_pixels(d, r, slot), {}};
  const int w = d.width;
  std::vector<i32> parent(c.pixels.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i32(i);
  for (std::size_t i = 0; i < c.pixels.size(); ++i) {
    const int x = c.pixels[i] % w, y = c.pixels[i] / w;
    const int earlier[4][2] = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
    for (const auto& [dx, dy] : earlier) {
      const int nx = x + dx, ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= w) continue;
      const i32 s = slot[std::size_t(ny) * std::size_t(w) + std::size_t(nx)];
      if (s == 0) continue;
      ops::unite<ops::HostAtomics>(parent.data(), i32(i), s - 1);
    }
  }
  c.root.resize(parent.size());
  for (std::size_t i = 0; i < parent.size(); ++i) c.root[i] = ops::find_root(parent.data(), i32(i));
  return c;
}

/// Open-addressing set of pixel indices, cleared per flood in time proportional to its use.
class VisitedSet {
 public:
  bool insert(i32 v) {
    if (2 * (used_.size() + 1) > slots_.size()) grow();
    std::size_t i = hash(v);
    while (slots_[i] != kEmpty) {
      if (slots_[i] == v) return false;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = v;
    used_.push_back(i);
    return true;
  }
  void clear() {
    for (const std::size_t i : used_) slots_[i] = kEmpty;
    used_.clear();
  }

 private:
  static constexpr i32 kEmpty = -1;
  std::size_t hash(i32 v) const { return (std::uint32_t(v) * 2654435761u) & (slots_.size() - 1); }
  void grow() {
    std::vector<i32> old;
    for (const std::size_t i : used_) old.push_back(slots_[i]);
    slots_.assign(std::max<std::size_t>(64, 2 * slots_.size()), kEmpty);
    used_.clear();
    for (const i32 v : old) insert(v);
  }
  std::vector<i32> slots_;
  std::vector<std::size_t> used_;
};

/// The dynamic test of the plateau whose top is pixel t: false iff an 8-path through pixels of
/// D >= fail_level leads from t to a pixel ordered before t.
bool plateau_survives(ImageView<const u32> d, i32 t, u32 fail_level, VisitedSet& seen, std::vector<i32>& stack) {
  const u32 dt = d.at(t % d.width, t / d.width);
  seen.clear();
  stack.assign(1, t);
  seen.insert(t);
  while (!stack.empty()) {
    const i32 p = stack.back();
    stack.pop_back();
    const int px = p % d.width, py = p / d.width;
    for (int y = std::max(0, py - 1); y <= std::min(d.height - 1, py + 1); ++y)
      for (int x = std::max(0, px - 1); x <= std::min(d.width - 1, px + 1); ++x) {
        const u32 v = d.at(x, y);
        const i32 q = y * d.width + x;
        if (v < fail_level || !seen.insert(q)) continue;
        if (ops::key_greater(v, q, dt, t)) return false;
        stack.push_back(q);
      }
  }
  return true;
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
  LabelImage out(dist_sq.width, dist_sq.height);
  const Candidates c = candidate_plateaus(dist_sq, r, out);
  // keep[i] for each plateau top i (root[i] == i); h = 0 keeps every plateau.
  std::vector<char> keep(c.pixels.size(), 0);
  const auto n = static_cast<std::ptrdiff_t>(c.pixels.size());
#pragma omp parallel
  {
    VisitedSet seen;
    std::vector<i32> stack;
#pragma omp for schedule(dynamic, 64)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (c.root[std::size_t(i)] != i) continue;
      const i32 t = c.pixels[std::size_t(i)];
      const u32 dt = dist_sq.at(t % dist_sq.width, t / dist_sq.width);
      keep[std::size_t(i)] = p.h_px <= 0 || plateau_survives(dist_sq, t, ops::seed_fail_level(dt, p.h_px), seen, stack);
    }
  }
  // Tops are in raster order, so numbering the kept ones by position numbers the plateaus in
  // raster order of their first pixel.
  std::vector<i32> label(c.pixels.size(), 0);
  i32 next = 0;
  for (std::size_t i = 0; i < c.pixels.size(); ++i)
    if (c.root[i] == i32(i) && keep[i]) label[i] = ++next;
  for (std::size_t i = 0; i < c.pixels.size(); ++i) out[std::size_t(c.pixels[i])] = label[std::size_t(c.root[i])];
  return out;
}

}  // namespace lysisq::cpu
