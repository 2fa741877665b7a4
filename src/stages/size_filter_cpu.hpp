// SPDX-License-Identifier: MIT
// CPU twin of filter_size.
#pragma once
#include "lysisq/config.hpp"
#include "lysisq/image.hpp"

namespace lysisq::cpu {

Mask filter_size(MaskView mask, const SizeFilterParams& p, Connectivity c);

}  // namespace lysisq::cpu
