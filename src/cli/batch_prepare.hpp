// SPDX-License-Identifier: MIT
// Before a batch plate runs: what it is (readout), what its results depend on (inputs record),
// and whether OUT/<plate> already holds results for exactly that (resume).
#pragma once
#include <filesystem>
#include <string>

#include "cli/batch_inputs.hpp"
#include "cli/batch_plan.hpp"
#include "lysisq/config_io.hpp"

namespace lysisq::batch {

struct PreparedPlate {
  PlateEntry entry;
  std::string readout;           ///< "fluorescence" or "chromium"
  std::filesystem::path base;    ///< the folder InputsRecord::files are relative to
  InputsRecord inputs;           ///< stat'ed; hashes filled as far as the resume check needed
};

/// Classifies the input, resolves the config's assay for it, loads the layout and lists the
/// input files the run will read (the image set found by the file-name pattern, or the file),
/// stat'ed but not hashed. Throws what `lysisq run` would (InputError, ConfigError), so a plate
/// that cannot run fails before a process is started.
PreparedPlate prepare_plate(const PlateEntry& entry, const config::LoadedConfig& loaded);

/// Whether `final_dir` holds complete results made from exactly `p`'s inputs, layout, config and
/// lysisq version. When so and the record was stale only in time stamps, the record in
/// `final_dir` is rewritten. `why` says why not (for the log) or since when (start_time_utc).
struct ResumeCheck {
  bool skip = false;
  std::string why;
};
ResumeCheck check_resume(PreparedPlate& p, const std::filesystem::path& final_dir);

/// Name of the inputs record in a plate's result folder.
inline constexpr const char* kInputsFile = "inputs.json";

}  // namespace lysisq::batch
