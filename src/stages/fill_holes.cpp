// SPDX-License-Identifier: MIT
// fill_holes: preconditions and backend dispatch only (algorithms in fill_holes_cpu.cpp and
// kernels/cuda/fill_holes.cu).
#include <limits>

#include "dispatch.hpp"
#include "fill_holes_cpu.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

Mask fill_holes_cuda(MaskView mask) {
#if LYSISQ_HAVE_CUDA
  Mask out(mask.width, mask.height);
  cuda::fill_holes(mask.data, mask.stride_px, out.data(), mask.width, mask.height);
  return out;
#else
  (void)mask;
  throw CudaError("fill_holes: built without CUDA");
#endif
}

}  // namespace

Mask fill_holes(MaskView mask, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "fill_holes: negative size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width), "fill_holes: bad view");
  LYSISQ_EXPECTS(mask.pixel_count() < std::size_t(std::numeric_limits<i32>::max()),
                 "fill_holes: image too large for int32 pixel indices");
  if (mask.empty()) return Mask(mask.width, mask.height);
  switch (detail::stage_backend("fill_holes", b)) {
    case Backend::kCpu: return cpu::fill_holes(mask);
    case Backend::kCuda: return fill_holes_cuda(mask);
  }
  throw InternalError("fill_holes: unknown backend");
}

}  // namespace lysisq
