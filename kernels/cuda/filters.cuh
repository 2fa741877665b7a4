// SPDX-License-Identifier: MIT
// Device launchers of the intensity filters (kernels/cuda/filters.cu): the grey opening of the
// white top-hat (van Herk / Gil-Werman, ops/background_op.hpp) and the Gaussian (ops/smooth_op.hpp)
// with the top-hat subtraction fused into its first pass. All images contiguous (stride = width).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <vector>

#include "check.cuh"

namespace lysisq::cuda {

/// d_open = opening of d_in by the (2r+1)^2 square with clipped windows (r >= 0). Scratch from
/// ws: two u16 images plus at most 4 bytes per pixel of van Herk buffers.
void opening(const std::uint16_t* d_in, std::uint16_t* d_open, int width, int height, int radius_px,
             Workspace& ws, cudaStream_t stream);

/// d_out[i] = d_in[i] - d_sub[i] (ops::tophat_pixel; d_sub <= d_in pixelwise).
void tophat_subtract(const std::uint16_t* d_in, const std::uint16_t* d_sub, std::uint16_t* d_out,
                     std::size_t n, cudaStream_t stream);

/// Half kernel w[0..radius] of ops::gaussian_half_kernel, computed on the host (as the CPU twin
/// does, so the float weights are bit-identical) and kept on the device.
struct GaussianTaps {
  double sigma = -1.0;
  int radius = 0;
  DeviceBuffer<float> d_w;
  /// Uploads the weights for `sigma` unless they are already there (synchronises `stream` then).
  void prepare(double sigma_px, cudaStream_t stream);
};

/// d_out = round(Gaussian(d_in - d_sub)) (d_sub may be null: plain Gaussian). taps.prepare()
/// must have been called; sigma 0 (radius 0) still works (copies / subtracts). Scratch: a float
/// image from ws.
void smooth(const std::uint16_t* d_in, const std::uint16_t* d_sub, std::uint16_t* d_out, int width,
            int height, const GaussianTaps& taps, Workspace& ws, cudaStream_t stream);

}  // namespace lysisq::cuda
