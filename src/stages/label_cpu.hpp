// SPDX-License-Identifier: MIT
// CPU twin of label_components, and the union-find forest that fill_holes reuses.
#pragma once
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/labels.hpp"

namespace lysisq::cpu {

/// Union-find forest of the non-zero pixels of `mask` (ops::merge_pixel run in parallel row
/// strips, then across strip borders). On return parent[i] <= i, and parent[i] == i exactly for
/// background pixels and for the first pixel (raster order) of each component.
void ccl_forest(MaskView mask, Connectivity c, std::vector<i32>& parent);

/// Labels 1..N in raster order of each component's root, from a forest built by ccl_forest.
/// Stores N in *count when count is not null.
LabelImage labels_from_forest(MaskView mask, const std::vector<i32>& parent, int* count = nullptr);

LabelImage label_components(MaskView mask, Connectivity c, int* count = nullptr);

}  // namespace lysisq::cpu
