// SPDX-License-Identifier: MIT
// Loading and writing the config and plate-layout YAML (src/config/; the only yaml-cpp users).
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::config {

/// Loads a config file (or only defaults when `file` is empty), applies `overrides` of the form
/// "segmentation.threshold.method=li", then validates. Throws ConfigError with key path, line
/// number and a "did you mean" for unknown keys.
AssayConfig load_config(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

/// A loaded config plus where each explicitly given key came from: key path -> "file.yaml:12" or
/// "--set". Keys absent from `given` kept their defaults; rules where "left at the default" and
/// "asked for" differ (the `assay` of `lysisq run`) read it.
struct LoadedConfig {
  AssayConfig config;
  std::map<std::string, std::string> given;
};
LoadedConfig load_config_traced(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

/// Same as load_config but from YAML text (`origin` names it in error messages).
AssayConfig parse_config(const std::string& yaml_text, const std::string& origin,
                         const std::vector<std::string>& overrides = {});

/// Range and cross-field checks; throws ConfigError.
void validate(const AssayConfig& cfg);

/// The fully resolved config as YAML (every key, defaults included), for resolved_config.yaml.
std::string to_yaml(const AssayConfig& cfg);

/// Loads a plate layout (ASSAY.md §1). Throws ConfigError naming the file, line and well for
/// malformed ranges, wells outside the plate, overlaps, unknown targets/effectors, and targets
/// without spontaneous and maximum (or target-only) control wells. Files named *.csv or *.tsv
/// are CSV plate maps (load_layout_csv); anything else is YAML.
PlateLayout load_layout(const std::filesystem::path& file);
PlateLayout parse_layout(const std::string& yaml_text, const std::string& origin);

/// Loads a CSV/TSV plate map: a header row, then one row per well. Required columns: well, role,
/// target, effector, et_ratio; optional: target_origin, nk_class, targets_per_well,
/// effector_type, donor (per target/effector: give them on one of its rows or the same on every
/// row; absent, Target{} / Effector{} defaults apply); every other column is a condition label
/// (empty cells give none). An optional first line "# plate=NAME wells=96" sets the plate
/// (default: the file stem, 96 wells); other lines starting with '#' are comments. The delimiter
/// (tab, semicolon or comma) is the one that splits the header into 'well' and 'role'. Errors
/// are the ConfigErrors of YAML layouts, at "<file>:<line>".
PlateLayout load_layout_csv(const std::filesystem::path& file);
PlateLayout parse_layout_csv(const std::string& text, const std::string& origin);

/// Writes a layout as YAML that load_layout reads back to an equal layout (one entry per well).
std::string layout_to_yaml(const PlateLayout& layout);

/// Levenshtein distance, for "did you mean" suggestions.
int edit_distance(const std::string& a, const std::string& b);

}  // namespace lysisq::config
