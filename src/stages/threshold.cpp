// SPDX-License-Identifier: MIT
// select_threshold and apply_threshold: preconditions and backend dispatch only
// (algorithms in threshold_cpu.cpp, kernels/cuda/threshold.cu and kernels/ops/threshold_op.hpp).
#include <cmath>

#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "threshold_cpu.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

#if LYSISQ_HAVE_CUDA
cuda::ThresholdRule cuda_rule(ThresholdMethod m) {
  switch (m) {
    case ThresholdMethod::kOtsu: return cuda::ThresholdRule::kOtsu;
    case ThresholdMethod::kLi: return cuda::ThresholdRule::kLi;
    case ThresholdMethod::kTriangle: return cuda::ThresholdRule::kTriangle;
    case ThresholdMethod::kManual: return cuda::ThresholdRule::kManual;
  }
  throw InternalError("select_threshold: unknown method");
}
#endif

u16 select_threshold_cuda(U16View img, const ThresholdParams& p) {
#if LYSISQ_HAVE_CUDA
  cuda::ThresholdSpec spec;
  spec.rule = cuda_rule(p.method);
  spec.correction = p.correction;
  spec.min_threshold = p.min_threshold;
  spec.manual = p.manual.value_or(0);
  return cuda::select_threshold(img.data, img.stride_px, img.width, img.height, spec);
#else
  (void)img, (void)p;
  throw CudaError("select_threshold: built without CUDA");
#endif
}

Mask apply_threshold_cuda(U16View img, u16 t) {
#if LYSISQ_HAVE_CUDA
  Mask out(img.width, img.height);
  if (img.empty()) return out;
  cuda::apply_threshold(img.data, img.stride_px, out.data(), img.width, img.height, t);
  return out;
#else
  (void)img, (void)t;
  throw CudaError("apply_threshold: built without CUDA");
#endif
}

}  // namespace

u16 select_threshold(U16View img, const ThresholdParams& p, Backend b) {
  LYSISQ_EXPECTS(!img.empty() && img.data != nullptr && img.stride_px >= img.width,
                 "select_threshold: empty image or bad view");
  LYSISQ_EXPECTS(p.method != ThresholdMethod::kManual || p.manual.has_value(),
                 "select_threshold: method manual needs a manual value");
  LYSISQ_EXPECTS(std::isfinite(p.correction) && p.correction > 0.0, "select_threshold: correction must be > 0");
  switch (detail::stage_backend("threshold", b)) {
    case Backend::kCpu: return cpu::select_threshold(img, p);
    case Backend::kCuda: return select_threshold_cuda(img, p);
  }
  throw InternalError("select_threshold: unknown backend");
}

Mask apply_threshold(U16View img, u16 t, Backend b) {
  LYSISQ_EXPECTS(img.width >= 0 && img.height >= 0, "apply_threshold: negative size");
  LYSISQ_EXPECTS(img.empty() || (img.data != nullptr && img.stride_px >= img.width), "apply_threshold: bad view");
  switch (detail::stage_backend("threshold", b)) {
    case Backend::kCpu: return cpu::apply_threshold(img, t);
    case Backend::kCuda: return apply_threshold_cuda(img, t);
  }
  throw InternalError("apply_threshold: unknown backend");
}

}  // namespace lysisq
