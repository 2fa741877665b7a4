// SPDX-License-Identifier: MIT
// subtract_background: preconditions and backend dispatch only (algorithms in background_cpu.cpp and
// kernels/cuda/filters.cu).
#include "background_cpu.hpp"
#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

Image<u16> subtract_background_cuda(U16View img, const BackgroundParams& p) {
#if LYSISQ_HAVE_CUDA
  if (p.method == BackgroundMethod::kNone) return to_image(img);
  Image<u16> out(img.width, img.height);
  cuda::subtract_background(img.data, img.stride_px, out.data(), img.width, img.height, p.radius_px);
  return out;
#else
  (void)img, (void)p;
  throw CudaError("subtract_background: built without CUDA");
#endif
}

}  // namespace

Image<u16> subtract_background(U16View img, const BackgroundParams& p, Backend b) {
  LYSISQ_EXPECTS(img.width >= 0 && img.height >= 0, "subtract_background: negative size");
  LYSISQ_EXPECTS(img.empty() || (img.data != nullptr && img.stride_px >= img.width), "subtract_background: bad view");
  LYSISQ_EXPECTS(p.method == BackgroundMethod::kNone || p.method == BackgroundMethod::kTophat,
                 "subtract_background: unknown method");
  LYSISQ_EXPECTS(p.radius_px >= 0 && p.radius_px <= (1 << 20), "subtract_background: radius_px out of range");
  if (img.empty()) return Image<u16>(img.width, img.height);
  switch (detail::stage_backend("background", b)) {
    case Backend::kCpu: return cpu::subtract_background(img, p);
    case Backend::kCuda: return subtract_background_cuda(img, p);
  }
  throw InternalError("subtract_background: unknown backend");
}

}  // namespace lysisq
