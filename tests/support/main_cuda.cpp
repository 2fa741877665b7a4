// SPDX-License-Identifier: MIT
// Catch2 entry point for tests_cuda: exits 77 (CTest "Skipped") when no CUDA device is present.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>

#include "lysisq/backend.hpp"

int main(int argc, char* argv[]) {
  const lysisq::ComputeEnvironment env = lysisq::probe_compute_environment();
  if (env.devices.empty()) {
    std::printf("tests_cuda: no CUDA device (%s): skipped\n", env.cuda_status.c_str());
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
