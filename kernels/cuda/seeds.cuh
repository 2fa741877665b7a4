// SPDX-License-Identifier: MIT
// Device-pointer launcher of find_seeds (seeds.cu).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda {

/// find_seeds of src/stages/seeds.cpp, exactly: plateaus of D equal to their (2 radius + 1)^2
/// window maximum, dropped by the dynamic (h) test, labelled 1..N in raster order into d_labels;
/// returns N. radius >= 1 (the caller's max(1, floor(min_distance_px))); h_px <= 0 keeps every
/// plateau. Contiguous buffers. Scratch from `ws`: about 9 bytes per pixel, plus 20 bytes per
/// foreground pixel (D > 0) and CUB's sort storage when h_px > 0.
/// Host round trips (small): the plateau and foreground counts, one fail level per plateau, and
/// the rank prefix per distinct fail level; then two launches per distinct fail level.
int find_seeds(const std::uint32_t* d_dist, int width, int height, int radius, double h_px, std::int32_t* d_labels,
               Workspace& ws, cudaStream_t stream);

}  // namespace lysisq::cuda
