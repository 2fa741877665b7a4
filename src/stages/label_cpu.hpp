// SPDX-License-Identifier: MIT
// CPU twin of label_components (fill_holes and filter_size call it too).
#pragma once
#include "lysisq/config.hpp"
#include "lysisq/labels.hpp"

namespace lysisq::cpu {

/// Union-find forest of the non-zero pixels of `mask` in parent[0 .. width * height):
/// ops::merge_pixel over parallel row strips, then across strip borders. Afterwards, for every
/// foreground pixel parent[i] <= i, with equality exactly at the first pixel (raster order) of
/// each component. Background entries are not touched.
void ccl_forest(MaskView mask, Connectivity c, i32* parent);

/// Turns a forest from ccl_forest into labels 1..N in raster order of first pixel, in place
/// (background entries must already be 0). Returns N.
int relabel_forest(MaskView mask, i32* parent);

/// Labels 1..N in raster order of first pixel; stores N in *count when count is not null.
LabelImage label_components(MaskView mask, Connectivity c, int* count = nullptr);

}  // namespace lysisq::cpu
