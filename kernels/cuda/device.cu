// SPDX-License-Identifier: MIT
// Device enumeration for `lysisq info`, backend choice and run.json.
#include <cuda_runtime.h>

#include "api.hpp"

namespace lysisq::cuda {

RuntimeProbe probe_devices() {
  RuntimeProbe probe;
  cudaDriverGetVersion(&probe.driver_version);
  cudaRuntimeGetVersion(&probe.runtime_version);
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    probe.status = cudaGetErrorString(err);
    cudaGetLastError();  // clear the sticky error so later calls start clean
    return probe;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    probe.devices.push_back({i, prop.name, prop.major, prop.minor, prop.totalGlobalMem,
                             prop.multiProcessorCount});
  }
  if (probe.devices.empty()) probe.status = "no CUDA device found";
  return probe;
}

}  // namespace lysisq::cuda
