// SPDX-License-Identifier: MIT
// Internal to src/config: the well-range notation of plate layouts. Pure text -> wells.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/plate.hpp"

namespace lysisq::config::detail {

struct WellSpec {
  std::vector<WellId> wells;  ///< in the order written (rectangles row by row)
  std::string error;          ///< what is wrong, naming the offending well or item; "" if none
};

/// Expands "B7", "A1-C3" (rectangle, corners in any order), "row H", "col 12" / "column 12" and
/// comma-separated lists of these ("A1,A2,B05"). Letters are case-insensitive. Every well must
/// lie on a plate of format `fmt`. Duplicates are kept (the caller reports overlaps).
WellSpec expand_well_spec(std::string_view spec, PlateFormat fmt);

/// "the 96-well plate (rows A-H, columns 1-12)": for messages.
std::string describe_plate(PlateFormat fmt);

}  // namespace lysisq::config::detail
