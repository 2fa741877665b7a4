// SPDX-License-Identifier: MIT
// Compute backends and how the user chooses one.
#pragma once
#include <string>
#include <vector>

namespace lysisq {

enum class Backend { kCpu, kCuda };
enum class BackendChoice { kAuto, kCpu, kCuda };

const char* backend_name(Backend b);

/// A CUDA device as reported by the runtime.
struct DeviceInfo {
  int index = 0;
  std::string name;
  int cc_major = 0, cc_minor = 0;
  std::size_t total_memory_bytes = 0;
  int multiprocessors = 0;
};

/// What this build and this machine offer.
struct ComputeEnvironment {
  bool built_with_cuda = false;
  int driver_version = 0;   ///< e.g. 13000; 0 when unknown
  int runtime_version = 0;
  std::vector<DeviceInfo> devices;
  std::string cuda_status;  ///< why there is no device, when there is none
};

/// Queries the CUDA runtime (never throws; an empty device list when none).
ComputeEnvironment probe_compute_environment();

/// auto -> CUDA if built with CUDA and a device exists, else CPU; cuda without a device throws
/// CudaError (exit status kNoDevice).
Backend resolve_backend(BackendChoice choice, const ComputeEnvironment& env);

/// "cpu" or the device name, for run.json.
std::string device_description(Backend b, const ComputeEnvironment& env);

}  // namespace lysisq
