// SPDX-License-Identifier: MIT
// Global thresholding on the device. The 65536-bin histogram uses warp-aggregated global atomics
// (the bins do not fit in shared memory, so CUB's privatised DeviceHistogram would fall back to
// global atomics too; aggregation absorbs the background mode, where most pixels collide). The
// threshold is then chosen by one 1024-thread block from inclusive prefix sums: every rule of
// ops/threshold_op.hpp becomes a per-bin score plus a first-maximum reduction, on the same
// integers and with the same double expressions as the CPU twin.
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>

#include <climits>

#include "kernels/ops/contrast_op.hpp"
#include "kernels/ops/threshold_op.hpp"
#include "threshold.cuh"

namespace lysisq::cuda {
namespace {

using u16 = std::uint16_t;
using ull = ops::HistCount;  // std::uint64_t; atomicAdd wants unsigned long long
static_assert(sizeof(unsigned long long) == sizeof(ull), "histogram counts are 64-bit");
constexpr int kBins = ops::kHistBins;
constexpr int kSelectThreads = 1024;
constexpr int kPerThread = kBins / kSelectThreads;  // 64 consecutive bins per thread

__global__ void histogram_kernel(const u16* in, std::size_t n, ull* hist) {
  const unsigned lane = threadIdx.x & 31u;
  const std::size_t stride = gridDim.x * std::size_t(blockDim.x);
  // base is block-uniform, so all 32 lanes reach __match_any_sync together.
  for (std::size_t base = blockIdx.x * std::size_t(blockDim.x); base < n; base += stride) {
    const std::size_t i = base + threadIdx.x;
    const bool ok = i < n;
    const unsigned key = ok ? unsigned(in[i]) : 0x10000u;
    const unsigned peers = __match_any_sync(0xffffffffu, key);
    if (ok && lane == unsigned(__ffs(int(peers)) - 1)) atomicAdd(reinterpret_cast<unsigned long long*>(&hist[key]), (unsigned long long)__popc(peers));
  }
}

__global__ void apply_kernel(const u16* in, const u16* d_t, std::uint8_t* out, std::size_t n) {
  const std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = ops::threshold_pixel(in[i], *d_t);
}

/// Score and bin of a candidate; the reduction keeps the larger score, ties to the smaller bin
/// (the CPU loops keep the first maximum).
struct Best {
  double score;
  int idx;
};
struct FirstMax {
  __device__ Best operator()(const Best& a, const Best& b) const {
    return (a.score > b.score || (a.score == b.score && a.idx < b.idx)) ? a : b;
  }
};

struct IntMin {
  __device__ int operator()(int a, int b) const { return a < b ? a : b; }
};
struct IntMax {
  __device__ int operator()(int a, int b) const { return a > b ? a : b; }
};

using Scan = cub::BlockScan<ull, kSelectThreads>;
using ReduceBest = cub::BlockReduce<Best, kSelectThreads>;
using ReduceInt = cub::BlockReduce<int, kSelectThreads>;
union SelectTemp {
  Scan::TempStorage scan;
  ReduceBest::TempStorage best;
  ReduceInt::TempStorage i;
};

/// Block-wide reduction of one Best per thread; the result is returned to every thread.
__device__ Best reduce_best(Best mine, SelectTemp& tmp, Best* shared) {
  const Best r = ReduceBest(tmp.best).Reduce(mine, FirstMax());
  if (threadIdx.x == 0) *shared = r;
  __syncthreads();
  const Best out = *shared;
  __syncthreads();
  return out;
}

/// C[v] and S[v]: inclusive prefix sums of hist[v] and v * hist[v]; lo/hi: first/last non-empty bin.
__device__ void build_prefix(const ull* hist, ull* C, ull* S, SelectTemp& tmp, int* lo, int* hi) {
  const int b0 = threadIdx.x * kPerThread;
  ull c = 0, s = 0;
  int first = INT_MAX, last = -1;
  for (int v = b0; v < b0 + kPerThread; ++v) {
    c += hist[v];
    s += hist[v] * ull(v);
    if (hist[v] != 0) first = first == INT_MAX ? v : first, last = v;
  }
  ull c_before = 0, s_before = 0;
  Scan(tmp.scan).ExclusiveSum(c, c_before);
  __syncthreads();
  Scan(tmp.scan).ExclusiveSum(s, s_before);
  __syncthreads();
  for (int v = b0; v < b0 + kPerThread; ++v) {
    c_before += hist[v];
    s_before += hist[v] * ull(v);
    C[v] = c_before;
    S[v] = s_before;
  }
  const int mn = ReduceInt(tmp.i).Reduce(first, IntMin());
  __syncthreads();
  const int mx = ReduceInt(tmp.i).Reduce(last, IntMax());
  if (threadIdx.x == 0) *lo = mn, *hi = mx;
  __syncthreads();  // C, S, lo, hi visible to the whole block
}

__device__ int otsu_select(const ull* C, const ull* S, int lo, int hi, SelectTemp& tmp, Best* shared) {
  Best mine{-1.0, INT_MAX};
  const int b0 = threadIdx.x * kPerThread;
  for (int v = b0 > lo ? b0 : lo; v < b0 + kPerThread && v < hi; ++v) {
    const Best cand{ops::otsu_between(C[v], S[v], C[hi], S[hi]), v};
    if (cand.score > mine.score) mine = cand;
  }
  return reduce_best(mine, tmp, shared).idx;
}

__device__ int triangle_select(const ull* hist, int lo, int hi, SelectTemp& tmp, Best* shared) {
  Best mine{-1.0, INT_MAX};  // peak: counts as doubles are exact below 2^53
  for (int v = lo + int(threadIdx.x); v <= hi; v += kSelectThreads)
    if (double(hist[v]) > mine.score) mine = Best{double(hist[v]), v};
  const int peak = reduce_best(mine, tmp, shared).idx;
  const ops::TriangleLine line = ops::triangle_line(hist[peak], peak, lo, hi);
  mine = Best{-1.0e300, INT_MAX};
  for (long long x = threadIdx.x; x < line.width; x += kSelectThreads) {
    const Best cand{ops::triangle_length(line.h_n, line.w_n, x, hist[line.bin(x)]), int(x)};
    if (cand.score > mine.score) mine = cand;
  }
  const Best b = reduce_best(mine, tmp, shared);
  return line.bin(b.idx == INT_MAX ? 0 : b.idx);
}

/// segment_field's contrast guard: true if t stands kMinContrastSigmas above the background.
__device__ bool contrast_select(const ull* C, int t, double k_sigmas, int* shared) {
  const ull n = C[t];
  if (n == 0) return true;  // every pixel above t
  const ull half = ops::median_rank(n);
  const int b0 = threadIdx.x * kPerThread;
  for (int v = b0; v < b0 + kPerThread && v <= t; ++v)
    if (ops::is_median_bin(C, v, half)) shared[0] = v;  // exactly one bin qualifies
  __syncthreads();
  const int median = shared[0];
  for (int m = b0; m < b0 + kPerThread; ++m)
    if (ops::is_mad_radius(C, median, m, t, half)) shared[1] = m;  // exactly one radius qualifies
  __syncthreads();
  return ops::contrast_ok(t, median, shared[1], k_sigmas);
}

__global__ void __launch_bounds__(kSelectThreads)
    select_kernel(const ull* hist, ull* C, ull* S, ThresholdSpec spec, u16* d_t) {
  __shared__ SelectTemp tmp;
  __shared__ Best best;
  __shared__ int ints[4];
  if (spec.rule == ThresholdRule::kManual) {
    if (threadIdx.x == 0) *d_t = spec.manual;
    return;
  }
  build_prefix(hist, C, S, tmp, &ints[0], &ints[1]);
  const int lo = ints[0], hi = ints[1];
  u16 t = 0;
  if (lo >= hi) {
    t = static_cast<u16>(lo);  // constant image: no split (as the CPU twin)
  } else {
    double raw = 0.0;
    if (spec.rule == ThresholdRule::kOtsu) raw = otsu_select(C, S, lo, hi, tmp, &best);
    if (spec.rule == ThresholdRule::kTriangle) raw = triangle_select(hist, lo, hi, tmp, &best);
    if (spec.rule == ThresholdRule::kLi) {
      if (threadIdx.x == 0) best.score = ops::li_iterate(ops::PrefixClassMean{C, S, lo}, lo, hi - lo);
      __syncthreads();
      raw = best.score;
    }
    t = ops::corrected_threshold(raw, spec.correction, spec.min_threshold);
  }
  if (spec.contrast_min_sigmas > 0.0 && !contrast_select(C, t, spec.contrast_min_sigmas, &ints[2])) t = 65535;
  if (threadIdx.x == 0) *d_t = t;
}

}  // namespace

void select_threshold(const u16* d_in, std::size_t n, const ThresholdSpec& spec, u16* d_t, Workspace& ws,
                      cudaStream_t s) {
  if (n == 0) throw CudaError("select_threshold: empty image");
  Workspace::Scope scope(ws);
  ull* hist = ws.take<ull>(kBins);
  ull* C = ws.take<ull>(kBins);
  ull* S = ws.take<ull>(kBins);
  if (spec.rule != ThresholdRule::kManual) {
    LYSISQ_CUDA_CHECK(cudaMemsetAsync(hist, 0, kBins * sizeof(ull), s));
    const unsigned blocks = grid_1d(n) < 2048u ? grid_1d(n) : 2048u;
    histogram_kernel<<<blocks, 256, 0, s>>>(d_in, n, hist);
    LYSISQ_CUDA_CHECK_LAUNCH(s);
  }
  select_kernel<<<1, kSelectThreads, 0, s>>>(hist, C, S, spec, d_t);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
}

void apply_threshold(const u16* d_in, const u16* d_t, std::uint8_t* d_mask, std::size_t n, cudaStream_t s) {
  apply_kernel<<<grid_1d(n), 256, 0, s>>>(d_in, d_t, d_mask, n);
  LYSISQ_CUDA_CHECK_LAUNCH(s);
}

// ---- host-pointer launchers (api.hpp) ----

std::uint16_t select_threshold(const u16* in, std::ptrdiff_t in_stride_px, int width, int height,
                               const ThresholdSpec& spec) {
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  const std::size_t n = std::size_t(width) * std::size_t(height);
  Workspace::Scope scope(ctx.ws);
  u16* d_in = ctx.ws.take<u16>(n);
  u16* d_t = ctx.ws.take<u16>(1);
  upload_2d(in, in_stride_px, d_in, width, height, s);
  select_threshold(d_in, n, spec, d_t, ctx.ws, s);
  u16 t = 0;
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(&t, d_t, sizeof(u16), cudaMemcpyDeviceToHost, s));
  ctx.stream.sync();
  return t;
}

void apply_threshold(const u16* in, std::ptrdiff_t in_stride_px, std::uint8_t* out, int width, int height,
                     std::uint16_t t) {
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  const std::size_t n = std::size_t(width) * std::size_t(height);
  Workspace::Scope scope(ctx.ws);
  u16* d_in = ctx.ws.take<u16>(n);
  u16* d_t = ctx.ws.take<u16>(1);
  std::uint8_t* d_mask = ctx.ws.take<std::uint8_t>(n);
  upload_2d(in, in_stride_px, d_in, width, height, s);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(d_t, &t, sizeof(u16), cudaMemcpyHostToDevice, s));
  apply_threshold(d_in, d_t, d_mask, n, s);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(out, d_mask, n, cudaMemcpyDeviceToHost, s));
  ctx.stream.sync();
}

}  // namespace lysisq::cuda
