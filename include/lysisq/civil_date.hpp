// SPDX-License-Identifier: MIT
// Calendar dates as day numbers, for the 51Cr decay correction of the run history (ASSAY.md §4):
// the days between a count and the isotope's reference date.
#pragma once
#include <optional>
#include <string_view>

namespace lysisq {

/// Days since 1970-01-01 of a "YYYY-MM-DD" date (proleptic Gregorian calendar). Also accepts an
/// ISO 8601 timestamp that starts with such a date ("2026-03-14T10:15:00Z": its date). nullopt when
/// `text` does not start with a real date (wrong shape, month 13, 30 February, ...).
std::optional<long long> days_since_epoch(std::string_view text);

}  // namespace lysisq
