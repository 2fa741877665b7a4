// SPDX-License-Identifier: MIT
// The synchronous-wave watershed of src/stages/watershed.cpp on the GPU, computed as two fixed
// points (ops/watershed_relax_op.hpp explains why they are the same function): phase 1 finds each
// pixel's flood level (a max-min path value from the seeds), phase 2 its wave number and label
// within that level. Both relax in 32 x 32 tiles held in shared memory: a block sweeps its tile
// until the tile is quiet, then writes it back; the host repeats passes until one changes
// nothing (one flag read per pass). The number of passes grows with how many tiles a flood
// crosses, not with the number of levels or waves, which is what a wave-per-launch scheme pays.
// Unseeded mask components are labelled with the GPU CCL at the end.
// Memory: one 4-byte plane of reach; the wave numbers reuse the distance plane (distances are
// read only by phase 1) and the unseeded pass reuses the mask, the reach and the distance planes,
// so the stage takes 4 bytes per pixel beyond its inputs.
#include "api.hpp"
#include "ccl.cuh"
#include "kernels/ops/watershed_relax_op.hpp"
#include "regions.cuh"
#include "watershed.cuh"

namespace lysisq::cuda {
namespace {

constexpr int kTile = 32;                   // tile side (pixels)
constexpr int kRows = 8;                    // thread rows per block: each thread owns kPerThread pixels
constexpr int kPerThread = kTile / kRows;
constexpr int kFrame = kTile + 2;           // tile plus a one-pixel halo
constexpr int kThreads = kTile * kRows;

/// Global position of the j-th pixel a thread owns (a column of its tile, every kRows rows).
struct Owned {
  int gx, gy;
  int lx, ly;  ///< in the frame (halo offset 1)
};
__device__ Owned owned(int j) {
  const int lx = threadIdx.x + 1, ly = threadIdx.y + j * kRows + 1;
  return {static_cast<int>(blockIdx.x) * kTile + lx - 1, static_cast<int>(blockIdx.y) * kTile + ly - 1, lx, ly};
}
__device__ bool inside(const Owned& o, int width, int height) { return o.gx < width && o.gy < height; }

// ---- phase 1: reach ----

__global__ void reach_init_kernel(const std::uint8_t* mask, const std::int32_t* seeds, std::int32_t n,
                                  std::uint32_t* reach, int* max_seed) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  reach[i] = ops::reach_init(mask[i], seeds[i]);
  if (reach[i] == ops::kReachSeed) atomicMax(max_seed, seeds[i]);
}

__global__ void __launch_bounds__(kThreads) reach_tile_kernel(const std::uint32_t* dist, const std::uint8_t* mask,
                                                              const std::int32_t* seeds, int width, int height,
                                                              std::uint32_t* reach, int* changed) {
  __shared__ std::uint32_t frame[kFrame * kFrame];
  const int fx0 = static_cast<int>(blockIdx.x) * kTile - 1, fy0 = static_cast<int>(blockIdx.y) * kTile - 1;
  for (int k = threadIdx.y * kTile + threadIdx.x; k < kFrame * kFrame; k += kThreads) {
    const int gx = fx0 + k % kFrame, gy = fy0 + k / kFrame;
    const bool in = gx >= 0 && gy >= 0 && gx < width && gy < height;
    frame[k] = in ? reach[std::ptrdiff_t(gy) * width + gx] : ops::kReachNone;
  }
  bool active[kPerThread];
  std::uint32_t level[kPerThread];
  for (int j = 0; j < kPerThread; ++j) {
    const Owned o = owned(j);
    const std::ptrdiff_t g = std::ptrdiff_t(o.gy) * width + o.gx;
    active[j] = inside(o, width, height) && ops::reach_updates(mask[g], seeds[g]);
    level[j] = active[j] ? dist[g] : 0u;
  }
  __syncthreads();
  bool any = false;
  for (;;) {  // Gauss-Seidel sweeps of the tile until one changes nothing
    bool ch = false;
    for (int j = 0; j < kPerThread; ++j) {
      if (!active[j]) continue;
      const Owned o = owned(j);
      const std::uint32_t v = ops::reach_update(frame, kFrame, kFrame, kFrame, o.lx, o.ly, level[j]);
      if (v != frame[o.ly * kFrame + o.lx]) frame[o.ly * kFrame + o.lx] = v, ch = true;
    }
    any = any || ch;
    if (!__syncthreads_or(ch)) break;
  }
  for (int j = 0; j < kPerThread && any; ++j) {
    const Owned o = owned(j);
    if (active[j]) reach[std::ptrdiff_t(o.gy) * width + o.gx] = frame[o.ly * kFrame + o.lx];
  }
  if (__syncthreads_or(any) && threadIdx.x == 0 && threadIdx.y == 0) *changed = 1;
}

// ---- phase 2: wave number and label ----

__global__ void order_init_kernel(const std::uint8_t* mask, const std::int32_t* seeds, const std::uint32_t* reach,
                                  std::int32_t n, std::uint32_t* len, std::int32_t* labels) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const ops::OrderState o = ops::order_init(mask[i], seeds[i], reach[i]);  // seeds[i] read before labels[i] is written
  len[i] = o.len;
  labels[i] = o.label;
}

