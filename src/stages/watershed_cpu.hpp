// SPDX-License-Identifier: MIT
// CPU twin of watershed (level buckets + frontier queues around the ops wave rule).
#pragma once
#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"

namespace lysisq::cpu {

LabelImage watershed(ImageView<const u32> dist_sq, const LabelImage& seeds, MaskView mask);

}  // namespace lysisq::cpu
