// SPDX-License-Identifier: MIT
// C++17 entry points into the CUDA code: plain values and raw pointers only. The only CUDA-side
// header that src/ includes; it declares nothing from the CUDA runtime.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace lysisq::cuda {

struct DeviceProperties {
  int index = 0;
  std::string name;
  int cc_major = 0, cc_minor = 0;
  std::size_t total_memory_bytes = 0;
  int multiprocessors = 0;
};

struct RuntimeProbe {
  int driver_version = 0;
  int runtime_version = 0;
  std::vector<DeviceProperties> devices;
  std::string status;  ///< the runtime's message when no device is usable
};

/// Lists CUDA devices; never throws (no driver or no device gives an empty list and a status).
RuntimeProbe probe_devices();

}  // namespace lysisq::cuda
