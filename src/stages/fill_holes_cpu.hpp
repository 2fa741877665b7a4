// SPDX-License-Identifier: MIT
// CPU twin of fill_holes.
#pragma once
#include "lysisq/image.hpp"

namespace lysisq::cpu {

Mask fill_holes(MaskView mask);

}  // namespace lysisq::cpu
