// SPDX-License-Identifier: MIT
// Internal to src/config: `--set key.path=value` command-line overrides.
#pragma once
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace lysisq::config::detail {

/// Leaf key path -> its value parsed as a YAML scalar (so "2", "li", "true", "~" read exactly as
/// they would in the file).
using Overrides = std::map<std::string, YAML::Node>;

/// Parses "key=value" strings. Unknown key paths, section paths and a missing '=' are
/// ConfigErrors naming --set, with a did-you-mean. A later override of the same key wins.
Overrides parse_overrides(const std::vector<std::string>& items);

}  // namespace lysisq::config::detail
