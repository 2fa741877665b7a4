// SPDX-License-Identifier: MIT
// Private to src/assay/qc_*.cpp: builds QcResults (verdict + message) from a value and limits, so
// every check words its verdict and applies the "at the limit passes" rule the same way.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "lysisq/qc.hpp"

namespace lysisq::detail {

/// True when `value` lies beyond `limit` on the bad side by more than rounding (1e-9 relative):
/// a value exactly at the limit, or one that rounding put at 30.000000000000004, passes.
/// A NaN limit is never crossed.
bool qc_beyond(double value, double limit, QcBound bound);

/// One-sided check named `check` (a qc_checks() row gives level, label, unit): warns beyond
/// `warn`, fails beyond `fail` (either NaN when absent). NaN value: not evaluable, kWarn.
/// `note` (may be empty) is added in parentheses, e.g. the origin of a target.
QcResult qc_one_sided(std::string_view check, const std::string& subject, double value, double warn,
                      double fail, QcBound bound, std::string_view note = {});

/// Two-sided warn-only check: warns outside [lo, hi]. The result's warn_limit is the bound on the
/// value's side (inside: the nearer one, in log space when `log_scale`, i.e. for ratio ranges).
QcResult qc_warn_range(std::string_view check, const std::string& subject, double value, double lo,
                       double hi, bool log_scale, std::string_view note = {});

/// "0.5-2 x median 812": the note of a check against a group median.
std::string qc_median_note(double min_ratio, double max_ratio, double median);

/// Median of the finite values (mean of the middle two for an even count); NaN if none.
double qc_median(std::span<const double> values);

/// Short number for messages: 4 significant digits, no exponent for values >= 1000.
std::string qc_number(double v);

}  // namespace lysisq::detail
