// SPDX-License-Identifier: MIT
// Cross-field rules of the qc and history sections, and the date syntax of history.reference_date.
#include "validate_qc.hpp"

#include <initializer_list>

#include "lysisq/civil_date.hpp"
#include "yaml_reader.hpp"
#include "yaml_text.hpp"

namespace lysisq::config::detail {

namespace {

std::string at(const Locations& locs, std::initializer_list<std::string> paths) {
  for (const auto& p : paths)
    if (const auto it = locs.find(p); it != locs.end()) return it->second;
  return {};
}

/// `lo_key` must not exceed `hi_key` (strictly below when `strict`).
void check_order(double lo, double hi, const std::string& lo_key, const std::string& hi_key, bool strict,
                 const Locations& locs, const std::string& hint) {
  if (strict ? lo < hi : lo <= hi) return;
  fail(at(locs, {lo_key, hi_key}), lo_key,
       std::string("must be ") + (strict ? "smaller than " : "at most ") + hi_key + " (" + yaml_number(hi) + ")",
       yaml_number(lo), hint);
}

constexpr const char* kWarnBeforeFail = "a warn limit cannot lie beyond its fail limit";

}  // namespace

void check_qc(const QcParams& q, const Locations& locs) {
  check_order(q.cv_warn_pct, q.cv_fail_pct, "qc.cv_warn_pct", "qc.cv_fail_pct", false, locs, kWarnBeforeFail);
  check_order(q.saturation_warn_pct, q.saturation_fail_pct, "qc.saturation_warn_pct", "qc.saturation_fail_pct",
              false, locs, kWarnBeforeFail);
  check_order(q.lysis_warn_min_pct, q.lysis_warn_max_pct, "qc.lysis_warn_min_pct", "qc.lysis_warn_max_pct", true,
              locs, "the %SL warn range [min, max] would be empty");
}

void check_history(const HistoryConfig& h, const Locations& locs) {
  const std::string date_key = "history.reference_date";
  if (!h.reference_date.empty() && (h.reference_date.size() != 10 || !days_since_epoch(h.reference_date)))
    fail(at(locs, {date_key}), date_key, "not a date", yaml_quote(h.reference_date),
         "write YYYY-MM-DD (e.g. the 51Cr calibration date), or '' for the run's own date");
  if (h.min_runs > h.baseline_runs)
    fail(at(locs, {"history.min_runs", "history.baseline_runs"}), "history.min_runs",
         "must be at most history.baseline_runs (" + std::to_string(h.baseline_runs) + ")",
         std::to_string(h.min_runs), "");
}

}  // namespace lysisq::config::detail
