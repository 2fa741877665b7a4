// SPDX-License-Identifier: MIT
// Intensity filters on the device: the top-hat's grey opening (van Herk / Gil-Werman column
// passes; rows go through a tiled transpose so every pass reads coalesced columns) and the
// separable Gaussian. Kernels only index and bounds-check; the rules are kernels/ops.
#include <algorithm>
#include <vector>

#include "api.hpp"
#include "filters.cuh"
#include "kernels/ops/background_op.hpp"
#include "kernels/ops/smooth_op.hpp"

namespace lysisq::cuda {
namespace {

using u16 = std::uint16_t;
constexpr unsigned kThreads = 256;

// Thread t handles van Herk block t / cols of column x0 + t % cols of a chunk of `cols` columns;
// g and h hold the chunk's padded columns, row-major with stride cols (coalesced across x).
template <class Op>
__global__ void vhgw_blocks_kernel(const u16* in, int width, int x0, int cols, int n, int r,
                                   std::size_t nblocks, u16* g, u16* h) {
  const std::size_t t = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (t >= nblocks * std::size_t(cols)) return;
  const int cx = static_cast<int>(t % std::size_t(cols));
  const int b = static_cast<int>(t / std::size_t(cols));
  ops::vhgw_block<Op>(in + x0 + cx, width, n, r, b * (2 * r + 1), g + cx, h + cx, cols);
}

template <class Op>
__global__ void vhgw_window_kernel(const u16* g, const u16* h, int width, int x0, int cols, int n, int r,
                                   u16* out) {
  const std::size_t t = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (t >= std::size_t(n) * std::size_t(cols)) return;
  const int cx = static_cast<int>(t % std::size_t(cols));
  const int i = static_cast<int>(t / std::size_t(cols));
  out[std::size_t(i) * std::size_t(width) + std::size_t(x0 + cx)] = ops::vhgw_window<Op>(g + cx, h + cx, cols, i, r);
}

// 32x32 tiles through shared memory (+1 column of padding against bank conflicts).
__global__ void transpose_kernel(const u16* in, u16* out, int width, int height) {
  __shared__ u16 tile[32][33];
  int x = blockIdx.x * 32 + threadIdx.x, y = blockIdx.y * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8)
    if (x < width && y + j < height) tile[threadIdx.y + j][threadIdx.x] = in[std::size_t(y + j) * width + x];
  __syncthreads();
  x = blockIdx.y * 32 + threadIdx.x;
  y = blockIdx.x * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8)
    if (x < height && y + j < width) out[std::size_t(y + j) * height + x] = tile[threadIdx.x][threadIdx.y + j];
}

__global__ void tophat_kernel(const u16* in, const u16* sub, u16* out, std::size_t n) {
  const std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = ops::tophat_pixel(in[i], sub[i]);
}

// One block covers kThreads pixels of a row; the row segment plus `radius` reflect-101 samples
// each side is staged in shared memory, so ops::gaussian_taps reads a contiguous padded line
// exactly as the CPU twin does. sub (optional) is the opening: the top-hat is fused in here.
__global__ void gauss_rows_kernel(const u16* in, const u16* sub, float* tmp, int width, int height,
                                  const float* w, int radius) {
  extern __shared__ float line[];
  const int x0 = static_cast<int>(blockIdx.x * blockDim.x);
  const int span = static_cast<int>(blockDim.x) + 2 * radius;
  for (int y = blockIdx.y; y < height; y += gridDim.y) {
    const u16* row = in + std::size_t(y) * width;
    const u16* srow = sub ? sub + std::size_t(y) * width : nullptr;
    for (int j = threadIdx.x; j < span; j += blockDim.x) {
      const int p = ops::reflect101(x0 - radius + j, width);
      line[j] = float(srow ? ops::tophat_pixel(row[p], srow[p]) : row[p]);
    }
    __syncthreads();
    const int x = x0 + static_cast<int>(threadIdx.x);
    if (x < width) tmp[std::size_t(y) * width + x] = ops::gaussian_taps(line + radius + threadIdx.x, w, radius);
    __syncthreads();  // the next row reuses `line`
  }
}

// Column pass in the CPU twin's order: centre, then i = 1 .. radius (up + down), then rounding.
__global__ void gauss_cols_kernel(const float* tmp, u16* out, int width, int height, const float* w, int radius) {
  const std::size_t t = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (t >= std::size_t(width) * std::size_t(height)) return;
  const int x = static_cast<int>(t % std::size_t(width)), y = static_cast<int>(t / std::size_t(width));
  const float* col = tmp + x;
  auto at = [&](int yy) { return col[std::size_t(ops::reflect101(yy, height)) * width]; };
  float acc = ops::gaussian_centre(w[0], at(y));
  for (int i = 1; i <= radius; ++i) acc = ops::gaussian_tap_step(acc, w[i], at(y - i), at(y + i));
  out[t] = ops::round_to_u16(acc);
}

