// SPDX-License-Identifier: MIT
// What `lysisq run` leaves in the run history (ASSAY.md §4, last row) and how the history's
// judgement comes back as QC verdicts: the control values of a finished plate, the run record,
// and one level-run QcResult per judged control. Pure (src/history/run_controls.cpp,
// run_verdicts.cpp); the database is history.hpp's.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/history.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/qc.hpp"
#include "lysisq/release_run.hpp"

namespace lysisq::history {

/// The control values of one run, and why a wanted one is missing (for run.json's warnings).
struct RunControls {
  std::vector<ControlValue> controls;
  std::vector<std::string> notes;
};

/// The reference effector and target of a layout: cfg's names when given (a note when the layout
/// lacks one), else the first LAK effector and the first NK-sensitive cell-line target (else a
/// target named K562, case-insensitive). Empty names (with a note) when there is none.
struct ReferencePair {
  std::string effector, target;
  std::vector<std::string> notes;
};
ReferencePair reference_pair(const PlateLayout& layout, const HistoryConfig& cfg);

/// A 51Cr plate's controls:
/// - "<target> %spont" per target with controls (%, (S-b)/(M-b) x 100);
/// - "<target> max cpm": the net maximum M - b (cpm); with cfg.reference_date it is
///   decay-corrected to that date (51Cr, half-life 27.7 d) and named "<target> max cpm
///   (decay-corrected to <date>)"; `run_time_utc` ("YYYY-MM-DD..." of the count) gives the days;
/// - "<effector>/<target> %SL E:T <x>": the reference pair's %SL at its highest E:T (the
///   condition without labels when there is one; otherwise its labels are added to the name).
/// Undefined (NaN) values are left out with a note: the history holds finite values only.
RunControls release_run_controls(const ReleaseRunResult& r, const PlateLayout& layout, const HistoryConfig& cfg,
                                 std::string_view run_time_utc);

/// An imaging plate's controls:
/// - "<effector>/<target> % killing (<metric>) E:T <x>": the reference pair's killing (primary
///   metric) at its highest E:T, chosen as for %SL above;
/// - "<target> live targets (<role> wells)": mean live targets per well of each target's reference
///   wells (target-only, else spontaneous), the wells killing is measured against.
RunControls imaging_run_controls(const PlateRunResult& r, const PlateLayout& layout, const HistoryConfig& cfg);

/// The worst verdict of each QC check name, in order of first appearance (RunRecord::qc).
std::vector<QcSummary> qc_summaries(std::span<const QcResult> qc);

/// "20260314T101500Z-PLATE07-3fa9c2": the start time, the plate, and 24 random bits, so runs of
/// one plate within one second still differ.
std::string new_run_id(std::string_view time_utc, std::string_view plate);

/// cfg's baseline_runs, min_runs and fail_on_provisional.
BaselinePolicy baseline_policy(const HistoryConfig& cfg);

/// One QcResult per judged control: level run, check "westgard", subject the control name, the
/// value and its unit; warn_limit / fail_limit are mean +- 2 SD / 3 SD on the value's side (NaN
/// without limits); verdict from the rules (pass when in control or not yet judged); the message
/// names the z-score, the limits and each rule that fired, or why nothing was judged.
std::vector<QcResult> westgard_results(std::span<const ControlVerdict> verdicts);

}  // namespace lysisq::history
