// SPDX-License-Identifier: MIT
// Internal to src/config: what load.cpp, validate.cpp and to_yaml.cpp share. No yaml-cpp here.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "lysisq/config.hpp"

namespace lysisq::config::detail {

/// Key path -> where its value was given ("file.yaml:12" or "--set"), so that checks that run
/// after loading (ranges, cross-field rules) still point at the line.
using Locations = std::map<std::string, std::string>;

/// validate() with positions; keys absent from `at` are reported without one.
void validate_at(const AssayConfig& cfg, const Locations& at);

/// One leaf key of AssayConfig, in to_yaml order, with its default as YAML text.
struct KeyInfo {
  std::string path;
  std::string default_text;
};
const std::vector<KeyInfo>& config_keys();
/// Every leaf path ("segmentation.smooth.sigma_px").
std::vector<std::string> leaf_paths();
/// Direct children ("smooth", "threshold", ...) of a section path ("" = top level).
std::vector<std::string> child_keys(const std::string& section);
bool is_section(const std::string& path);

/// "must be in [0, 20]" failure with the key's default as hint.
[[noreturn]] void out_of_range(const std::string& where, const std::string& path, const std::string& range,
                               const std::string& got);

}  // namespace lysisq::config::detail
