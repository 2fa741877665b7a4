// SPDX-License-Identifier: MIT
// fill_holes on the device: background pixels on the border start "reached"; 32x32 tiles flood
// inside shared memory until locally stable, and whole-image passes repeat until no tile changes.
// Alternate passes walk the tiles in reverse order, so a flood crosses many tiles per pass in
// either direction. Equal to the CPU twin (CCL of the background + border test) because both
// compute the background 4-connected to the border (ops::flood_step is monotone).
#include "api.hpp"
#include "fill_holes.cuh"
#include "kernels/ops/fill_holes_op.hpp"

namespace lysisq::cuda {
namespace {

using u8 = std::uint8_t;
constexpr int kTile = 32;
constexpr int kPassesPerCheck = 4;  // flood passes between two reads of the change flag

__global__ void flood_init_kernel(const u8* mask, u8* st, int width, int height) {
  const std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (i >= std::size_t(width) * std::size_t(height)) return;
  const int x = static_cast<int>(i % std::size_t(width)), y = static_cast<int>(i / std::size_t(width));
  st[i] = ops::flood_init(mask[i], x, y, width, height);
}

__device__ u8 state_at(const u8* st, int x, int y, int width, int height) {
  const bool inside = x >= 0 && y >= 0 && x < width && y < height;
  return inside ? st[std::size_t(y) * width + x] : u8(ops::kFloodFore);
}

// One 32x32 tile plus a one-pixel halo (other tiles' pixels, read once). Other blocks may write
// the halo concurrently; a stale read only delays the flood, and a pass in which no block writes
// anything read only final values, which is what the change flag certifies.
__global__ void __launch_bounds__(kTile * kTile) flood_tile_kernel(u8* st, int width, int height, int reverse,
                                                                  int* changed) {
  __shared__ u8 t[kTile + 2][kTile + 2];
  const int bx = reverse ? int(gridDim.x - 1 - blockIdx.x) : int(blockIdx.x);
  const int by = reverse ? int(gridDim.y - 1 - blockIdx.y) : int(blockIdx.y);
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int x = bx * kTile + tx, y = by * kTile + ty;
  t[ty + 1][tx + 1] = state_at(st, x, y, width, height);
  if (ty == 0) t[0][tx + 1] = state_at(st, x, y - 1, width, height);
  if (ty == kTile - 1) t[kTile + 1][tx + 1] = state_at(st, x, y + 1, width, height);
  if (tx == 0) t[ty + 1][0] = state_at(st, x - 1, y, width, height);
  if (tx == kTile - 1) t[ty + 1][kTile + 1] = state_at(st, x + 1, y, width, height);
  __syncthreads();
  bool mine = false;
  for (;;) {
    const u8 self = t[ty + 1][tx + 1];
    const u8 next = ops::flood_step(self, t[ty][tx + 1], t[ty + 2][tx + 1], t[ty + 1][tx], t[ty + 1][tx + 2]);
    __syncthreads();  // everyone has read before anyone writes
    const bool c = next != self;
    if (c) t[ty + 1][tx + 1] = next, mine = true;
    if (!__syncthreads_or(c)) break;
  }
  if (mine) st[std::size_t(y) * width + x] = t[ty + 1][tx + 1];  // only in-image pixels can change
  if (__syncthreads_or(mine) && tx == 0 && ty == 0) *changed = 1;
}

__global__ void fill_result_kernel(const u8* mask, const u8* st, u8* out, std::size_t n) {
  const std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = ops::fill_hole_pixel(mask[i], st[i] == ops::kFloodReached);
}

}  // namespace

void fill_holes(const u8* d_mask, u8* d_out, int width, int height, Workspace& ws, cudaStream_t s) {
  const std::size_t n = std::size_t(width) * std::size_t(height);
  const dim3 tiles(unsigned((width + kTile - 1) / kTile), unsigned((height + kTile - 1) / kTile));
  if (tiles.y > 65535u) throw CudaError("fill_holes: image taller than 2,097,120 px");
  Workspace::Scope scope(ws);
  u8* st = ws.take<u8>(n);
  int* d_changed = ws.take<int>(1);
  int* h_changed = ws.pinned_ints();
  flood_init_kernel<<<grid_1d(n), 256, 0, s>>>(d_mask, st, width, height);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
  // Every productive pass reaches at least one more pixel, so n + 1 rounds always suffice.
  for (std::size_t round = 0; round <= n; ++round) {
    LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_changed, 0, sizeof(int), s));
    for (int p = 0; p < kPassesPerCheck; ++p) {
      flood_tile_kernel<<<tiles, dim3(kTile, kTile), 0, s>>>(st, width, height, p & 1, d_changed);
      LYSISQ_CUDA_CHECK_LAUNCH(s);
    }
    LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_changed, d_changed, sizeof(int), cudaMemcpyDeviceToHost, s));
    LYSISQ_CUDA_CHECK(cudaStreamSynchronize(s));
    if (*h_changed == 0) break;
  }
  fill_result_kernel<<<grid_1d(n), 256, 0, s>>>(d_mask, st, d_out, n);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
}

// ---- host-pointer launcher (api.hpp) ----

void fill_holes(const u8* mask, std::ptrdiff_t mask_stride_px, u8* out, int width, int height) {
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  const std::size_t n = std::size_t(width) * std::size_t(height);
  Workspace::Scope scope(ctx.ws);
  u8* d_mask = ctx.ws.take<u8>(n);
  upload_2d(mask, mask_stride_px, d_mask, width, height, s);
  fill_holes(d_mask, d_mask, width, height, ctx.ws, s);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(out, d_mask, n, cudaMemcpyDeviceToHost, s));
  ctx.stream.sync();
}

}  // namespace lysisq::cuda
