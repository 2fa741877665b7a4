// SPDX-License-Identifier: MIT
// Device launchers of global thresholding (kernels/cuda/threshold.cu): 16-bit histogram, the
// threshold rules of ops/threshold_op.hpp evaluated in one block (no host round trip), and the
// mask. The threshold stays in device memory (d_t) for apply_threshold.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "api.hpp"
#include "check.cuh"

namespace lysisq::cuda {

/// Scratch a threshold selection takes from the workspace: 65536-bin histogram + two prefix arrays.
constexpr std::size_t kThresholdScratchBytes = 3 * 65536 * sizeof(unsigned long long) + 512;

/// Writes the threshold of d_in (n pixels, n > 0) to *d_t, following `spec` (incl. the optional
/// contrast guard). The selection runs on the device; nothing is copied back.
void select_threshold(const std::uint16_t* d_in, std::size_t n, const ThresholdSpec& spec,
                      std::uint16_t* d_t, Workspace& ws, cudaStream_t stream);

/// d_mask[i] = d_in[i] > *d_t (0/1).
void apply_threshold(const std::uint16_t* d_in, const std::uint16_t* d_t, std::uint8_t* d_mask,
                     std::size_t n, cudaStream_t stream);

}  // namespace lysisq::cuda