struct OrderFrame {
  std::uint32_t reach[kFrame * kFrame];
  std::uint32_t len[kFrame * kFrame];
  std::int32_t label[kFrame * kFrame];
};

__global__ void __launch_bounds__(kThreads) order_tile_kernel(const std::uint32_t* reach, int width, int height,
                                                              std::uint32_t* len, std::int32_t* labels, int* changed) {
  __shared__ OrderFrame f;
  const int fx0 = static_cast<int>(blockIdx.x) * kTile - 1, fy0 = static_cast<int>(blockIdx.y) * kTile - 1;
  for (int k = threadIdx.y * kTile + threadIdx.x; k < kFrame * kFrame; k += kThreads) {
    const int gx = fx0 + k % kFrame, gy = fy0 + k / kFrame;
    const bool in = gx >= 0 && gy >= 0 && gx < width && gy < height;
    const std::ptrdiff_t g = std::ptrdiff_t(gy) * width + gx;
    f.reach[k] = in ? reach[g] : ops::kReachNone;
    f.len[k] = in ? len[g] : ops::kLenOut;
    f.label[k] = in ? labels[g] : 0;
  }
  __syncthreads();
  bool active[kPerThread];
  for (int j = 0; j < kPerThread; ++j) {
    const Owned o = owned(j);
    active[j] = inside(o, width, height) && ops::order_updates(f.len[o.ly * kFrame + o.lx]);
  }
  const ops::OrderView view{f.reach, f.len, f.label, kFrame, kFrame, kFrame};
  bool any = false;
  for (;;) {
    bool ch = false;
    for (int j = 0; j < kPerThread; ++j) {
      if (!active[j]) continue;
      const Owned o = owned(j);
      const int k = o.ly * kFrame + o.lx;
      const ops::OrderState s = ops::order_update(view, o.lx, o.ly);
      if (s.len != f.len[k] || s.label != f.label[k]) f.len[k] = s.len, f.label[k] = s.label, ch = true;
    }
    any = any || ch;
    if (!__syncthreads_or(ch)) break;
  }
  for (int j = 0; j < kPerThread && any; ++j) {
    const Owned o = owned(j);
    if (!active[j]) continue;
    const std::ptrdiff_t g = std::ptrdiff_t(o.gy) * width + o.gx;
    len[g] = f.len[o.ly * kFrame + o.lx];
    labels[g] = f.label[o.ly * kFrame + o.lx];
  }
  if (__syncthreads_or(any) && threadIdx.x == 0 && threadIdx.y == 0) *changed = 1;
}

// ---- unseeded components and the final labels ----

/// flags[0]: a reached pixel was left unlabelled (bug); flags[1]: unseeded mask pixels exist.
__global__ void check_kernel(const std::uint32_t* len, const std::uint8_t* mask, const std::uint32_t* reach,
                             std::int32_t n, int* flags) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  if (ops::order_unfinished(len[i])) flags[0] = 1;
  if (ops::unseeded_pixel(mask[i], reach[i])) flags[1] = 1;
}

/// In place: the mask becomes the mask of unseeded pixels (each thread reads only its own pixel).
__global__ void unseeded_kernel(std::uint8_t* mask, const std::uint32_t* reach, std::int32_t n) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) mask[i] = ops::unseeded_pixel(mask[i], reach[i]);
}

__global__ void final_kernel(const std::int32_t* extra, const int* max_seed, std::int32_t n, std::int32_t* labels) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) labels[i] = ops::watershed_final_label(labels[i], extra[i], *max_seed);
}

