// SPDX-License-Identifier: MIT
// `lysisq report`: registration of the sub-command (cmd_report.cpp).
#pragma once
#include "cli/cli_common.hpp"

namespace lysisq::cli {

/// `lysisq report DIR [--history-json FILE]` and `lysisq report --index BATCH_DIR`.
Command add_report_command(CLI::App& root);

}  // namespace lysisq::cli
