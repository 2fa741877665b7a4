// SPDX-License-Identifier: MIT
// Per-well counts and per-condition killing (ASSAY.md §3.2, §7). Pure computation: classified
// objects and a layout in, plain structs out.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "lysisq/assay.hpp"
#include "lysisq/classify.hpp"
#include "lysisq/config.hpp"
#include "lysisq/plate.hpp"

namespace lysisq {

/// Object counts of one well, summed over its fields.
struct WellCounts {
  WellId well;
  int fields = 0;
  std::int64_t objects = 0, effectors = 0, live_targets = 0, dead_targets = 0;
  std::int64_t targets() const { return live_targets + dead_targets; }
};

/// Tallies classified objects per well. `fields_per_well` gives each imaged well's field count
/// (wells imaged but empty of objects still get a row).
std::vector<WellCounts> tally_wells(std::span<const ObjectRecord> objects,
                                    const std::map<WellId, int>& fields_per_well);

/// One well's counts and killing. NaN marks a value that is undefined (no targets, no reference).
struct WellResult {
  WellAssignment assignment;
  WellCounts counts;
  double dead_targets_pct = 0;          ///< dead / (live + dead) x 100
  double killing_target_loss_pct = 0;   ///< vs the mean live targets of the reference wells
  double specific_death_pct = 0;        ///< vs the mean dead % of the reference wells
};

/// Wells that share role, target, effector, E:T and labels (the replicate group).
struct ConditionResult {
  WellRole role = WellRole::kExperimental;
  std::string target, effector;
  double et_ratio = 0;
  std::map<std::string, std::string> labels;
  std::vector<WellId> wells;                    ///< sorted
  std::string reference;                        ///< "target_only", "spontaneous" or "" (none)
  std::vector<WellId> reference_wells;          ///< sorted
  assay::ReplicateStats live_targets;
  assay::ReplicateStats dead_targets_pct;
  assay::ReplicateStats killing_target_loss;    ///< over replicate wells, %
  assay::ReplicateStats specific_death;         ///< over replicate wells, %
  KillingMetric primary_metric = KillingMetric::kTargetLoss;
  /// The primary metric's replicate statistics.
  const assay::ReplicateStats& killing() const {
    return primary_metric == KillingMetric::kTargetLoss ? killing_target_loss : specific_death;
  }
};

struct PlateQuantification {
  std::vector<WellResult> wells;            ///< layout wells that were imaged, sorted by well
  std::vector<ConditionResult> conditions;  ///< sorted by role, target, effector, E:T, labels
};

const char* metric_name(KillingMetric m);  ///< "target_loss" or "specific_death"

/// Per-well killing and per-condition replicate statistics. Reference wells of a target are its
/// target_only wells, or its spontaneous wells if it has none; among those, the wells with the
/// same labels (e.g. the same time point) when any exist. Wells without a target (background,
/// effector-only) get NaN killing. `counts` wells not in the layout are ignored.
PlateQuantification quantify(const PlateLayout& layout, std::span<const WellCounts> counts,
                             const QuantParams& p);

}  // namespace lysisq
