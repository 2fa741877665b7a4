// SPDX-License-Identifier: MIT
// CPU twin of smooth.
#pragma once
#include "lysisq/config.hpp"
#include "lysisq/image.hpp"

namespace lysisq::cpu {

Image<u16> smooth(U16View img, const SmoothParams& p);

}  // namespace lysisq::cpu
