// SPDX-License-Identifier: MIT
// Pixels grouped by distance level, highest level first (shared by the watershed and seed CPU
// twins, which both process a distance map from the top down).
#pragma once
#include <cstddef>
#include <vector>

#include "lysisq/image.hpp"

namespace lysisq::cpu {

struct LevelBuckets {
  std::vector<u32> levels;         ///< distinct levels, highest first
  std::vector<std::size_t> begin;  ///< pixels of levels[k]: pixels[begin[k] .. begin[k + 1])
  std::vector<i32> pixels;         ///< indices y * width + x, ascending within a level
};

/// Buckets the pixels where `mask` is non-zero (or, with mask.data == nullptr, where dist > 0).
LevelBuckets bucket_by_level(ImageView<const u32> dist, MaskView mask);

}  // namespace lysisq::cpu
