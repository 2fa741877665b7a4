// SPDX-License-Identifier: MIT
// Device-pointer launcher of the marker-controlled watershed (watershed.cu).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda {

/// The watershed of src/stages/watershed.cpp, exactly: seeds are kept, ties go to the smaller
/// label, unseeded mask components become max seed label + 1, ... in raster order. Contiguous
/// buffers; d_labels may be d_seeds. Scratch from `ws`: 16 bytes per pixel (plus, only when a
/// mask component has no seed, 4 bytes per pixel and CUB's scan storage to label those).
/// Synchronises `stream` once per relaxation pass (it reads a changed-flag back each pass).
void watershed(const std::uint32_t* d_dist, const std::int32_t* d_seeds, const std::uint8_t* d_mask, int width,
               int height, std::int32_t* d_labels, Workspace& ws, cudaStream_t stream);

}  // namespace lysisq::cuda
