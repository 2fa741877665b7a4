// SPDX-License-Identifier: MIT
// find_seeds: preconditions and backend dispatch only (algorithms in seeds_cpu.cpp and
// kernels/cuda/seeds.cu).
//
// Definition (both backends; r = max(1, floor(min_distance_px)), D = dist_sq; r < 1 would make
// every foreground pixel a candidate, so 0 <= min_distance_px < 2 all mean a 3x3 test):
//  1. Candidates: pixels with D > 0 equal to the maximum of D over the (2r+1)^2 square around
//     them (clipped to the image). With r >= 1, 8-adjacent candidates have equal D, so the
//     8-connected components of candidates are plateaus of one height.
//     skimage: the peak mask of peak_local_max(sqrt(D), min_distance=r, exclude_border=False),
//     before its greedy spacing step, which is order-dependent and so not reproduced.
//  2. Dynamic (h) test: pixels are totally ordered by (D descending, raster index ascending). Let
//     t be a plateau's first pixel in raster order and S the highest value, over 8-paths through
//     foreground pixels (D > 0) from t to any pixel ordered before t, of the lowest D on the path.
//     The plateau is kept iff no such path exists or sqrt(D(t)) - sqrt(S) >= h_px.
//     skimage: h_maxima(sqrt(D), h_px) keeps maxima of dynamic >= h as well, but merges equal
//     maxima joined above the saddle into one marker; here raster order decides which one is
//     the higher, so exactly one of them can be dropped. S is a max-min (bottleneck) path value:
//     Only whether S >= L* (the lowest saddle that fails the h test) matters: the CPU floods
//     {D >= L*} from each top, the GPU unites that level set by rank (seeds_dynamic_op.hpp).
//  3. Kept plateaus are labelled 1..N in raster order (label_components, 8-conn).
#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "seeds_cpu.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

LabelImage find_seeds_cuda(ImageView<const u32> dist_sq, const SeedParams& p) {
#if LYSISQ_HAVE_CUDA
  LabelImage out(dist_sq.width, dist_sq.height);
  cuda::find_seeds(dist_sq.data, dist_sq.stride_px, out.data(), dist_sq.width, dist_sq.height, p.min_distance_px, p.h_px);
  return out;
#else
  (void)dist_sq, (void)p;
  throw CudaError("find_seeds: built without CUDA");
#endif
}

}  // namespace

LabelImage find_seeds(ImageView<const u32> dist_sq, const SeedParams& p, Backend b) {
  LYSISQ_EXPECTS(dist_sq.width >= 0 && dist_sq.height >= 0, "find_seeds: negative size");
  LYSISQ_EXPECTS(dist_sq.empty() || (dist_sq.data != nullptr && dist_sq.stride_px >= dist_sq.width),
                 "find_seeds: bad view");
  LYSISQ_EXPECTS(dist_sq.pixel_count() < std::size_t(1) << 31, "find_seeds: image too large for int32 pixel indices");
  LYSISQ_EXPECTS(p.min_distance_px >= 0.0 && p.min_distance_px < 1e6, "find_seeds: min_distance_px out of range");
  LYSISQ_EXPECTS(p.h_px >= 0.0, "find_seeds: h_px must be >= 0");
  if (dist_sq.empty()) return LabelImage(dist_sq.width, dist_sq.height);
  switch (detail::stage_backend("seeds", b)) {
    case Backend::kCpu: return cpu::find_seeds(dist_sq, p);
    case Backend::kCuda: return find_seeds_cuda(dist_sq, p);
  }
  throw InternalError("find_seeds: unknown backend");
}

}  // namespace lysisq
