// SPDX-License-Identifier: MIT
// File-name patterns (`input.filename_pattern`, the built-in imager layouts): an ECMAScript regex
// plus which capture group holds which part of the name. std::regex has no named groups, so
// names are written as placeholders and translated to numbered groups here. Implemented in
// src/config/filename_pattern.cpp (config validates user patterns; io matches file names).
#pragma once
#include <string>
#include <string_view>

namespace lysisq {

/// A translated pattern. Group numbers are 1-based; 0 means the pattern does not name the part.
struct FilenamePattern {
  std::string regex;  ///< ECMAScript, matched against the whole file name
  int plate = 0;
  int well = 0;         ///< "B07", "B7" (default sub-pattern upper case, so "_s12" is no well)
  int row = 0;          ///< numeric, 1 = A (Operetta `r01c01`); used together with col
  int col = 0;          ///< numeric, 1-based
  int field = 0;        ///< site / field number
  int channel = 0;      ///< channel index
  int channel_name = 0; ///< channel name (Cytation "Bright Field"); index by name order if no channel
  int timepoint = 0;    ///< a number, or a label ordered naturally (Incucyte "2021y03m04d_10h00m")
  int z = 0;            ///< z-step / plane
  int read = 0;         ///< acquisition slot (Cytation read step); one value per folder
};

/// True if `pattern` holds a placeholder: `{plate}`, `{well}`, `{row}`, `{col}`, `{field}`,
/// `{channel}`, `{channel_name}`, `{timepoint}`, `{z}`, `{read}`, each optionally with its own
/// sub-pattern after a colon, e.g. `{well:[A-H][0-9]{2}}`. Other braces (`[0-9]{2}`) are regex.
bool uses_placeholders(std::string_view pattern);

/// Translates a placeholder pattern, or takes a plain regex whose first four groups are plate,
/// well, field, channel (the original `input.filename_pattern` form). Throws ConfigError saying
/// what is wrong (no key prefix: callers name the key): not a regex, unknown or repeated
/// placeholder, no `{well}` (nor `{row}` + `{col}`), or fewer than 4 groups in a plain regex.
FilenamePattern parse_filename_pattern(const std::string& pattern);

}  // namespace lysisq
