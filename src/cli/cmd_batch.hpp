// SPDX-License-Identifier: MIT
// `lysisq batch` and `lysisq merge`: registration of the sub-commands (cmd_batch.cpp).
#pragma once
#include "cli/cli_common.hpp"

namespace lysisq::cli {

/// `lysisq batch ROOT|LIST --out OUT [--layout F | --layout-name N] [--jobs N] [--shard i/N] ...`.
Command add_batch_command(CLI::App& root);
/// `lysisq merge OUT [--out MERGED] [--shards N]`: shard summaries into one batch summary.
Command add_merge_command(CLI::App& root);

}  // namespace lysisq::cli
