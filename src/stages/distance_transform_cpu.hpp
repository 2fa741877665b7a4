// SPDX-License-Identifier: MIT
// CPU twin of distance_transform_sq (separable Meijster passes from kernels/ops).
#pragma once
#include "lysisq/image.hpp"

namespace lysisq::cpu {

Image<u32> distance_transform_sq(MaskView mask);

}  // namespace lysisq::cpu
