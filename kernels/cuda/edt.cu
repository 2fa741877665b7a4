// SPDX-License-Identifier: MIT
// Exact squared EDT on the GPU, separable like the CPU twin: the column pass is ops::edt_column
// (one thread per column: coalesced, since neighbouring threads read neighbouring columns); the
// row pass is ops::edt_row_pixel (one thread per pixel, work proportional to the pixel's
// distance, none on background), which gives the same integers as the CPU's lower envelope.
#include "api.hpp"
#include "edt.cuh"
#include "kernels/ops/distance_transform_op.hpp"
#include "kernels/ops/edt_pixel_op.hpp"
#include "regions.cuh"

namespace lysisq::cuda {
namespace {

__global__ void column_kernel(const std::uint8_t* mask, int width, int height, std::uint32_t* g) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  if (x < width) ops::edt_column(mask + x, width, height, g + x, width);
}

__global__ void row_kernel(const std::uint32_t* g, int width, int height, std::uint32_t* out) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= width || y >= height) return;
  const std::ptrdiff_t row = std::ptrdiff_t(y) * width;
  out[row + x] = ops::edt_row_pixel(g + row, width, x);
}

}  // namespace

void distance_transform_sq(const std::uint8_t* d_mask, int width, int height, std::uint32_t* d_out, Workspace& ws,
                           cudaStream_t stream) {
  if (width <= 0 || height <= 0) return;
  Workspace::Scope scope(ws);
  std::uint32_t* g = ws.take<std::uint32_t>(std::size_t(width) * std::size_t(height));
  // 64 threads per block: an image 2048 wide still spreads its columns over 32 SMs.
  column_kernel<<<static_cast<unsigned>((width + 63) / 64), 64, 0, stream>>>(d_mask, width, height, g);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  row_kernel<<<detail::grid_2d(width, height), detail::block_2d(), 0, stream>>>(g, width, height, d_out);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
}

// ---- host-pointer launcher (api.hpp) ----

void distance_transform_sq(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::uint32_t* out, int width,
                           int height) {
  if (width <= 0 || height <= 0) return;
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  Workspace::Scope scope(ctx.ws);
  const std::uint8_t* d_mask = detail::upload_image(ctx.ws, mask, mask_stride_px, width, height);
  std::uint32_t* d_out = ctx.ws.take<std::uint32_t>(std::size_t(width) * std::size_t(height));
  distance_transform_sq(d_mask, width, height, d_out, ctx.ws, s);
  detail::download_sync(out, d_out, std::size_t(width) * std::size_t(height), s);
}

}  // namespace lysisq::cuda
