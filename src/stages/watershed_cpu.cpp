// SPDX-License-Identifier: MIT
// Watershed on the CPU. Gives exactly the synchronous-wave definition (watershed.cpp) without
// whole-image sweeps: mask pixels are bucketed by level once (level_sort_cpu), and after the first
// wave of a level only neighbours of the pixels labelled in the previous wave can change.
#include "watershed_cpu.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "kernels/ops/watershed_op.hpp"
#include "label_cpu.hpp"
#include "level_sort_cpu.hpp"

namespace lysisq::cpu {
namespace {

class Flood {
 public:
  Flood(const ops::WatershedGrid& g, i32* labels)
      : g_(g), labels_(labels), stamp_(std::size_t(g.width) * std::size_t(g.height), 0) {}

  /// Runs every wave of one level; `first` .. `last` are the pixels whose distance equals it.
  void flood_level(const i32* first, const i32* last, u32 level) {
    // Wave 1: pending candidates of earlier levels touch no labelled pixel (their waves
    // converged), so only pixels of this level can start.
    pending_.clear();
    for (const i32* p = first; p != last; ++p) {
      if (labels_[*p] != 0) continue;
      const i32 m = ops::min_neighbour_label(labels_, g_.width, g_.height, *p % g_.width, *p / g_.width);
      if (m > 0) pending_.emplace_back(*p, m);
    }
    // Later waves: a candidate still unlabelled was not next to anything labelled before the
    // previous wave, so it must touch a pixel that the previous wave labelled.
    while (!pending_.empty()) {
      apply_pending();
      ++wave_;
      for (const i32 f : frontier_) collect_neighbours(f, level);
    }
  }

 private:
  void apply_pending() {
    frontier_.clear();
    for (const auto& [idx, label] : pending_) labels_[idx] = label, frontier_.push_back(idx);
    pending_.clear();
  }

  void collect_neighbours(i32 f, u32 level) {
    const int fx = f % g_.width, fy = f / g_.width;
    for (int y = std::max(0, fy - 1); y <= std::min(g_.height - 1, fy + 1); ++y)
      for (int x = std::max(0, fx - 1); x <= std::min(g_.width - 1, fx + 1); ++x) {
        const i32 n = y * g_.width + x;
        if (stamp_[std::size_t(n)] == wave_ || !ops::watershed_candidate(g_, labels_, x, y, level)) continue;
        stamp_[std::size_t(n)] = wave_;  // each candidate once per wave
        pending_.emplace_back(n, ops::min_neighbour_label(labels_, g_.width, g_.height, x, y));
      }
  }

  ops::WatershedGrid g_;
  i32* labels_;
  std::vector<u32> stamp_;
  u32 wave_ = 0;
  std::vector<i32> frontier_;
  std::vector<std::pair<i32, i32>> pending_;
};

/// Mask pixels the flood never reached lie in components without a seed: each becomes an object.
void label_unseeded(MaskView mask, LabelImage& out) {
  Mask rest(out.width(), out.height());
  bool any = false;
  for (int y = 0; y < out.height(); ++y)
    for (int x = 0; x < out.width(); ++x) {
      const bool r = mask.at(x, y) != 0 && out.at(x, y) == 0;
      rest.at(x, y) = r ? 1 : 0;
      any = any || r;
    }
  if (!any) return;
  const i32 offset = max_label(out);
  const LabelImage extra = label_components(rest.view(), Connectivity::k8);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (extra[i] > 0) out[i] = offset + extra[i];
}

}  // namespace

LabelImage watershed(ImageView<const u32> dist_sq, const LabelImage& seeds, MaskView mask) {
  const int w = mask.width, h = mask.height;
  const ops::WatershedGrid g{dist_sq.data, dist_sq.stride_px, mask.data, mask.stride_px, w, h};
  LabelImage out(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) out.at(x, y) = (mask.at(x, y) && seeds.at(x, y) > 0) ? seeds.at(x, y) : 0;
  const LevelBuckets b = bucket_by_level(dist_sq, mask);
  Flood flood(g, out.data());
  for (std::size_t k = 0; k < b.levels.size(); ++k)
    flood.flood_level(b.pixels.data() + b.begin[k], b.pixels.data() + b.begin[k + 1], b.levels[k]);
  label_unseeded(mask, out);
  return out;
}

}  // namespace lysisq::cpu
