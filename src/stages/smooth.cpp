// SPDX-License-Identifier: MIT
// smooth: preconditions and backend dispatch only (algorithm in smooth_cpu.cpp).
#include <cmath>

#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "smooth_cpu.hpp"

namespace lysisq {

Image<u16> smooth(U16View img, const SmoothParams& p, Backend b) {
  LYSISQ_EXPECTS(img.width >= 0 && img.height >= 0, "smooth: negative size");
  LYSISQ_EXPECTS(img.empty() || (img.data != nullptr && img.stride_px >= img.width), "smooth: bad view");
  LYSISQ_EXPECTS(std::isfinite(p.sigma_px) && p.sigma_px >= 0.0 && p.sigma_px <= 1000.0,
                 "smooth: sigma_px must be in [0, 1000]");
  if (img.empty()) return Image<u16>(img.width, img.height);
  switch (detail::stage_backend("smooth", b)) {
    case Backend::kCpu: return cpu::smooth(img, p);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("smooth: no CUDA implementation");
}

}  // namespace lysisq
