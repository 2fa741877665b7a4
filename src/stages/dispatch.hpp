// SPDX-License-Identifier: MIT
// The one rule every stage dispatcher shares: which backend a stage really runs on.
#pragma once
#include <string_view>

#include "lysisq/backend.hpp"

namespace lysisq::detail {

/// `requested`, except that kCuda becomes kCpu for a stage whose registry entry has has_cuda ==
/// false (STYLE.md: "run CPU and log it"). The fallback is logged to stderr once per stage per
/// process. Throws InternalError for a stage name missing from stage_registry().
Backend stage_backend(std::string_view stage, Backend requested);

}  // namespace lysisq::detail
