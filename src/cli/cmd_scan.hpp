// SPDX-License-Identifier: MIT
// `lysisq scan`: registration of the sub-command (cmd_scan.cpp).
#pragma once
#include "cli/cli_common.hpp"

namespace lysisq::cli {

/// `lysisq scan DIR [--config C] [--set input.layout=...] [--json]`: what discovery finds.
Command add_scan_command(CLI::App& root);

}  // namespace lysisq::cli