// Van Herk column pass over all columns, chunked so that g + h stay within 4 bytes per pixel.
template <class Op>
void column_pass(const u16* d_in, u16* d_out, int width, int n, int r, Workspace& ws, cudaStream_t s) {
  r = std::min(r, n - 1);  // a window of radius >= n - 1 already clips to the whole column
  const int k = 2 * r + 1, m = n + 2 * r;
  const std::size_t nblocks = std::size_t((m + k - 1) / k);
  const std::size_t budget = std::size_t(width) * std::size_t(n);  // u16 elements per scratch array
  int cols = static_cast<int>(std::min<std::size_t>(std::size_t(width), std::max<std::size_t>(32, budget / std::size_t(m))));
  Workspace::Scope scope(ws);
  u16* g = ws.take<u16>(std::size_t(m) * std::size_t(cols));
  u16* h = ws.take<u16>(std::size_t(m) * std::size_t(cols));
  for (int x0 = 0; x0 < width; x0 += cols) {
    const int c = std::min(cols, width - x0);
    vhgw_blocks_kernel<Op><<<grid_1d(nblocks * std::size_t(c)), kThreads, 0, s>>>(d_in, width, x0, c, n, r, nblocks, g, h);
    LYSISQ_CUDA_CHECK_LAUNCH(s);
    vhgw_window_kernel<Op><<<grid_1d(std::size_t(n) * std::size_t(c)), kThreads, 0, s>>>(g, h, width, x0, c, n, r, d_out);
    LYSISQ_CUDA_CHECK_LAUNCH(s);
  }
}

void transpose(const u16* d_in, u16* d_out, int width, int height, cudaStream_t s) {
  const dim3 grid(unsigned((width + 31) / 32), unsigned((height + 31) / 32));
  if (grid.y > 65535u) throw CudaError("transpose: image taller than 2,097,120 px");
  transpose_kernel<<<grid, dim3(32, 8), 0, s>>>(d_in, d_out, width, height);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
}

}  // namespace

void opening(const u16* d_in, u16* d_open, int width, int height, int radius_px, Workspace& ws, cudaStream_t s) {
  const std::size_t n = std::size_t(width) * std::size_t(height);
  Workspace::Scope scope(ws);
  u16* a = ws.take<u16>(n);
  u16* b = ws.take<u16>(n);
  column_pass<ops::MinOp>(d_in, a, width, height, radius_px, ws, s);  // erode columns
  transpose(a, b, width, height, s);                                   // b: height x width
  column_pass<ops::MinOp>(b, a, height, width, radius_px, ws, s);     // erode rows
  column_pass<ops::MaxOp>(a, b, height, width, radius_px, ws, s);     // dilate rows
  transpose(b, a, height, width, s);                                   // a: width x height again
  column_pass<ops::MaxOp>(a, d_open, width, height, radius_px, ws, s);  // dilate columns
}

void tophat_subtract(const u16* d_in, const u16* d_sub, u16* d_out, std::size_t n, cudaStream_t s) {
  tophat_kernel<<<grid_1d(n), kThreads, 0, s>>>(d_in, d_sub, d_out, n);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
}

void GaussianTaps::prepare(double sigma_px, cudaStream_t stream) {
  if (sigma_px == sigma && d_w.get() != nullptr) return;
  radius = ops::gaussian_radius(sigma_px);
  std::vector<float> w(std::size_t(radius) + 1);
  ops::gaussian_half_kernel(sigma_px, radius, w.data());
  LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream));  // earlier kernels may still read d_w
  d_w.ensure(w.size());
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(d_w.get(), w.data(), w.size() * sizeof(float), cudaMemcpyHostToDevice, stream));
  LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream));  // w is a local
  sigma = sigma_px;
}

void smooth(const u16* d_in, const u16* d_sub, u16* d_out, int width, int height, const GaussianTaps& taps,
            Workspace& ws, cudaStream_t s) {
  const std::size_t n = std::size_t(width) * std::size_t(height);
  const std::size_t smem = (kThreads + 2 * std::size_t(taps.radius)) * sizeof(float);
  if (smem > 48 * 1024) throw CudaError("smooth: Gaussian radius too large for the device kernel");
  Workspace::Scope scope(ws);
  float* tmp = ws.take<float>(n);
  const dim3 grid(unsigned((width + int(kThreads) - 1) / int(kThreads)), unsigned(std::min(height, 65535)));
  gauss_rows_kernel<<<grid, kThreads, smem, s>>>(d_in, d_sub, tmp, width, height, taps.d_w.get(), taps.radius);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
  gauss_cols_kernel<<<grid_1d(n), kThreads, 0, s>>>(tmp, d_out, width, height, taps.d_w.get(), taps.radius);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
}

// ---- host-pointer launchers (api.hpp) ----

void subtract_background(const u16* in, std::ptrdiff_t in_stride_px, u16* out, int width, int height, int radius_px) {
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  const std::size_t n = std::size_t(width) * std::size_t(height);
  Workspace::Scope scope(ctx.ws);
  u16* d_in = ctx.ws.take<u16>(n);
  u16* d_open = ctx.ws.take<u16>(n);
  upload_2d(in, in_stride_px, d_in, width, height, s);
  opening(d_in, d_open, width, height, radius_px, ctx.ws, s);
  tophat_subtract(d_in, d_open, d_open, n, s);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(out, d_open, n * sizeof(u16), cudaMemcpyDeviceToHost, s));
  ctx.stream.sync();
}

void smooth(const u16* in, std::ptrdiff_t in_stride_px, u16* out, int width, int height, double sigma_px) {
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  thread_local GaussianTaps taps;
  taps.prepare(sigma_px, s);
  const std::size_t n = std::size_t(width) * std::size_t(height);
  Workspace::Scope scope(ctx.ws);
  u16* d_in = ctx.ws.take<u16>(n);
  u16* d_out = ctx.ws.take<u16>(n);
  upload_2d(in, in_stride_px, d_in, width, height, s);
  smooth(d_in, nullptr, d_out, width, height, taps, ctx.ws, s);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(out, d_out, n * sizeof(u16), cudaMemcpyDeviceToHost, s));
  ctx.stream.sync();
}

}  // namespace lysisq::cuda
