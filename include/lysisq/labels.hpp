// SPDX-License-Identifier: MIT
// Label images: int32, 0 = background, objects 1..N.
#pragma once
#include "lysisq/image.hpp"

namespace lysisq {

using LabelImage = Image<i32>;
using LabelView = ImageView<const i32>;

/// Renumbers labels 1..N in raster order of each object's first pixel (background stays 0).
/// Two segmentations equal up to label permutation become identical; this is how the CPU and
/// CUDA backends are compared. Negative labels are a bug and throw InternalError.
void canonicalize_labels(LabelImage& labels);

/// Number of distinct non-zero labels.
int label_count(const LabelImage& labels);

/// Largest label value (0 for an empty or all-background image).
int max_label(const LabelImage& labels);

}  // namespace lysisq
