// SPDX-License-Identifier: MIT
// Dose-response analysis shared by both readouts (ASSAY.md §3.3, §3.4): %lysis vs E:T points (51Cr
// %SL or imaging %killing) -> series per (effector, target, labels) -> lytic units, AUC vs
// ln(E:T), per-effector selectivity and cold-target inhibition. Pure computation
// (src/pipeline/dose_response.cpp).
#pragma once
#include <map>
#include <span>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/lytic_units.hpp"
#include "lysisq/plate.hpp"
#include "lysisq/quantify.hpp"
#include "lysisq/selectivity.hpp"

namespace lysisq {

using Labels = std::map<std::string, std::string>;

/// Condition labels that mark a cold-target condition: unlabelled (cold) targets added at a
/// cold:hot ratio, e.g. {cold_target: K562, cold_ratio: "20"}. Such series are kept out of the
/// selectivity classification and compared with their no-cold twin instead.
inline constexpr const char* kColdTargetLabel = "cold_target";
inline constexpr const char* kColdRatioLabel = "cold_ratio";

/// One experimental condition's lysis, from either readout. Non-finite lysis is ignored.
struct DoseResponsePoint {
  std::string effector, target;
  Labels labels;
  double et_ratio = 0;
  double lysis_pct = 0;  ///< signed %SL or %killing
};

/// The points of one (effector, target, labels), sorted by E:T (ascending, duplicates kept).
struct DoseSeries {
  std::string effector, target;
  Labels labels;
  std::vector<assay::DosePoint> points;
};

/// Groups points by (effector, target, labels), in that sort order; non-finite points dropped.
std::vector<DoseSeries> group_series(std::span<const DoseResponsePoint> points);

/// Lytic units of one series.
struct LyticUnitRow {
  std::string effector, target;
  Labels labels;
  double targets_per_well = 0;  ///< T, from the layout's target
  assay::LuResult lu;
  double auc_pct_ln_et = 0;     ///< area under %lysis vs ln(E:T); NaN with < 2 points
  int points_n = 0;             ///< points of the series (the fit may use fewer: lu.fit.points_used)
};

/// Selectivity of one effector over the targets it was tested on (with the same labels).
struct EffectorSelectivity {
  std::string effector;
  Labels labels;
  assay::SelectivityResult result;
};

/// Cold-target inhibition at one E:T: the condition with cold targets vs its twin without.
struct ColdTargetInhibition {
  std::string effector, target;
  Labels labels;                      ///< of the condition with cold targets
  std::string cold_target, cold_ratio;
  double et_ratio = 0;
  double lysis_with_cold_pct = 0;     ///< NaN when absent
  double lysis_without_cold_pct = 0;  ///< NaN when the twin condition is missing
  double inhibition_pct = 0;          ///< (1 - with / without) x 100; NaN when undefined
  std::string reason;                 ///< why inhibition_pct is NaN; empty otherwise
};

struct DoseResponseAnalysis {
  std::string lysis_measure;  ///< what %lysis is: "specific_release" or the killing metric name
  std::vector<LyticUnitRow> lytic_units;             ///< one per series, group_series order
  std::vector<EffectorSelectivity> selectivity;      ///< per (effector, labels) without cold targets
  std::vector<ColdTargetInhibition> cold_target;     ///< per cold-target point
};

/// LU (method, x, N from `lu`; T from each target in `layout`), AUC, selectivity and cold-target
/// inhibition of `points`. A target missing from the layout keeps the defaults of `Target`.
DoseResponseAnalysis analyse_dose_response(std::span<const DoseResponsePoint> points, const PlateLayout& layout,
                                           const LyticUnitConfig& lu, const SelectivityConfig& sel);

/// The imaging readout's points: every experimental condition's primary killing metric (mean).
std::vector<DoseResponsePoint> dose_points(const PlateQuantification& q);

/// `labels` without the cold-target keys.
Labels without_cold_labels(const Labels& labels);

}  // namespace lysisq
