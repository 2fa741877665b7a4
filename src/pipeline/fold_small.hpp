// SPDX-License-Identifier: MIT
// Post-watershed clean-up: fragments smaller than the minimum object area (private to src/pipeline/).
#pragma once
#include "lysisq/labels.hpp"

namespace lysisq::detail {

/// Folds every object smaller than `min_area_px` into the 8-neighbouring object it shares the
/// most adjacent pixel pairs with (ties: the smaller label); a small object with no neighbour is
/// removed. Rounds repeat until no object is smaller than `min_area_px`. Deterministic: a round
/// depends only on the label image. Surviving labels keep their values (canonicalise afterwards).
void fold_small_objects(LabelImage& labels, int min_area_px);

}  // namespace lysisq::detail
