// SPDX-License-Identifier: MIT
// distance_transform_sq: preconditions and backend dispatch only (algorithms in distance_transform_cpu.cpp and
// kernels/cuda/edt.cu).
#include "dispatch.hpp"
#include "distance_transform_cpu.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

Image<u32> distance_transform_sq_cuda(MaskView mask) {
#if LYSISQ_HAVE_CUDA
  Image<u32> out(mask.width, mask.height);
  cuda::distance_transform_sq(mask.data, mask.stride_px, out.data(), mask.width, mask.height);
  return out;
#else
  (void)mask;
  throw CudaError("distance_transform_sq: built without CUDA");
#endif
}

}  // namespace

Image<u32> distance_transform_sq(MaskView mask, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "distance_transform_sq: negative size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width),
                 "distance_transform_sq: bad view");
  // Squared distances (at most width^2 + height^2) must fit in u32.
  LYSISQ_EXPECTS(mask.width <= 32767 && mask.height <= 32767, "distance_transform_sq: image too large");
  if (mask.empty()) return Image<u32>(mask.width, mask.height);
  switch (detail::stage_backend("distance_transform", b)) {
    case Backend::kCpu: return cpu::distance_transform_sq(mask);
    case Backend::kCuda: return distance_transform_sq_cuda(mask);
  }
  throw InternalError("distance_transform_sq: unknown backend");
}

}  // namespace lysisq
