// SPDX-License-Identifier: MIT
// Connected components on the GPU: union-find over the whole image with ops::merge_pixel and an
// atomicMin policy (Playne & Hawick's direct merge; the BUF/BKE family without the block-local
// shared-memory pass), flatten by pointer jumping, then raster-order numbering by an exclusive
// scan over root flags (roots are each component's first pixel, see ops/ccl_relabel_op.hpp).
// Size filtering counts areas per root with run-aggregated atomics.
#include <cub/device/device_scan.cuh>

#include "api.hpp"
#include "ccl.cuh"
#include "kernels/ops/ccl_relabel_op.hpp"
#include "kernels/ops/size_filter_op.hpp"
#include "regions.cuh"

namespace lysisq::cuda {
namespace {

using detail::DeviceAtomics;

__global__ void init_kernel(const std::uint8_t* mask, int width, int height, std::int32_t* parent) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= width || y >= height) return;
  const std::int32_t i = y * width + x;
  parent[i] = ops::ccl_init_pixel(mask[i], i);
}

__global__ void merge_kernel(const std::uint8_t* mask, int width, int height, bool eight, std::int32_t* parent) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= width || y >= height) return;
  const ops::CclGrid g{mask, width, width, height};
  ops::merge_pixel<DeviceAtomics>(g, ops::CclBox{0, 0, width, height}, eight, x, y, parent);
}

__global__ void flatten_kernel(std::int32_t* parent, std::int32_t n) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) parent[i] = ops::ccl_flatten_pixel(parent, i);
}

__global__ void root_flag_kernel(const std::int32_t* parent, std::int32_t n, std::int32_t* flags) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) flags[i] = ops::ccl_root_flag(parent, i);
}

/// N = exclusive scan of the last pixel + its own root flag (read before the labels overwrite
/// the forest).
__global__ void count_kernel(const std::int32_t* parent, const std::int32_t* scan, std::int32_t n, int* count) {
  if (blockIdx.x == 0 && threadIdx.x == 0 && n > 0) *count = scan[n - 1] + ops::ccl_root_flag(parent, n - 1);
}

/// In place: each thread reads only its own forest entry and the scan.
__global__ void final_label_kernel(std::int32_t* labels, const std::int32_t* scan, std::int32_t n) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) labels[i] = ops::ccl_final_label(labels[i], scan);
}

__global__ void area_kernel(const std::int32_t* roots, detail::Segments segs, std::int32_t* area) {
  const std::int64_t seg = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (seg >= segs.count) return;
  int y, x0, x1;
  detail::segment_bounds(segs, seg, &y, &x0, &x1);
  ops::count_runs<DeviceAtomics>(roots + std::ptrdiff_t(y) * segs.width, x0, x1, area);
}

__global__ void keep_kernel(const std::int32_t* roots, const std::int32_t* area, std::int32_t n, int min_area,
                            int max_area, std::uint8_t* out) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const std::int32_t r = roots[i];
  out[i] = r == ops::kNoParent ? 0 : ops::keep_area(area[r], min_area, max_area);
}

std::int32_t pixel_count(int width, int height) { return static_cast<std::int32_t>(std::size_t(width) * std::size_t(height)); }

}  // namespace

void component_roots(const std::uint8_t* d_mask, int width, int height, bool eight, std::int32_t* d_roots,
                     cudaStream_t stream) {
  if (width <= 0 || height <= 0) return;
  const std::int32_t n = pixel_count(width, height);
  init_kernel<<<detail::grid_2d(width, height), detail::block_2d(), 0, stream>>>(d_mask, width, height, d_roots);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  merge_kernel<<<detail::grid_2d(width, height), detail::block_2d(), 0, stream>>>(d_mask, width, height, eight,
                                                                                  d_roots);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  flatten_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(d_roots, n);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
}

void label_components(const std::uint8_t* d_mask, int width, int height, bool eight, std::int32_t* d_labels,
                      int* d_count, Workspace& ws, cudaStream_t stream, std::int32_t* d_scan) {
  if (width <= 0 || height <= 0) return;
  Workspace::Scope scope(ws);
  const std::int32_t n = pixel_count(width, height);
  component_roots(d_mask, width, height, eight, d_labels, stream);
  std::int32_t* scan = d_scan ? d_scan : ws.take<std::int32_t>(std::size_t(n));
  root_flag_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(d_labels, n, scan);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  std::size_t temp_bytes = 0;
  LYSISQ_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(nullptr, temp_bytes, scan, n, stream));
  void* temp = ws.take_bytes(temp_bytes);
  LYSISQ_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(temp, temp_bytes, scan, n, stream));
  if (d_count) {
    count_kernel<<<1, 32, 0, stream>>>(d_labels, scan, n, d_count);
    LYSISQ_CUDA_CHECK_LAUNCH(stream);
  }
  final_label_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(d_labels, scan, n);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
}

void filter_size(const std::uint8_t* d_mask, int width, int height, bool eight, int min_area_px, int max_area_px,
                 std::uint8_t* d_out, Workspace& ws, cudaStream_t stream) {
  if (width <= 0 || height <= 0) return;
  Workspace::Scope scope(ws);
  const std::int32_t n = pixel_count(width, height);
  std::int32_t* roots = ws.take<std::int32_t>(std::size_t(n));
  std::int32_t* area = ws.take<std::int32_t>(std::size_t(n));
  component_roots(d_mask, width, height, eight, roots, stream);
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(area, 0, std::size_t(n) * sizeof(std::int32_t), stream));
  const detail::Segments segs = detail::row_segments(width, height);
  area_kernel<<<grid_1d(std::size_t(segs.count), 64), 64, 0, stream>>>(roots, segs, area);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  keep_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(roots, area, n, min_area_px, max_area_px, d_out);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
}

// ---- host-pointer launchers (api.hpp) ----

int label_components(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::int32_t* labels, int width,
                     int height, int connectivity) {
  if (width <= 0 || height <= 0) return 0;
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  Workspace::Scope scope(ctx.ws);
  const std::uint8_t* d_mask = detail::upload_image(ctx.ws, mask, mask_stride_px, width, height);
  std::int32_t* d_labels = ctx.ws.take<std::int32_t>(std::size_t(width) * std::size_t(height));
  int* d_count = ctx.ws.take<int>(1);
  label_components(d_mask, width, height, connectivity == 8, d_labels, d_count, ctx.ws, s);
  int* h_count = ctx.ws.pinned_ints();
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_count, d_count, sizeof(int), cudaMemcpyDeviceToHost, s));
  detail::download_sync(labels, d_labels, std::size_t(width) * std::size_t(height), s);
  return *h_count;
}

void filter_size(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::uint8_t* out, int width, int height,
                 int connectivity, int min_area_px, int max_area_px) {
  if (width <= 0 || height <= 0) return;
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  Workspace::Scope scope(ctx.ws);
  std::uint8_t* d_mask = detail::upload_image(ctx.ws, mask, mask_stride_px, width, height);
  filter_size(d_mask, width, height, connectivity == 8, min_area_px, max_area_px, d_mask, ctx.ws, s);
  detail::download_sync(out, d_mask, std::size_t(width) * std::size_t(height), s);
}

}  // namespace lysisq::cuda
