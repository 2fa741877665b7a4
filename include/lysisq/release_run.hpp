// SPDX-License-Identifier: MIT
// 51Cr release plates once every well has a count (ASSAY.md §3.1, §7): per-target controls,
// per-condition %SL, then the shared dose-response analysis (dose_response.hpp). Where the counts
// come from (counter file or plate image) does not matter here. Pure computation, no I/O
// (src/pipeline/quantify_release.cpp, src/pipeline/run_release.cpp).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/dose_response.hpp"
#include "lysisq/plate.hpp"
#include "lysisq/plate_image.hpp"
#include "lysisq/qc.hpp"
#include "lysisq/release.hpp"

namespace lysisq {

/// Per-well counts (cpm or cpm equivalents), however obtained.
using WellCpm = std::map<WellId, double>;

/// One layout well with its count.
struct ReleaseWell {
  WellAssignment assignment;
  double cpm = 0;
  bool excluded = false;  ///< dropped by the replicate outlier rule (release.outliers)
};

/// A replicate dropped by the outlier rule, with the well it came from.
struct WellExclusion {
  WellId well;
  std::string group;    ///< "experimental", "spontaneous", "maximum", "background", "effector_only"
  double cpm = 0;
  double robust_z = 0;  ///< modified z-score that put it out
};

/// One target's control wells and numbers (background wells are the plate's, shared by all).
struct ReleaseControlResult {
  std::string target;
  std::vector<WellId> spontaneous_wells, maximum_wells, background_wells;  ///< sorted
  assay::ControlSummary summary;
  std::vector<WellExclusion> exclusions;
};

/// One experimental condition: the wells sharing target, effector, E:T and labels.
struct ReleaseCondition {
  std::string target, effector;
  double et_ratio = 0;
  Labels labels;
  std::vector<WellId> wells;                ///< sorted
  std::vector<WellId> effector_only_wells;  ///< matched effector-only wells (non-isotopic release)
  assay::ReleaseResult release;             ///< %SL and replicate statistics
  std::vector<WellExclusion> exclusions;
};

struct ReleaseQuantification {
  std::vector<ReleaseWell> wells;               ///< every layout well, sorted by well
  std::vector<ReleaseControlResult> controls;   ///< per target with controls, layout target order
  std::vector<ReleaseCondition> conditions;     ///< by target, effector, E:T (high first), labels
};

/// What is wrong with `layout` for a release assay (a target with experimental wells but no
/// spontaneous or no maximum wells), as one line naming the target; empty when nothing is.
std::string release_layout_problem(const PlateLayout& layout);

/// Controls and %SL of every layout well in `cpm`. Effector-only wells of the same effector and
/// E:T (and target, when the effector-only wells name one) select the non-isotopic formula.
/// Throws InputError when a layout well has no count or the layout fails release_layout_problem.
ReleaseQuantification quantify_release(const WellCpm& cpm, const PlateLayout& layout, const assay::ReleaseParams& p);

/// The release readout's points: every condition's %SL.
std::vector<DoseResponsePoint> dose_points(const ReleaseQuantification& q);

/// Where a plate's counts came from.
struct ReleaseSource {
  std::string file;                        ///< as named in messages and run.json
  std::string kind;                        ///< "counter_file" or "plate_image"
  WellCpm cpm;
  std::vector<std::string> notes;          ///< the reader's notes (skipped lines, blank cells...)
  std::optional<PlateImageReading> image;  ///< the grid and per-well QC of a plate image
};

/// Everything computed for one release plate.
struct ReleaseRunResult {
  std::string plate_name;  ///< the layout's name
  ReleaseSource source;
  ReleaseQuantification quant;
  DoseResponseAnalysis dose_response;
  /// QC verdicts (qc_run.hpp release_qc(): condition and plate levels), sorted with sort_qc();
  /// the CLI appends the run-history (level run) verdicts before writing.
  std::vector<QcResult> qc;
  std::vector<std::string> warnings;  ///< undefined control numbers, flagged %SL, image QC
};

/// Checks `src` against `layout` (every layout well counted, finite counts, not one value on the
/// whole plate: InputError naming src.file), then quantifies and analyses the plate.
ReleaseRunResult run_release(ReleaseSource src, const PlateLayout& layout, const AssayConfig& cfg);

}  // namespace lysisq
