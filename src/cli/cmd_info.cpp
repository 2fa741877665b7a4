// SPDX-License-Identifier: MIT
// `lysisq info`: version, build, CUDA devices, OpenMP threads and the stage table.
#include <omp.h>

#include <cstdio>

#include "cli/cli_common.hpp"
#include "lysisq/stages.hpp"
#include "lysisq/version.hpp"

namespace lysisq::cli {

namespace {

/// 13000 -> "13.0" (CUDA encodes 1000 * major + 10 * minor).
std::string cuda_version_text(int v) {
  if (v <= 0) return "none";
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

void print_devices(const ComputeEnvironment& env) {
  std::printf("CUDA driver:   %s\n", cuda_version_text(env.driver_version).c_str());
  std::printf("CUDA runtime:  %s\n", cuda_version_text(env.runtime_version).c_str());
  if (env.devices.empty()) {
    std::printf("CUDA devices:  none (%s)\n", env.cuda_status.c_str());
    return;
  }
  std::printf("CUDA devices:\n");
  for (const auto& d : env.devices)
    std::printf("  [%d] %s, compute capability %d.%d, %.1f GiB, %d SMs\n", d.index, d.name.c_str(), d.cc_major,
                d.cc_minor, double(d.total_memory_bytes) / double(1ull << 30), d.multiprocessors);
}

void print_stages() {
  std::printf("Stages (in pipeline order):\n");
  std::printf("  %-20s %-5s %-32s %s\n", "name", "CUDA", "config key", "description");
  for (const auto& s : stage_registry())
    std::printf("  %-20.*s %-5s %-32.*s %.*s\n", int(s.name.size()), s.name.data(), s.has_cuda ? "yes" : "no",
                int(s.config_key.size()), s.config_key.data(), int(s.description.size()), s.description.data());
}

int run() {
  const ComputeEnvironment env = probe_compute_environment();
  std::printf("lysisq %s (%s)\n", kVersion, kGitDescribe);
  std::printf("built with CUDA: %s\n", env.built_with_cuda ? "yes" : "no");
  print_devices(env);
  std::printf("backend auto:  %s\n", backend_name(resolve_backend(BackendChoice::kAuto, env)));
  std::printf("OpenMP threads: %d\n", omp_get_max_threads());
  print_stages();
  return 0;
}

}  // namespace

Command add_info_command(CLI::App& root) {
  CLI::App* cmd = root.add_subcommand("info", "Show version, build, CUDA devices, threads and stages");
  decorate(*cmd);
  return {cmd, [] { return run(); }};
}

}  // namespace lysisq::cli
