// SPDX-License-Identifier: MIT
// CPU twin of subtract_background.
#pragma once
#include "lysisq/config.hpp"
#include "lysisq/image.hpp"

namespace lysisq::cpu {

Image<u16> subtract_background(U16View img, const BackgroundParams& p);

}  // namespace lysisq::cpu
