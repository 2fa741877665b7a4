// SPDX-License-Identifier: MIT
// Internal to src/config: writing YAML scalars by hand (to_yaml, layout_to_yaml) so that output
// is readable and reads back exactly.
#pragma once
#include <string>
#include <string_view>

namespace lysisq::config::detail {

/// `s` as a YAML scalar that reads back as the same string, in block or flow context: plain when
/// it is an identifier-like word that no YAML reader could take for a number, bool or null,
/// single-quoted otherwise, double-quoted with escapes when it holds control characters.
std::string yaml_quote(std::string_view s);

/// Shortest text that reads back to exactly `v` (std::to_chars), always with a '.' or exponent
/// so that it reads as a float ("1.0", "0.1", "1e+22"); ".inf", "-.inf", ".nan" for non-finite.
std::string yaml_number(double v);

}  // namespace lysisq::config::detail
