// SPDX-License-Identifier: MIT
// Internal to src/config: cross-field rules of the `qc` and `history` sections (validate.cpp calls
// them after the range checks).
#pragma once
#include "config_internal.hpp"

namespace lysisq::config::detail {

/// Warn limits may not lie beyond fail limits (cv, saturation); the lysis warn range is not empty.
void check_qc(const QcParams& q, const Locations& locs);
/// reference_date is empty or a real YYYY-MM-DD date; min_runs <= baseline_runs.
void check_history(const HistoryConfig& h, const Locations& locs);

}  // namespace lysisq::config::detail
