// SPDX-License-Identifier: MIT
// Watershed on the CPU. Gives exactly the synchronous-wave definition (watershed.cpp) without
// whole-image sweeps. A flood never leaves an 8-connected mask component, and a level that a
// component does not contain changes nothing in it, so each component is flooded on its own:
// in its bounding box (cache-resident) and in parallel. Within a component the pixels are sorted
// by level once; after the first wave of a level only neighbours of the pixels that the
// previous wave labelled can change (frontier queues).
#include "watershed_cpu.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "components_cpu.hpp"
#include "kernels/ops/watershed_op.hpp"

namespace lysisq::cpu {
namespace {

/// Per-thread buffers, reused from one component to the next.
struct Scratch {
  std::vector<u8> member;    ///< 1 where the box pixel belongs to the component
  std::vector<i32> labels;   ///< box-local labels
  std::vector<u32> stamp;    ///< wave in which a pixel was last queued (monotonic per thread)
  u32 wave = 0;
  std::vector<std::uint64_t> keys;  ///< (~level << 32) | local index: ascending = highest level first
  std::vector<std::uint64_t> sorted;
  std::vector<std::uint32_t> count;  ///< counting-sort histogram over levels
  std::vector<i32> frontier;
  std::vector<std::pair<i32, i32>> pending;  ///< (local index, label) decided in the current wave
};

i32 local_index(std::uint64_t key) { return static_cast<i32>(key & 0xffffffffu); }
u32 key_level(std::uint64_t key) { return ~static_cast<u32>(key >> 32); }

/// Sorts s.keys ascending (level descending, then local index ascending) by counting sort on
/// the level: keys arrive in raster order, which is local-index order, and the sort is stable.
/// For a distance map a component's levels are at most its area, so this is linear; other
/// inputs (any u32 levels) fall back to a comparison sort.
void sort_keys(Scratch& s) {
  u32 top = 0;
  for (const std::uint64_t k : s.keys) top = std::max(top, key_level(k));
  if (std::size_t(top) > 4 * s.keys.size() + 4096) {
    std::sort(s.keys.begin(), s.keys.end());
    return;
  }
  s.count.assign(std::size_t(top) + 2, 0);
  for (const std::uint64_t k : s.keys) ++s.count[std::size_t(top - key_level(k)) + 1];
  for (std::size_t i = 1; i < s.count.size(); ++i) s.count[i] += s.count[i - 1];  // start of each level
  s.sorted.resize(s.keys.size());
  for (const std::uint64_t k : s.keys) s.sorted[s.count[std::size_t(top - key_level(k))]++] = k;
  s.keys.swap(s.sorted);
}

class Flood {
 public:
  Flood(const ops::WatershedGrid& g, Scratch& s) : g_(g), s_(s) {}

  /// All waves of one level; [first, last) are the keys of the pixels at exactly this level.
  void flood_level(const std::uint64_t* first, const std::uint64_t* last, u32 level) {
    // Wave 1: pending candidates of earlier levels touch no labelled pixel (their waves
    // converged), so only pixels of this level can start.
    s_.pending.clear();
    for (const std::uint64_t* k = first; k != last; ++k) {
      const i32 p = local_index(*k);
      if (s_.labels[std::size_t(p)] != 0) continue;
      const i32 m = ops::min_neighbour_label(s_.labels.data(), g_.width, g_.height, p % g_.width, p / g_.width);
      if (m > 0) s_.pending.emplace_back(p, m);
    }
    // Later waves: a candidate still unlabelled was not next to anything labelled before the
    // previous wave, so it must touch a pixel that the previous wave labelled.
    while (!s_.pending.empty()) {
      s_.frontier.clear();
      for (const auto& [p, label] : s_.pending) s_.labels[std::size_t(p)] = label, s_.frontier.push_back(p);
      s_.pending.clear();
      ++s_.wave;
      for (const i32 f : s_.frontier) collect_neighbours(f, level);
    }
  }

 private:
  void collect_neighbours(i32 f, u32 level) {
    const int fx = f % g_.width, fy = f / g_.width;
    for (int y = std::max(0, fy - 1); y <= std::min(g_.height - 1, fy + 1); ++y)
      for (int x = std::max(0, fx - 1); x <= std::min(g_.width - 1, fx + 1); ++x) {
        const i32 n = y * g_.width + x;
        if (s_.stamp[std::size_t(n)] == s_.wave || !ops::watershed_candidate(g_, s_.labels.data(), x, y, level)) continue;
        s_.stamp[std::size_t(n)] = s_.wave;  // each candidate once per wave
        s_.pending.emplace_back(n, ops::min_neighbour_label(s_.labels.data(), g_.width, g_.height, x, y));
      }
  }

