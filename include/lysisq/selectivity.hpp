// SPDX-License-Identifier: MIT
// Autologous versus cell-line selectivity of one effector, and cold-target inhibition
// (ASSAY.md §3.4, §7). Pure arithmetic, no I/O.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "lysisq/lytic_units.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::assay {

/// One target's %SL vs E:T series for the effector under study (one point per E:T).
struct TargetSeries {
  Target target;  ///< name, origin, NK class and T (targets_per_well, used for its LU)
  std::vector<DosePoint> points;
};

struct SelectivityParams {
  /// Method, x and N of the LU compared (default exponential LU20/1e7); T comes from each target.
  LuParams lu;
  double min_lysis_pct = 10;  ///< a target counts as lysed when %SL at its highest E:T >= this
  double min_ratio = 2;       ///< autologous/cell-line LU ratio required for autologous-selective
};

/// Per-target activity of the effector.
struct TargetActivity {
  std::string name;
  TargetOrigin origin = TargetOrigin::kCellLine;
  NkClass nk_class = NkClass::kUnknown;
  LuResult lu;
  double max_et = 0;                ///< highest E:T tested (NaN with no points)
  double lysis_at_max_et_pct = 0;   ///< %SL there (mean if the E:T is repeated); NaN with no points
  bool lysed = false;               ///< lysis_at_max_et_pct >= min_lysis_pct
};

/// How the LU ratio is known: exactly, only as a bound, or not at all.
enum class RatioKind {
  kValue,
  kLowerBound,  ///< ratio > value (e.g. the cell line did not reach x %)
  kUpperBound,  ///< ratio < value (e.g. the autologous tumour did not reach x %)
  kUndefined,
};
const char* ratio_kind_symbol(RatioKind k);  ///< "=", ">", "<", "?"

/// Autologous tumour versus one cell line.
struct AutologousComparison {
  std::string autologous, cell_line;
  double lu_ratio = 0;           ///< autologous / cell line, or the bound; NaN if undefined
  RatioKind ratio_kind = RatioKind::kUndefined;
  double common_et = 0;          ///< highest E:T tested on both; NaN if none
  double lysis_diff_pct = 0;     ///< %SL(autologous) - %SL(line) at common_et; NaN if none
};

enum class SelectivityPattern { kNonLytic, kAutologousSelective, kBroad, kNkLike, kUnclassified };
/// "non-lytic", "autologous-selective", "broad", "NK-like", "unclassified".
const char* pattern_name(SelectivityPattern p);

struct SelectivityResult {
  std::vector<TargetActivity> targets;          ///< input order
  std::vector<AutologousComparison> comparisons;  ///< every autologous x every cell line
  SelectivityPattern pattern = SelectivityPattern::kUnclassified;
  std::string explanation;  ///< the pattern in words with the numbers it rests on
};

/// Patterns are tested in the §7 order: non-lytic (no target lysed); autologous-selective (an
/// autologous target lysed with LU ratio >= min_ratio against every cell line, at least one;
/// a lower bound counts when it is >= min_ratio); broad (autologous and an NK-resistant line both
/// lysed); NK-like (an NK-sensitive line lysed, no NK-resistant line and no autologous target
/// lysed); otherwise unclassified.
SelectivityResult classify_selectivity(std::span<const TargetSeries> series,
                                       const SelectivityParams& p = {});

/// (1 - %SL(with cold K562) / %SL(without)) x 100, same effector, target and E:T. NaN when
/// %SL without cold targets is <= 0 or either value is not finite (nothing to inhibit).
double cold_target_inhibition_pct(double lysis_with_cold_pct, double lysis_without_cold_pct);

}  // namespace lysisq::assay
