// SPDX-License-Identifier: MIT
// Counting sort of pixels by distance level (stable, so raster order is kept within a level);
// a comparison sort takes over for distance ranges too large for one counter per value.
#include "level_sort_cpu.hpp"

#include <algorithm>
#include <utility>

namespace lysisq::cpu {
namespace {

// One counter per level up to here (64 MiB of counters); beyond, std::stable_sort.
constexpr u32 kMaxCountingLevel = 1u << 23;

}  // namespace

LevelBuckets bucket_by_level(ImageView<const u32> dist, MaskView mask) {
  std::vector<std::pair<u32, i32>> px;  // (level, index)
  u32 top = 0;
  for (int y = 0; y < dist.height; ++y)
    for (int x = 0; x < dist.width; ++x) {
      const u32 d = dist.at(x, y);
      if (mask.data ? mask.at(x, y) == 0 : d == 0) continue;
      px.emplace_back(d, y * dist.width + x);
      top = std::max(top, d);
    }
  LevelBuckets b;
  b.pixels.resize(px.size());
  if (top < kMaxCountingLevel) {
    // Slot s holds level top - s, so slots run from the highest level down.
    std::vector<std::size_t> start(std::size_t(top) + 2, 0);
    for (const auto& p : px) ++start[std::size_t(top - p.first) + 1];
    for (std::size_t s = 0; s + 1 < start.size(); ++s) {
      if (start[s + 1] > 0) b.levels.push_back(top - u32(s)), b.begin.push_back(start[s]);
      start[s + 1] += start[s];
    }
    for (const auto& p : px) b.pixels[start[std::size_t(top - p.first)]++] = p.second;
  } else {
    std::stable_sort(px.begin(), px.end(), [](const auto& a, const auto& c) { return a.first > c.first; });
    for (std::size_t i = 0; i < px.size(); ++i) {
      b.pixels[i] = px[i].second;
      if (i == 0 || px[i].first != px[i - 1].first) b.levels.push_back(px[i].first), b.begin.push_back(i);
    }
  }
  b.begin.push_back(px.size());
  return b;
}

}  // namespace lysisq::cpu
