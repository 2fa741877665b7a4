// SPDX-License-Identifier: MIT
// label_components: preconditions and backend dispatch only (algorithm in label_cpu.cpp).
#include <limits>

#include "dispatch.hpp"
#include "label_cpu.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

namespace lysisq {

LabelImage label_components(MaskView mask, Connectivity c, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "label_components: negative size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width),
                 "label_components: bad view");
  LYSISQ_EXPECTS(mask.pixel_count() < std::size_t(std::numeric_limits<i32>::max()),
                 "label_components: image too large for int32 pixel indices");
  LYSISQ_EXPECTS(c == Connectivity::k4 || c == Connectivity::k8, "label_components: connectivity must be 4 or 8");
  if (mask.empty()) return LabelImage(mask.width, mask.height);
  switch (detail::stage_backend("label", b)) {
    case Backend::kCpu: return cpu::label_components(mask, c);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("label_components: no CUDA implementation");
}

}  // namespace lysisq
