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
/// plateau. Contiguous buffers. Scratch from `ws`: 5 bytes per pixel at most (the candidate
/// mask, plus the row maxima, the CCL scan or the grouped pixel list in turn) and small arrays;
/// d_labels doubles as the union-find forest of the h test.
/// Host round trips (small): the plateau count, one fail level per plateau, the pixel count per
/// distinct fail level, the kept count; then two launches per distinct fail level.
int find_seeds(const std::uint32_t* d_dist, int width, int height, int radius, double h_px, std::int32_t* d_labels,
               Workspace& ws, cudaStream_t stream);

}  // namespace lysisq::cuda
