// SPDX-License-Identifier: MIT
// CPU twin of find_seeds: square max filter, candidate plateaus, dynamics by union-find.
#pragma once
#include "lysisq/config.hpp"
#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"

namespace lysisq::cpu {

LabelImage find_seeds(ImageView<const u32> dist_sq, const SeedParams& p);

/// The separable square max filter of half-side r (exposed for tests).
Image<u32> window_max(ImageView<const u32> d, int r);

}  // namespace lysisq::cpu
