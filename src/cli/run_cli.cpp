// SPDX-License-Identifier: MIT
// Placeholder front end until the CLI lands (issue 2): prints the version.
#include "cli/run_cli.hpp"

#include <cstdio>

#include "lysisq/version.hpp"

namespace lysisq::cli {

int run_cli(int, char**) {
  std::printf("lysisq %s (%s)\n", kVersion, kGitDescribe);
  return 0;
}

}  // namespace lysisq::cli
