// SPDX-License-Identifier: MIT
// Shared by the region kernels (ccl, edt, seeds, watershed, measure): the device atomics policy
// for the ops templates, launch geometry, and the copy-in / copy-out helpers of the host-pointer
// launchers (which run on host_context(), check.cuh). Included only by .cu files.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "check.cuh"

namespace lysisq::cuda::detail {

/// The ops atomics policy on the device (ops::HostAtomics / HostCountAtomics / HostMomentAtomics
/// are its sequential stand-ins in the CPU tests).
struct DeviceAtomics {
  __device__ static std::int32_t fetch_min(std::int32_t* p, std::int32_t v) { return atomicMin(p, v); }
  __device__ static std::int32_t cas(std::int32_t* p, std::int32_t expected, std::int32_t desired) {
    return atomicCAS(p, expected, desired);
  }
  __device__ static void add(std::int32_t* p, std::int32_t v) { atomicAdd(p, v); }
  // Two's-complement addition is the same on signed and unsigned 64-bit words.
  __device__ static void add(long long* p, long long v) {
    atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
  }
  __device__ static void min(int* p, int v) { atomicMin(p, v); }
  __device__ static void max(int* p, int v) { atomicMax(p, v); }
};

/// 2-D launch: 32 x 8 threads, one pixel each. gridDim.y is limited to 65535 blocks, so an
/// image taller than 8 * 65535 rows is refused with a CudaError rather than launched wrongly.
inline dim3 block_2d() { return dim3(32, 8); }
inline dim3 grid_2d(int width, int height) {
  const unsigned rows = static_cast<unsigned>((height + 7) / 8);
  if (width <= 0 || height <= 0 || rows > 65535u) throw CudaError("grid_2d: image height out of range for a 2-D launch");
  return dim3(static_cast<unsigned>((width + 31) / 32), rows);
}

/// Pixels per thread in the run-accumulating kernels (area counts, measurements): long enough
/// that an object costs one atomic per row segment, short enough to keep every SM busy.
constexpr int kRunSegment = 32;

/// Row segments of kRunSegment pixels, numbered row by row (a 1-D launch over all of them).
struct Segments {
  int width, per_row;
  std::int64_t count;
};
inline Segments row_segments(int width, int height) {
  const int per_row = (width + kRunSegment - 1) / kRunSegment;
  return {width, per_row, std::int64_t(per_row) * height};
}
/// Segment s: row *y, pixels [*x0, *x1).
__device__ inline void segment_bounds(const Segments& s, std::int64_t seg, int* y, int* x0, int* x1) {
  *y = static_cast<int>(seg / s.per_row);
  *x0 = static_cast<int>(seg % s.per_row) * kRunSegment;
  *x1 = *x0 + kRunSegment < s.width ? *x0 + kRunSegment : s.width;
}

/// Contiguous device copy of a strided host image, in memory taken from `ws` (current Scope).
template <class T>
T* upload_image(Workspace& ws, const T* h_src, std::ptrdiff_t stride_px, int width, int height) {
  T* d = ws.take<T>(std::size_t(width) * std::size_t(height));
  upload_2d(h_src, stride_px, d, width, height, ws.stream());
  return d;
}

/// Copies n device elements to the host and waits for the stream (the stage boundary).
template <class T>
void download_sync(T* h_dst, const T* d_src, std::size_t n, cudaStream_t stream) {
  if (n > 0) LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_dst, d_src, n * sizeof(T), cudaMemcpyDeviceToHost, stream));
  LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream));
}

}  // namespace lysisq::cuda::detail
