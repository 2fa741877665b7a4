// SPDX-License-Identifier: MIT
// distance_transform_sq: preconditions and backend dispatch only (algorithm in *_cpu.cpp).
#include "dispatch.hpp"
#include "distance_transform_cpu.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

namespace lysisq {

Image<u32> distance_transform_sq(MaskView mask, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "distance_transform_sq: negative size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width),
                 "distance_transform_sq: bad view");
  // Squared distances (at most width^2 + height^2) must fit in u32.
  LYSISQ_EXPECTS(mask.width <= 32767 && mask.height <= 32767, "distance_transform_sq: image too large");
  if (mask.empty()) return Image<u32>(mask.width, mask.height);
  switch (detail::stage_backend("distance_transform", b)) {
    case Backend::kCpu: return cpu::distance_transform_sq(mask);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("distance_transform_sq: no CUDA implementation");
}

}  // namespace lysisq
