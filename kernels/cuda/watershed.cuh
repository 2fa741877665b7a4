// SPDX-License-Identifier: MIT
// Device-pointer launcher of the marker-controlled watershed (watershed.cu).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda {

/// The watershed of src/stages/watershed.cpp, exactly: seeds are kept, ties go to the smaller
/// label, unseeded mask components become max seed label + 1, ... in raster order. Contiguous
/// buffers; d_labels may be d_seeds. d_dist and d_mask are consumed: the stage uses them as
/// scratch and leaves them undefined. Scratch from `ws`: 4 bytes per pixel (plus CUB's scan
/// storage when a mask component has no seed). Synchronises `stream` once per relaxation pass
/// (it reads a changed-flag back each pass).
void watershed(std::uint32_t* d_dist, const std::int32_t* d_seeds, std::uint8_t* d_mask, int width, int height,
               std::int32_t* d_labels, Workspace& ws, cudaStream_t stream);

}  // namespace lysisq::cuda
