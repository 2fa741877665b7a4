// SPDX-License-Identifier: MIT
// The command-line front end: parses arguments, runs a sub-command, maps errors to exit statuses.
#pragma once

namespace lysisq::cli {

/// Runs `lysisq` with the given arguments and returns the process exit status (errors.hpp).
int run_cli(int argc, char** argv);

}  // namespace lysisq::cli
