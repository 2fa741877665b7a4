// SPDX-License-Identifier: MIT
// The config error contract shared by the config tests: a ConfigError, one line, naming each part.
#pragma once
#include <initializer_list>
#include <string>

namespace lysisq::test {

/// Parses `yaml` (origin "run.yaml") and requires a one-line ConfigError containing every `part`.
void require_config_error(const std::string& yaml, std::initializer_list<std::string> parts);

}  // namespace lysisq::test
