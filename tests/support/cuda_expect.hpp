// SPDX-License-Identifier: MIT
// For CPU tests that call a stage with Backend::kCuda. Where this build holds the stage's kernel
// but the machine has no device, such a call must throw CudaError; otherwise (no kernel: CPU
// fallback; or a device) it must give the CPU result.
#pragma once
#include <string_view>

#include "lysisq/backend.hpp"
#include "lysisq/stages.hpp"

namespace lysisq::test {

inline bool cuda_device_present() {
  static const bool present = !probe_compute_environment().devices.empty();
  return present;
}

/// True when `stage(..., Backend::kCuda)` must throw CudaError here: kernel built, no device.
inline bool cuda_call_throws(std::string_view stage) {
  for (const StageInfo& s : stage_registry())
    if (s.name == stage) return s.has_cuda && !cuda_device_present();
  return false;
}

}  // namespace lysisq::test
