// SPDX-License-Identifier: MIT
// Device-pointer launchers of connected-component labelling and size filtering (ccl.cu), for
// the fused pipeline and the other region launchers. All buffers are contiguous (stride ==
// width), all work is enqueued on `stream`; nothing here synchronises.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda {

/// Union-find forest, flattened: d_roots[i] = raster index of the first pixel of i's component
/// (ops::kNoParent = -1 on background). `eight`: 8- or 4-connectivity. No scratch.
void component_roots(const std::uint8_t* d_mask, int width, int height, bool eight, std::int32_t* d_roots,
                     cudaStream_t stream);

/// Labels 1..N in raster order of each component's first pixel, 0 on background: the CPU
/// twin's numbering. Writes N to *d_count when d_count is not null (device memory).
/// Scratch: 4 bytes per pixel for the scan (d_scan when given, else from `ws`) plus CUB's scan
/// storage from `ws`.
void label_components(const std::uint8_t* d_mask, int width, int height, bool eight, std::int32_t* d_labels,
                      int* d_count, Workspace& ws, cudaStream_t stream, std::int32_t* d_scan = nullptr);

/// Keeps the components whose area lies in [min_area_px, max_area_px] (0/1 mask). d_out may be
/// d_mask. Scratch from `ws`: 8 bytes per pixel.
void filter_size(const std::uint8_t* d_mask, int width, int height, bool eight, int min_area_px, int max_area_px,
                 std::uint8_t* d_out, Workspace& ws, cudaStream_t stream);

}  // namespace lysisq::cuda
