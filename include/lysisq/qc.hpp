// SPDX-License-Identifier: MIT
// QC verdicts as data (ASSAY.md §4, §7; STYLE.md §2.5): result types, the limits, and the pure
// well / condition / plate checks. Image checks are in qc_image.hpp. No I/O, no exceptions for
// QC outcomes: every check returns a QcResult with the measured value and the limit it met.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/assay.hpp"
#include "lysisq/plate.hpp"
#include "lysisq/release.hpp"

namespace lysisq {

enum class QcVerdict { kPass, kWarn, kFail };  ///< ordered: a later enumerator is worse
enum class QcLevel { kImage, kWell, kCondition, kPlate, kRun };
/// Which side of the limit is bad: kMax = the value must not exceed it, kMin = not fall below it.
enum class QcBound { kMax, kMin };

const char* qc_verdict_name(QcVerdict v);  ///< "pass", "warn", "fail"
const char* qc_level_name(QcLevel l);      ///< "image", "well", "condition", "plate", "run"
const char* qc_bound_name(QcBound b);      ///< "max", "min"
std::optional<QcVerdict> parse_qc_verdict(std::string_view s);
std::optional<QcLevel> parse_qc_level(std::string_view s);

/// One verdict. Limits are in the value's unit (absolute, e.g. 0.5 x the plate median already
/// multiplied out) and NaN when the check has no such limit. Two-sided checks (ranges) report the
/// bound on the side the value lies (the nearer one when inside), `bound` saying which side.
/// A NaN value means the check could not be evaluated: the verdict is then kWarn and the message
/// says why.
struct QcResult {
  QcLevel level = QcLevel::kPlate;
  std::string check;    ///< a name from qc_checks(), e.g. "spont_pct"
  std::string subject;  ///< what was checked: "B03 s2", "K562", "LAK-D1/K562 E:T 40"
  double value = 0;
  double warn_limit = 0, fail_limit = 0;
  std::string unit;     ///< "%", "cpm", "x", "SD", "a.u.", "objects", "live targets", ""
  QcBound bound = QcBound::kMax;
  QcVerdict verdict = QcVerdict::kPass;
  std::string message;  ///< one line for people: subject, value, limit, verdict
};

/// The worse of two verdicts (fail > warn > pass).
QcVerdict worst(QcVerdict a, QcVerdict b);
/// Worst verdict of a set; kPass when empty.
QcVerdict worst_verdict(std::span<const QcResult> results);

struct QcCounts {
  int pass = 0, warn = 0, fail = 0;
};
QcCounts count_verdicts(std::span<const QcResult> results);

/// The catalogue of checks (one row per `QcResult::check` name), for qc.csv docs and the report.
struct QcCheckInfo {
  const char* check;   ///< "saturation"
  QcLevel level;
  const char* label;   ///< words used in messages: "saturated pixels"
  const char* unit;
  const char* description;
};
std::span<const QcCheckInfo> qc_checks();

/// Every limit of ASSAY.md §4, defaulted. Comparisons: a value exactly at a limit passes; only a
/// value beyond it by more than rounding (relative 1e-9) warns or fails.
struct QcParams {
  // plate, release (per target: its own spontaneous and maximum wells; ASSAY.md §7)
  double spont_fail_pct_cell_line = 20;   ///< %spont above this fails, cell-line targets
  double spont_fail_pct_autologous = 30;  ///< same for autologous and allogeneic (fresh) targets
  double max_net_min_cpm = 1000;          ///< net maximum M - b below this fails
  double max_window_min_ratio = 3;        ///< (M - b)/(S - b) below this fails
  double z_prime_warn = 0.5;              ///< Z' below this warns (killing assays are not screens)
  double edge_effect_sd = 3;              ///< |mean outer - mean inner| above this x pooled SD warns
  // condition
  double cv_warn_pct = 15;                ///< replicate CV of cpm or counts above this warns
  double cv_fail_pct = 20;                ///< ... and above this fails
  double lysis_warn_min_pct = -10;        ///< %SL (or % killing) below this warns
  double lysis_warn_max_pct = 105;        ///< %SL above this warns
  // image
  /// Grey level at or above which a pixel counts as saturated: the camera's maximum. 65535 for
  /// 16-bit data; 4095 for a 12-bit camera, 255 for 8-bit files (read unscaled, see io.hpp).
  int saturation_level = 65535;
  double saturation_warn_pct = 0.5;       ///< % pixels at the saturation level above this warns
  double saturation_fail_pct = 5;         ///< ... above this fails
  double focus_warn_ratio = 0.5;          ///< focus below this x the plate median warns
  /// Object count outside [median / r, median x r] of the plate's fields warns (r = 4: a field
  /// with a quarter of the usual cells is near-empty; four times is clumps or debris).
  double field_count_warn_ratio = 4;
  double field_count_min_objects = 1;     ///< fewer objects than this always warns (empty field)
  // well (imaging)
  double target_only_live_min_ratio = 0.5;  ///< live targets below this x median warns
  double target_only_live_max_ratio = 2;    ///< ... above this x median warns
};

/// One named value, e.g. a well's live-target count, for checks against a group median.
struct QcSample {
  std::string subject;
  double value = 0;
};

// --- well (imaging) --------------------------------------------------------------------------

/// Live targets of each target-only well vs the median of the wells given (pass the target-only
/// wells of one target, or of the plate): warn outside [min_ratio, max_ratio] x median.
/// Check "target_only_live", level kWell, one result per sample in input order.
std::vector<QcResult> check_target_only_live(std::span<const QcSample> wells, const QcParams& p);

// --- condition -------------------------------------------------------------------------------

/// Replicate CV (sample SD / mean of the raw cpm or counts, %): warn > cv_warn_pct, fail >
/// cv_fail_pct. A group of fewer than 2 values is not evaluable (NaN value, warn).
QcResult check_replicate_cv(const std::string& subject, const assay::ReplicateStats& s,
                            const QcParams& p);
QcResult check_replicate_cv(const std::string& subject, std::span<const double> values,
                            const QcParams& p);

/// %SL (or % killing) of one condition outside [lysis_warn_min_pct, lysis_warn_max_pct] warns.
QcResult check_lysis_range(const std::string& subject, double lysis_pct, const QcParams& p);

// --- plate, release controls (per target) ----------------------------------------------------

/// The %spont fail limit for a target's origin (cell line vs autologous/allogeneic).
double spont_fail_pct(TargetOrigin origin, const QcParams& p);
/// %spont = (S-b)/(M-b) x 100 above the origin's limit fails.
QcResult check_spont_pct(const std::string& subject, double spont_pct, TargetOrigin origin,
                         const QcParams& p);
QcResult check_max_net_cpm(const std::string& subject, double net_max_cpm, const QcParams& p);
QcResult check_max_window_ratio(const std::string& subject, double window_ratio, const QcParams& p);
QcResult check_z_prime(const std::string& subject, double z_prime, const QcParams& p);

/// The four control checks of one target, in this order: spont_pct, max_net_cpm,
/// max_window_ratio, z_prime; `c.reason` is added to the message of any NaN value.
std::vector<QcResult> check_release_controls(const std::string& target, TargetOrigin origin,
                                             const assay::ControlSummary& c, const QcParams& p);

// --- plate, edge effect ----------------------------------------------------------------------

/// Outermost ring of the plate (row A, the last row, column 1, the last column).
bool is_edge_well(WellId w, PlateFormat f);

/// One well's raw value (cpm, or a count) for the edge-effect check.
struct QcWellValue {
  WellId well;
  double value = 0;
};

/// Edge effect between outer and inner wells of one control group (e.g. "K562 spontaneous"):
/// value = |mean_outer - mean_inner| / pooled SD, the pooled SD being
/// sqrt(((n_o-1) s_o^2 + (n_i-1) s_i^2) / (n_o + n_i - 2)) with sample SDs of the wells (well
/// spread, not the standard error of the means). Warns above edge_effect_sd, unit "SD"; a zero
/// pooled SD with different means gives +inf (warns). nullopt when the check does not apply:
/// either group empty, or n_o + n_i < 3 (no SD to pool).
std::optional<QcResult> check_edge_effect(const std::string& subject, std::span<const double> outer,
                                          std::span<const double> inner, const QcParams& p);
/// Splits `wells` by is_edge_well() and runs the check above.
std::optional<QcResult> check_edge_effect(const std::string& subject,
                                          std::span<const QcWellValue> wells, PlateFormat f,
                                          const QcParams& p);

}  // namespace lysisq
