// SPDX-License-Identifier: MIT
// Loading and writing the config and plate-layout YAML (src/config/; the only yaml-cpp users).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::config {

/// Loads a config file (or only defaults when `file` is empty), applies `overrides` of the form
/// "segmentation.threshold.method=li", then validates. Throws ConfigError with key path, line
/// number and a "did you mean" for unknown keys.
AssayConfig load_config(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

/// Same as load_config but from YAML text (`origin` names it in error messages).
AssayConfig parse_config(const std::string& yaml_text, const std::string& origin,
                         const std::vector<std::string>& overrides = {});

/// Range and cross-field checks; throws ConfigError.
void validate(const AssayConfig& cfg);

/// The fully resolved config as YAML (every key, defaults included), for resolved_config.yaml.
std::string to_yaml(const AssayConfig& cfg);

/// Loads a plate layout (ASSAY.md §1). Throws ConfigError naming the file, line and well for
/// malformed ranges, wells outside the plate, overlaps, unknown targets/effectors, and targets
/// without spontaneous and maximum (or target-only) control wells.
PlateLayout load_layout(const std::filesystem::path& file);
PlateLayout parse_layout(const std::string& yaml_text, const std::string& origin);

/// Writes a layout as YAML that load_layout reads back to an equal layout (one entry per well).
std::string layout_to_yaml(const PlateLayout& layout);

/// Levenshtein distance, for "did you mean" suggestions.
int edit_distance(const std::string& a, const std::string& b);

}  // namespace lysisq::config
