// SPDX-License-Identifier: MIT
// smooth: preconditions and backend dispatch only (algorithms in smooth_cpu.cpp and
// kernels/cuda/filters.cu).
#include <cmath>

#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "smooth_cpu.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

Image<u16> smooth_cuda(U16View img, const SmoothParams& p) {
#if LYSISQ_HAVE_CUDA
  Image<u16> out(img.width, img.height);
  cuda::smooth(img.data, img.stride_px, out.data(), img.width, img.height, p.sigma_px);
  return out;
#else
  (void)img, (void)p;
  throw CudaError("smooth: built without CUDA");
#endif
}

}  // namespace

Image<u16> smooth(U16View img, const SmoothParams& p, Backend b) {
  LYSISQ_EXPECTS(img.width >= 0 && img.height >= 0, "smooth: negative size");
  LYSISQ_EXPECTS(img.empty() || (img.data != nullptr && img.stride_px >= img.width), "smooth: bad view");
  LYSISQ_EXPECTS(std::isfinite(p.sigma_px) && p.sigma_px >= 0.0 && p.sigma_px <= 1000.0,
                 "smooth: sigma_px must be in [0, 1000]");
  if (img.empty()) return Image<u16>(img.width, img.height);
  switch (detail::stage_backend("smooth", b)) {
    case Backend::kCpu: return cpu::smooth(img, p);
    case Backend::kCuda: return smooth_cuda(img, p);
  }
  throw InternalError("smooth: unknown backend");
}

}  // namespace lysisq