  ops::WatershedGrid g_;
  Scratch& s_;
};

/// Calls f(x, y, local index) for each pixel of component k, in raster order, by scanning its
/// box rows for its label.
template <class F>
void for_each_pixel(const Components& c, int k, F&& f) {
  const Box& b = c.box[std::size_t(k)];
  const i32 id = k + 1;
  const int lw = b.width();
  for (int y = b.y0; y <= b.y1; ++y) {
    const i32* row = c.labels.data() + std::size_t(y) * std::size_t(c.labels.width());
    for (int x = b.x0; x <= b.x1; ++x)
      if (row[x] == id) f(x, y, (y - b.y0) * lw + (x - b.x0));
  }
}

/// The one seed label of component k: 0 if it holds no seed, -1 if it holds two different ones.
i32 sole_seed(const Components& c, int k, const LabelImage& seeds) {
  i32 sole = 0;
  for_each_pixel(c, k, [&](int x, int y, i32) {
    const i32 v = seeds.at(x, y);
    if (v > 0 && sole != -1) sole = (sole == 0 || sole == v) ? v : -1;
  });
  return sole;
}

/// Floods component k in its box and writes its labels to `out`; false if it holds no seed.
/// A component with a single seed label needs no flood: the waves of its lowest level reach
/// every pixel of the (connected) component, so all of them take that label.
bool flood_component(const Components& c, int k, ImageView<const u32> dist, const LabelImage& seeds, LabelImage& out,
                     Scratch& s) {
  const i32 sole = sole_seed(c, k, seeds);
  if (sole == 0) return false;
  if (sole > 0) {
    for_each_pixel(c, k, [&](int x, int y, i32) { out.at(x, y) = sole; });
    return true;
  }
  const Box& b = c.box[std::size_t(k)];
  const int lw = b.width(), lh = b.height();
  const std::size_t n = std::size_t(lw) * std::size_t(lh);
  s.member.assign(n, 0);
  s.labels.assign(n, 0);
  if (s.stamp.size() < n) s.stamp.resize(n, 0);  // stale stamps are older waves: harmless
  s.keys.clear();
  for_each_pixel(c, k, [&](int x, int y, i32 li) {
    s.member[std::size_t(li)] = 1;
    const i32 seed = seeds.at(x, y);
    s.labels[std::size_t(li)] = seed > 0 ? seed : 0;
    s.keys.push_back((std::uint64_t(~dist.at(x, y)) << 32) | std::uint32_t(li));
  });
  sort_keys(s);
  const ops::WatershedGrid g{dist.data + b.y0 * dist.stride_px + b.x0, dist.stride_px, s.member.data(), lw, lw, lh};
  Flood flood(g, s);
  for (std::size_t i = 0; i < s.keys.size();) {
    std::size_t j = i;
    while (j < s.keys.size() && key_level(s.keys[j]) == key_level(s.keys[i])) ++j;
    flood.flood_level(s.keys.data() + i, s.keys.data() + j, key_level(s.keys[i]));
    i = j;
  }
  for_each_pixel(c, k, [&](int x, int y, i32 li) { out.at(x, y) = s.labels[std::size_t(li)]; });
  return true;
}

}  // namespace

LabelImage watershed(ImageView<const u32> dist_sq, const LabelImage& seeds, MaskView mask) {
  const Components c = components_of(mask);
  const std::vector<int> order = largest_first(c);
  LabelImage out(mask.width, mask.height);
  std::vector<char> seeded(std::size_t(c.count), 0);
#pragma omp parallel
  {
    Scratch s;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t i = 0; i < order.size(); ++i)
      seeded[std::size_t(order[i])] = flood_component(c, order[i], dist_sq, seeds, out, s) ? 1 : 0;
  }
  // A component without a seed becomes one object: max_label + 1, ... in raster order of its
  // first pixel (components are numbered that way).
  i32 next = max_label(out);
  for (int k = 0; k < c.count; ++k) {
    if (seeded[std::size_t(k)]) continue;
    ++next;
    for_each_pixel(c, k, [&](int x, int y, i32) { out.at(x, y) = next; });
  }
  return out;
}

}  // namespace lysisq::cpu
