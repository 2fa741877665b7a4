// SPDX-License-Identifier: MIT
// The stage table (ninja style: one static array, no self-registration) and the CPU-fallback rule
// that every dispatcher applies through detail::stage_backend().
#include <array>
#include <atomic>
#include <cstdio>
#include <string>

#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"

namespace lysisq {
namespace {

// has_cuda: this binary holds a kernel for the stage (so a CPU-only build lists none).
#if LYSISQ_HAVE_CUDA
constexpr bool kCudaBuilt = true;
#else
constexpr bool kCudaBuilt = false;
#endif

// Pipeline order. has_cuda turns true stage by stage as kernels/cuda/<stage>.cu lands.
constexpr StageInfo kStages[] = {
    {"background", "white top-hat background removal (square opening)", kCudaBuilt, "segmentation.background"},
    {"smooth", "separable Gaussian smoothing", kCudaBuilt, "segmentation.smooth"},
    {"threshold", "global threshold (Otsu/Li/triangle/manual) on the 16-bit histogram", kCudaBuilt,
     "segmentation.threshold"},
    {"fill_holes", "fill background regions enclosed by an object", kCudaBuilt, "segmentation.fill_holes"},
    {"size_filter", "drop objects outside [min_area_px, max_area_px]", kCudaBuilt, "segmentation.size"},
    {"distance_transform", "exact squared Euclidean distance transform", kCudaBuilt, "segmentation.split_touching"},
    {"seeds", "seed markers from distance-map maxima", kCudaBuilt, "segmentation.seeds"},
    {"watershed", "marker-controlled watershed on the distance map", kCudaBuilt, "segmentation.split_touching"},
    {"label", "connected components, labels 1..N in raster order", kCudaBuilt, "segmentation.connectivity"},
    {"measure", "per-object area, moments and channel intensity sums", kCudaBuilt, "channels"},
};
constexpr std::size_t kStageCount = std::size(kStages);

}  // namespace

std::span<const StageInfo> stage_registry() { return kStages; }

namespace detail {

Backend stage_backend(std::string_view stage, Backend requested) {
  std::size_t i = 0;
  while (i < kStageCount && kStages[i].name != stage) ++i;
  if (i == kStageCount) throw InternalError("stage_backend: stage '" + std::string(stage) + "' is not in the registry");
  if (requested == Backend::kCpu || kStages[i].has_cuda) return requested;
  // One line per stage per process: a plate run calls every stage once per field.
  static std::array<std::atomic<bool>, kStageCount> logged{};
  if (!logged[i].exchange(true))
    std::fprintf(stderr, "lysisq: stage '%.*s' has no CUDA implementation yet; running it on the CPU\n",
                 static_cast<int>(stage.size()), stage.data());
  return Backend::kCpu;
}

}  // namespace detail
}  // namespace lysisq
