// SPDX-License-Identifier: MIT
// CPU twins of select_threshold and apply_threshold.
#pragma once
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/image.hpp"

namespace lysisq::cpu {

/// hist[v] = number of pixels equal to v (65536 bins).
std::vector<std::uint64_t> histogram_u16(U16View img);

u16 select_threshold(U16View img, const ThresholdParams& p);

Mask apply_threshold(U16View img, u16 t);

}  // namespace lysisq::cpu
