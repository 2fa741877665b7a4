// SPDX-License-Identifier: MIT
// Internal to src/config: consistency rules of a plate layout (ASSAY.md §1), as plain checks on
// the typed layout so that the YAML loader only adds file and line to their messages.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lysisq/plate.hpp"

namespace lysisq::config::detail {

/// A rule violation: the well it concerns, what is wrong, the value at fault, and a hint.
struct LayoutProblem {
  WellId well;
  std::string what;
  std::string got;  ///< the offending value, quoted, or ""
  std::string hint;
};

/// Role rules for one well: experimental wells need a target, an effector and et_ratio > 0;
/// spontaneous, maximum and target-only wells need a target and no effector or E:T; background
/// wells hold neither; effector-only wells need an effector. Target and effector names must be
/// declared in `layout`. Returns the first problem, if any.
std::optional<LayoutProblem> check_assignment(const WellAssignment& a, const PlateLayout& layout);

/// Every target used in experimental wells has spontaneous or target-only control wells.
/// `layout.wells` must be sorted; the problem names the first experimental well of the target.
std::optional<LayoutProblem> check_controls(const PlateLayout& layout);

}  // namespace lysisq::config::detail
