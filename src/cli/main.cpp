// SPDX-License-Identifier: MIT
// Thin entry point: everything else lives in lysisq_app so the tests can link it.
#include "cli/run_cli.hpp"
#include "lysisq/allocator.hpp"

int main(int argc, char** argv) {
  lysisq::reuse_large_allocations();
  return lysisq::cli::run_cli(argc, argv);
}
