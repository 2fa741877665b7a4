// SPDX-License-Identifier: MIT
// select_threshold and apply_threshold: preconditions and backend dispatch only
// (algorithms in threshold_cpu.cpp and kernels/ops/threshold_op.hpp).
#include <cmath>

#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "threshold_cpu.hpp"

namespace lysisq {

u16 select_threshold(U16View img, const ThresholdParams& p, Backend b) {
  LYSISQ_EXPECTS(!img.empty() && img.data != nullptr && img.stride_px >= img.width,
                 "select_threshold: empty image or bad view");
  LYSISQ_EXPECTS(p.method != ThresholdMethod::kManual || p.manual.has_value(),
                 "select_threshold: method manual needs a manual value");
  LYSISQ_EXPECTS(std::isfinite(p.correction) && p.correction > 0.0, "select_threshold: correction must be > 0");
  switch (detail::stage_backend("threshold", b)) {
    case Backend::kCpu: return cpu::select_threshold(img, p);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("select_threshold: no CUDA implementation");
}

Mask apply_threshold(U16View img, u16 t, Backend b) {
  LYSISQ_EXPECTS(img.width >= 0 && img.height >= 0, "apply_threshold: negative size");
  LYSISQ_EXPECTS(img.empty() || (img.data != nullptr && img.stride_px >= img.width), "apply_threshold: bad view");
  switch (detail::stage_backend("threshold", b)) {
    case Backend::kCpu: return cpu::apply_threshold(img, t);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("apply_threshold: no CUDA implementation");
}

}  // namespace lysisq
