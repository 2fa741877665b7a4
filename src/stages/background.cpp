// SPDX-License-Identifier: MIT
// subtract_background: preconditions and backend dispatch only (algorithm in background_cpu.cpp).
#include "background_cpu.hpp"
#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

namespace lysisq {

Image<u16> subtract_background(U16View img, const BackgroundParams& p, Backend b) {
  LYSISQ_EXPECTS(img.width >= 0 && img.height >= 0, "subtract_background: negative size");
  LYSISQ_EXPECTS(img.empty() || (img.data != nullptr && img.stride_px >= img.width), "subtract_background: bad view");
  LYSISQ_EXPECTS(p.method == BackgroundMethod::kNone || p.method == BackgroundMethod::kTophat,
                 "subtract_background: unknown method");
  LYSISQ_EXPECTS(p.radius_px >= 0 && p.radius_px <= (1 << 20), "subtract_background: radius_px out of range");
  if (img.empty()) return Image<u16>(img.width, img.height);
  switch (detail::stage_backend("background", b)) {
    case Backend::kCpu: return cpu::subtract_background(img, p);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("subtract_background: no CUDA implementation");
}

}  // namespace lysisq
