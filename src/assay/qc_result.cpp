// SPDX-License-Identifier: MIT
// QC enums <-> names, verdict aggregation, and the catalogue of checks (one table).
#include <algorithm>
#include <array>
#include <utility>

#include "lysisq/qc.hpp"

namespace lysisq {
namespace {

constexpr std::array<std::pair<QcVerdict, const char*>, 3> kVerdictNames{{
    {QcVerdict::kPass, "pass"}, {QcVerdict::kWarn, "warn"}, {QcVerdict::kFail, "fail"}}};
constexpr std::array<std::pair<QcLevel, const char*>, 5> kLevelNames{{{QcLevel::kImage, "image"},
                                                                      {QcLevel::kWell, "well"},
                                                                      {QcLevel::kCondition, "condition"},
                                                                      {QcLevel::kPlate, "plate"},
                                                                      {QcLevel::kRun, "run"}}};

/// Check names are stable: they are qc.csv's `check` column and run.json keys.
constexpr QcCheckInfo kChecks[] = {
    {"saturation", QcLevel::kImage, "saturated pixels", "%",
     "% of pixels at or above the saturation level (the bit depth's maximum)"},
    {"focus", QcLevel::kImage, "focus score", "a.u.",
     "variance of the 3x3 Laplacian / mean intensity, vs the plate's median"},
    {"field_count", QcLevel::kImage, "objects", "objects",
     "segmented objects in the field, vs the plate's median; an empty field always warns"},
    {"target_only_live", QcLevel::kWell, "live targets", "live targets",
     "live targets of a target-only well, vs the median of those wells"},
    {"replicate_cv", QcLevel::kCondition, "replicate CV", "%",
     "sample SD / mean of the replicate wells' raw cpm or counts"},
    {"lysis_range", QcLevel::kCondition, "lysis", "%", "%SL or % killing of the condition"},
    {"spont_pct", QcLevel::kPlate, "spontaneous release", "%",
     "(S - b) / (M - b) x 100, limit by target origin"},
    {"max_net_cpm", QcLevel::kPlate, "net maximum release", "cpm", "M - b"},
    {"max_window_ratio", QcLevel::kPlate, "maximum/spontaneous window", "x", "(M - b) / (S - b)"},
    {"z_prime", QcLevel::kPlate, "Z'", "", "1 - 3 (sd_M + sd_S) / |mean_M - mean_S|"},
    {"edge_effect", QcLevel::kPlate, "edge effect", "SD",
     "|mean outer - mean inner| / pooled SD of one control group's wells"},
    {"westgard", QcLevel::kRun, "control value", "",
     "a control value vs its run history: Levey-Jennings limits, Westgard rules (1-2s warns; 1-3s, "
     "2-2s, R-4s, 4-1s, 10-x fail); the unit is the control's"},
};

template <class E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& table, E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> parse_of(const std::array<std::pair<E, const char*>, N>& table, std::string_view s) {
  for (const auto& [v, name] : table)
    if (s == name) return v;
  return std::nullopt;
}

}  // namespace

const char* qc_verdict_name(QcVerdict v) { return name_of(kVerdictNames, v); }
const char* qc_level_name(QcLevel l) { return name_of(kLevelNames, l); }
const char* qc_bound_name(QcBound b) { return b == QcBound::kMax ? "max" : "min"; }
std::optional<QcVerdict> parse_qc_verdict(std::string_view s) { return parse_of(kVerdictNames, s); }
std::optional<QcLevel> parse_qc_level(std::string_view s) { return parse_of(kLevelNames, s); }

QcVerdict worst(QcVerdict a, QcVerdict b) { return std::max(a, b); }

QcVerdict worst_verdict(std::span<const QcResult> results) {
  QcVerdict w = QcVerdict::kPass;
  for (const QcResult& r : results) w = worst(w, r.verdict);
  return w;
}

QcCounts count_verdicts(std::span<const QcResult> results) {
  QcCounts c;
  for (const QcResult& r : results) {
    switch (r.verdict) {
      case QcVerdict::kPass: ++c.pass; break;
      case QcVerdict::kWarn: ++c.warn; break;
      case QcVerdict::kFail: ++c.fail; break;
    }
  }
  return c;
}

std::span<const QcCheckInfo> qc_checks() { return kChecks; }

}  // namespace lysisq
