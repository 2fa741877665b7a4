// SPDX-License-Identifier: MIT
// Device launcher of fill_holes (kernels/cuda/fill_holes.cu): a flood of the background from the
// image border (ops/fill_holes_op.hpp flood rules), repeated until a device flag reports no change.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda {

/// d_out = d_mask with every background region that is not 4-connected to the border filled
/// (0/1 masks, contiguous; d_out may equal d_mask). Scratch: one byte per pixel from ws.
/// Synchronises `stream` once per round of flood passes (it reads the change flag).
void fill_holes(const std::uint8_t* d_mask, std::uint8_t* d_out, int width, int height, Workspace& ws,
                cudaStream_t stream);

}  // namespace lysisq::cuda
