// SPDX-License-Identifier: MIT
// What every launcher includes: LYSISQ_CUDA_CHECK, grid_1d, and (from memory.cuh and
// workspace.cuh) DeviceBuffer<T>, PinnedBuffer<T>, Stream, Event, Workspace, host_context().
// Included only by .cu files (C++17); include this header, not the two it pulls in.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../../include/lysisq/errors.hpp"

namespace lysisq::cuda {

[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* expr, const char* file,
                                          int line) {
  cudaGetLastError();  // clear a non-sticky error so the next call starts clean
  throw CudaError(std::string("CUDA error ") + cudaGetErrorName(err) + " (" +
                  cudaGetErrorString(err) + ") in " + expr + " at " + file + ":" +
                  std::to_string(line));
}

}  // namespace lysisq::cuda

/// Throws lysisq::CudaError naming the call, file and line when `expr` is not cudaSuccess.
#define LYSISQ_CUDA_CHECK(expr)                                                           \
  do {                                                                                    \
    const cudaError_t lysisq_err_ = (expr);                                               \
    if (lysisq_err_ != cudaSuccess)                                                       \
      ::lysisq::cuda::throw_cuda_error(lysisq_err_, #expr, __FILE__, __LINE__);           \
  } while (0)

/// After every kernel launch: checks the launch, and with -DLYSISQ_CUDA_SYNC_EACH_LAUNCH also
/// waits for the stream so an execution fault is reported at the kernel that caused it.
#if defined(LYSISQ_CUDA_SYNC_EACH_LAUNCH)
#define LYSISQ_CUDA_CHECK_LAUNCH(stream)              \
  do {                                                \
    LYSISQ_CUDA_CHECK(cudaGetLastError());            \
    LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream)); \
  } while (0)
#else
#define LYSISQ_CUDA_CHECK_LAUNCH(stream) LYSISQ_CUDA_CHECK(cudaGetLastError())
#endif

namespace lysisq::cuda {

/// Blocks of 256 threads covering n elements (n > 0); throws if the grid would overflow.
inline unsigned grid_1d(std::size_t n, unsigned block = 256) {
  const std::size_t blocks = (n + block - 1) / block;
  if (blocks == 0 || blocks > 0x7fffffffu) throw CudaError("grid_1d: bad element count");
  return static_cast<unsigned>(blocks);
}

}  // namespace lysisq::cuda

#include "memory.cuh"
#include "workspace.cuh"
