// SPDX-License-Identifier: MIT
// `lysisq run INPUT`: what INPUT is (image folder, counter export or plate image), which readout
// that means, and the release (51Cr) branch of the command.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_common.hpp"
#include "lysisq/config_io.hpp"

namespace lysisq::cli {

enum class RunInput { kImageFolder, kCounterFile, kPlateImage };

/// A folder is a fluorescence plate; .csv/.tsv/.txt a counter export; .tif/.tiff/.png a plate
/// image (extensions case-insensitive). Anything else, or a missing path that is none of those,
/// is an InputError naming it.
RunInput classify_run_input(const std::filesystem::path& input);

/// The assay INPUT implies ("fluorescence" or "chromium"). When the config or a --set gave
/// `assay` explicitly and it differs, that is a ConfigError (exit 2) naming both and where
/// `assay` was set; left at its default, `assay` follows the input.
std::string resolve_assay(const config::LoadedConfig& loaded, RunInput kind, const std::filesystem::path& input);

/// What the release branch needs from the command line.
struct ReleaseRunRequest {
  std::filesystem::path input, layout_file, out_dir;
  std::filesystem::path config_file;
  std::vector<std::string> overrides;
  RunInput kind = RunInput::kCounterFile;
  bool quiet = false;
  bool overlays = false;  ///< --overlays given: imaging only, so a warning here
};

/// Reads the counts (counter file or plate image), quantifies, records the run history, writes the
/// results and report.html. Returns the exit status (0, or 3 when a QC check failed); errors are
/// thrown (InputError names the file).
int run_release_plate(const ReleaseRunRequest& req, const AssayConfig& cfg, const Invocation& inv);

}  // namespace lysisq::cli
