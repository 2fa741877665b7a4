// SPDX-License-Identifier: MIT
// Device-pointer launcher of the exact squared Euclidean distance transform (edt.cu).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda {

/// d_out[i] = squared distance of pixel i to the nearest background pixel (pixels outside the
/// image are background), 0 on background: the CPU twin's integers exactly. Contiguous buffers;
/// d_out must not alias d_mask. Scratch from `ws`: 4 bytes per pixel. No synchronisation.
void distance_transform_sq(const std::uint8_t* d_mask, int width, int height, std::uint32_t* d_out, Workspace& ws,
                           cudaStream_t stream);

}  // namespace lysisq::cuda
