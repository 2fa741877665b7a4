// SPDX-License-Identifier: MIT
// watershed: preconditions and backend dispatch only (algorithms in watershed_cpu.cpp and
// kernels/cuda/watershed.cu).
//
// Definition (exactly what both backends must produce; tests/unit/test_watershed.cpp holds a
// naive implementation of it as the oracle):
//  1. Mask pixels that carry a seed label (> 0) start with it; every other pixel starts at 0.
//  2. For each distinct dist_sq value L of the mask pixels, from highest to lowest: repeat
//     synchronous waves until one labels nothing. In a wave, every unlabelled mask pixel with
//     dist_sq >= L that has a labelled 8-neighbour (labelled before this wave) takes the smallest
//     such neighbour label (ops::watershed_wave_pixel).
//  3. Mask pixels still unlabelled lie in 8-connected mask components without a seed; each such
//     component becomes one object, labelled max_label + 1, ... in raster order of its first pixel,
//     so that no foreground object is lost.
// Pixels outside the mask are 0. Seed labels are kept (not renumbered); ties go to the smaller
// label, so renumbering seeds monotonically gives the same partition. This is skimage's
// `watershed(-dist, markers, mask=mask, connectivity=2)` up to the plateau/tie rule (skimage breaks
// ties by queue age).
#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "watershed_cpu.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#include "kernels/ops/watershed_relax_op.hpp"
#endif

namespace lysisq {
namespace {

LabelImage watershed_cuda(ImageView<const u32> dist_sq, const LabelImage& seeds, MaskView mask) {
#if LYSISQ_HAVE_CUDA
  // The GPU encodes the level D of a flooded pixel (mask, not a seed) as D + 1 in 32 bits
  // (ops/watershed_relax_op.hpp); distance transforms never come near the limit, but a caller's
  // own map might.
  for (int y = 0; y < mask.height; ++y)
    for (int x = 0; x < mask.width; ++x)
      LYSISQ_EXPECTS(!ops::reach_updates(mask.row(y)[x], seeds.at(x, y)) || dist_sq.row(y)[x] <= ops::kMaxRelaxLevel,
                     "watershed: a level above 4294967293 cannot be flooded on the GPU");
  LabelImage out(mask.width, mask.height);
  cuda::watershed(dist_sq.data, dist_sq.stride_px, seeds.data(), mask.data, mask.stride_px, out.data(), mask.width,
                  mask.height);
  return out;
#else
  (void)dist_sq, (void)seeds, (void)mask;
  throw CudaError("watershed: built without CUDA");
#endif
}

}  // namespace

LabelImage watershed(ImageView<const u32> dist_sq, const LabelImage& seeds, MaskView mask, Backend b) {
  LYSISQ_EXPECTS(mask.width >= 0 && mask.height >= 0, "watershed: negative size");
  LYSISQ_EXPECTS(dist_sq.width == mask.width && dist_sq.height == mask.height,
                 "watershed: distance map and mask differ in size");
  LYSISQ_EXPECTS(seeds.width() == mask.width && seeds.height() == mask.height, "watershed: seeds and mask differ in size");
  LYSISQ_EXPECTS(mask.empty() || (mask.data != nullptr && mask.stride_px >= mask.width && dist_sq.data != nullptr &&
                                  dist_sq.stride_px >= dist_sq.width),
                 "watershed: bad view");
  LYSISQ_EXPECTS(mask.pixel_count() < std::size_t(1) << 31, "watershed: image too large for int32 pixel indices");
  if (mask.empty()) return LabelImage(mask.width, mask.height);
  switch (detail::stage_backend("watershed", b)) {
    case Backend::kCpu: return cpu::watershed(dist_sq, seeds, mask);
    case Backend::kCuda: return watershed_cuda(dist_sq, seeds, mask);
  }
  throw InternalError("watershed: unknown backend");
}

}  // namespace lysisq
