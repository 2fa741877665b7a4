// SPDX-License-Identifier: MIT
// label_components: preconditions and backend dispatch only (algorithms in label_cpu.cpp and
// kernels/cuda/ccl.cu).
#include <limits>

#include "dispatch.hpp"
#include "label_cpu.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

LabelImage label_components_cuda(MaskView mask, Connectivity c) {
#if LYSISQ_HAVE_CUDA
  LabelImage out(mask.width, mask.height);
  cuda::label_components(mask.data, mask.stride_px, out.data(), mask.width, mask.height, static_cast<int>(c));
  return out;
#else
  (void)mask, (void)c;
  throw CudaError("label_components: built without CUDA");
#endif
}

}  // namespace

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
    case Backend::kCuda: return label_components_cuda(mask, c);
  }
  throw InternalError("label_components: unknown backend");
}

}  // namespace lysisq
