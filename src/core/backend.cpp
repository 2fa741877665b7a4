// SPDX-License-Identifier: MIT
// Backend resolution and device probing; the one core file that knows whether CUDA was built in.
#include "lysisq/backend.hpp"

#include "lysisq/errors.hpp"
#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {

const char* backend_name(Backend b) { return b == Backend::kCuda ? "cuda" : "cpu"; }

ComputeEnvironment probe_compute_environment() {
  ComputeEnvironment env;
#if LYSISQ_HAVE_CUDA
  env.built_with_cuda = true;
  const cuda::RuntimeProbe probe = cuda::probe_devices();
  env.driver_version = probe.driver_version;
  env.runtime_version = probe.runtime_version;
  env.cuda_status = probe.status;
  for (const auto& d : probe.devices)
    env.devices.push_back({d.index, d.name, d.cc_major, d.cc_minor, d.total_memory_bytes, d.multiprocessors});
#else
  env.cuda_status = "built without CUDA (LYSISQ_ENABLE_CUDA=OFF or no nvcc)";
#endif
  return env;
}

Backend resolve_backend(BackendChoice choice, const ComputeEnvironment& env) {
  const bool usable = env.built_with_cuda && !env.devices.empty();
  switch (choice) {
    case BackendChoice::kCpu: return Backend::kCpu;
    case BackendChoice::kAuto: return usable ? Backend::kCuda : Backend::kCpu;
    case BackendChoice::kCuda:
      if (!usable)
        throw CudaError("compute.backend: cuda requested but no usable CUDA device (" + env.cuda_status +
                        "); use --backend cpu or auto");
      return Backend::kCuda;
  }
  throw InternalError("resolve_backend: unknown choice");
}

std::string device_description(Backend b, const ComputeEnvironment& env) {
  if (b == Backend::kCpu || env.devices.empty()) return "cpu";
  const DeviceInfo& d = env.devices.front();
  return d.name + " (sm_" + std::to_string(d.cc_major) + std::to_string(d.cc_minor) + ")";
}

}  // namespace lysisq
