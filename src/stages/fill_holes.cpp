// SPDX-License-Identifier: MIT
// fill_holes: preconditions and backend dispatch only (algorithm in fill_holes_cpu.cpp).
#include <limits>

#include "dispatch.hpp"
#include "fill_holes_cpu.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

namespace lysisq {

Mask fill_holes(MaskView mask, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "fill_holes: negative size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width), "fill_holes: bad view");
  LYSISQ_EXPECTS(mask.pixel_count() < std::size_t(std::numeric_limits<i32>::max()),
                 "fill_holes: image too large for int32 pixel indices");
  if (mask.empty()) return Mask(mask.width, mask.height);
  switch (detail::stage_backend("fill_holes", b)) {
    case Backend::kCpu: return cpu::fill_holes(mask);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("fill_holes: no CUDA implementation");
}

}  // namespace lysisq
