// SPDX-License-Identifier: MIT
// filter_size: preconditions and backend dispatch only (algorithms in size_filter_cpu.cpp and
// kernels/cuda/ccl.cu).
#include <limits>

#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "size_filter_cpu.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

Mask filter_size_cuda(MaskView mask, const SizeFilterParams& p, Connectivity c) {
#if LYSISQ_HAVE_CUDA
  Mask out(mask.width, mask.height);
  cuda::filter_size(mask.data, mask.stride_px, out.data(), mask.width, mask.height, static_cast<int>(c), p.min_area_px,
                    p.max_area_px);
  return out;
#else
  (void)mask, (void)p, (void)c;
  throw CudaError("filter_size: built without CUDA");
#endif
}

}  // namespace

Mask filter_size(MaskView mask, const SizeFilterParams& p, Connectivity c, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "filter_size: negative size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width), "filter_size: bad view");
  LYSISQ_EXPECTS(mask.pixel_count() < std::size_t(std::numeric_limits<i32>::max()),
                 "filter_size: image too large for int32 pixel indices");
  LYSISQ_EXPECTS(c == Connectivity::k4 || c == Connectivity::k8, "filter_size: connectivity must be 4 or 8");
  LYSISQ_EXPECTS(p.min_area_px >= 0 && p.min_area_px <= p.max_area_px,
                 "filter_size: need 0 <= min_area_px <= max_area_px");
  if (mask.empty()) return Mask(mask.width, mask.height);
  switch (detail::stage_backend("size_filter", b)) {
    case Backend::kCpu: return cpu::filter_size(mask, p, c);
    case Backend::kCuda: return filter_size_cuda(mask, p, c);
  }
  throw InternalError("filter_size: unknown backend");
}

}  // namespace lysisq
