// SPDX-License-Identifier: MIT
// QC of one analysed plate (ASSAY.md §4, §7): which checks of qc.hpp / qc_image.hpp run on which
// numbers of a finished run, and how the verdicts are named and ordered. Pure: results in,
// QcResults out (src/pipeline/qc_imaging.cpp, qc_release.cpp, qc_common.cpp). The run-history
// verdicts (level run) are added by the CLI (run_history.hpp).
#pragma once
#include <string>
#include <vector>

#include "lysisq/plate_run.hpp"
#include "lysisq/qc.hpp"
#include "lysisq/release_run.hpp"

namespace lysisq {

// --- subjects (qc.csv's `subject` column) ------------------------------------------------------

/// "B03 s2": one field. Image-level subjects start with it ("B03 s2 w1" names a channel).
std::string field_subject(WellId well, int field);
/// "LAK-D1/K562 E:T 40", with labels appended (" time_h=4"): one experimental condition.
std::string condition_subject(const std::string& effector, const std::string& target, double et_ratio,
                              const Labels& labels);
/// True when an image-level result names field `field` of `well` (its subject is
/// field_subject() or starts with it followed by a space).
bool qc_names_field(const QcResult& r, WellId well, int field);

/// Orders verdicts for people: fail, then warn, then pass; within one verdict the widest level
/// first (run, plate, condition, well, image); otherwise the order of `results` is kept (stable).
void sort_qc(std::vector<QcResult>& results);

// --- imaging plates ------------------------------------------------------------------------------

/// QC of a fluorescence plate with cfg.qc's limits, sorted with sort_qc():
/// - image: saturation of every field and channel; focus of the nuclear channel (cfg.channels)
///   and objects per field, each against the median of comparable fields of the plate: control
///   wells (target-only, spontaneous, maximum) together, experimental and effector-only wells per
///   E:T, since effectors add objects and density raises the focus score. Focus is judged only
///   on fields with at least qc.field_count_min_objects objects (an empty field has no focus to
///   judge; field_count reports it). Background wells are left out of focus and counts.
/// - well: live targets of each target's reference wells (target-only, or spontaneous when the
///   target has none: the wells % killing is computed against) vs their median.
/// - condition: replicate CV of per-well counts for every replicate group except background:
///   live targets, but all targets (live + dead) in maximum wells, where live targets are ~0 by
///   design, and effectors in effector-only wells; % killing (primary metric) of experimental
///   conditions within [lysis_warn_min_pct, lysis_warn_max_pct].
/// - plate: Z' per target that has maximum wells, maximum vs reference wells, on the primary
///   metric's per-well number (live targets for target_loss, % dead targets for specific_death).
std::vector<QcResult> imaging_qc(const PlateRunResult& r, const PlateLayout& layout, const AssayConfig& cfg);

// --- release (51Cr) plates -----------------------------------------------------------------------

/// QC of a release plate, sorted with sort_qc():
/// - plate, per target with controls: %spont (limit by the target's origin), net maximum,
///   maximum window, Z' (check_release_controls); one edge effect over all spontaneous and
///   maximum wells of the plate, each well as its cpm / its group's mean (subject "control wells
///   (cpm / group mean)"), when both rings hold such wells.
/// - condition: replicate CV of cpm (after any outlier exclusion) of every experimental condition,
///   every target's spontaneous and maximum wells and every effector-only group; %SL range of
///   every experimental condition.
std::vector<QcResult> release_qc(const ReleaseRunResult& r, const PlateLayout& layout, const QcParams& p);

}  // namespace lysisq