/// Launches `pass` until a pass reports no change. A pass that changes something moves some
/// pixel strictly towards its fixed point, so the loop ends; the cap only turns a bug into an
/// error instead of a hang.
template <class Pass>
void relax_until_quiet(Pass pass, int* d_changed, int* h_changed, std::int64_t cap, cudaStream_t stream,
                       const char* what) {
  for (std::int64_t i = 0;; ++i) {
    if (i > cap) throw InternalError(std::string("watershed: ") + what + " did not converge");
    LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_changed, 0, sizeof(int), stream));
    pass();
    LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_changed, d_changed, sizeof(int), cudaMemcpyDeviceToHost, stream));
    LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream));
    if (*h_changed == 0) return;
  }
}

}  // namespace

void watershed(std::uint32_t* d_dist, const std::int32_t* d_seeds, std::uint8_t* d_mask, int width, int height,
               std::int32_t* d_labels, Workspace& ws, cudaStream_t stream) {
  if (width <= 0 || height <= 0) return;
  Workspace::Scope scope(ws);
  const std::int32_t n = static_cast<std::int32_t>(std::size_t(width) * std::size_t(height));
  std::uint32_t* reach = ws.take<std::uint32_t>(std::size_t(n));
  int* d_ints = ws.take<int>(4);  // [0] changed, [1] max seed label, [2..3] check flags
  int* h_ints = ws.pinned_ints();
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_ints, 0, 4 * sizeof(int), stream));
  const unsigned blocks = grid_1d(std::size_t(n));
  const dim3 tiles(static_cast<unsigned>((width + kTile - 1) / kTile), static_cast<unsigned>((height + kTile - 1) / kTile));
  const std::int64_t cap = std::int64_t(n) + 16;

  reach_init_kernel<<<blocks, 256, 0, stream>>>(d_mask, d_seeds, n, reach, d_ints + 1);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  relax_until_quiet([&] {
    reach_tile_kernel<<<tiles, dim3(kTile, kRows), 0, stream>>>(d_dist, d_mask, d_seeds, width, height, reach, d_ints);
    LYSISQ_CUDA_CHECK_LAUNCH(stream);
  }, d_ints, h_ints, cap, stream, "flood levels");

  std::uint32_t* len = d_dist;  // the distances are done with: phase 1 has fixed every level
  order_init_kernel<<<blocks, 256, 0, stream>>>(d_mask, d_seeds, reach, n, len, d_labels);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  relax_until_quiet([&] {
    order_tile_kernel<<<tiles, dim3(kTile, kRows), 0, stream>>>(reach, width, height, len, d_labels, d_ints);
    LYSISQ_CUDA_CHECK_LAUNCH(stream);
  }, d_ints, h_ints, cap, stream, "waves");

  check_kernel<<<blocks, 256, 0, stream>>>(len, d_mask, reach, n, d_ints + 2);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_ints + 2, d_ints + 2, 2 * sizeof(int), cudaMemcpyDeviceToHost, stream));
  LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (h_ints[2] != 0) throw InternalError("watershed: a reached pixel has no label after relaxation");
  // A mask component can lack a seed even after find_seeds: a candidate window reaches across
  // the background, so a small component beside a higher one may have no maximum of its own.
  if (h_ints[3] == 0) return;

  // Unseeded components: the mask becomes their mask, the reach plane their labels and the
  // wave-number plane the labelling's scan.
  unseeded_kernel<<<blocks, 256, 0, stream>>>(d_mask, reach, n);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  std::int32_t* extra = reinterpret_cast<std::int32_t*>(reach);
  label_components(d_mask, width, height, /*eight=*/true, extra, nullptr, ws, stream,
                   reinterpret_cast<std::int32_t*>(len));
  final_kernel<<<blocks, 256, 0, stream>>>(extra, d_ints + 1, n, d_labels);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
}

// ---- host-pointer launcher (api.hpp) ----

void watershed(const std::uint32_t* dist_sq, std::ptrdiff_t dist_stride_px, const std::int32_t* seeds,
               const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::int32_t* labels, int width, int height) {
  if (width <= 0 || height <= 0) return;
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  Workspace::Scope scope(ctx.ws);
  std::uint32_t* d_dist = detail::upload_image(ctx.ws, dist_sq, dist_stride_px, width, height);  // consumed
  std::uint8_t* d_mask = detail::upload_image(ctx.ws, mask, mask_stride_px, width, height);      // consumed
  std::int32_t* d_labels = detail::upload_image(ctx.ws, seeds, width, width, height);
  watershed(d_dist, d_labels, d_mask, width, height, d_labels, ctx.ws, s);
  detail::download_sync(labels, d_labels, std::size_t(width) * std::size_t(height), s);
}

}  // namespace lysisq::cuda
