// SPDX-License-Identifier: MIT
// Synthetic killing-assay plates with known ground truth (ASSAY.md §6): fluorescence (the plate
// design, the per-well truth, the rendered ImageXpress-style image set) and 51Cr release (counter
// export and phosphor scan of the same design). Implemented in src/synth/. Deterministic: the same
// parameters give the same bytes (own PRNG and samplers).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::synth {

/// Faults built to fail (or warn) one QC check (ASSAY.md §4) on a known well, truth kept
/// consistent with what is rendered (`lysisq synth --fault`). Fluorescence: saturated-field (one
/// field's w1 at a gain clipping > 5 % of it at 65535), blurred-field (optics sigma 4 px, not 0.8),
/// empty-field (no cells), replicate-outlier (one replicate well seeded with half the targets).
/// Chromium: high-spont (K562 spontaneous 30 % of maximum), low-max (K562 maximum 2.5 x its
/// spontaneous: window < 3), replicate-outlier (one experimental well counting 40 % low).
enum class Fault { kSaturatedField, kBlurredField, kEmptyField, kReplicateOutlier, kHighSpont, kLowMax };

struct FaultInfo {
  Fault fault;
  const char* name;             ///< as given to --fault: "saturated-field", ...
  bool fluorescence, chromium;  ///< which plate kinds it applies to
  const char* check;            ///< the QC check it is built to fail or warn
};
std::span<const FaultInfo> fault_catalogue();
std::optional<Fault> parse_fault(std::string_view name);
const char* fault_name(Fault f);

/// Where a fault was put: its well (and field, 0 = every field of the well) and what was done.
struct FaultTruth {
  Fault fault = Fault::kReplicateOutlier;
  WellId well;
  int field = 0;
  std::string description;
};

struct SynthParams {
  std::string plate_name = "SYNTH01";  ///< file-name prefix; letters, digits, '-' and '_' only
  std::uint64_t seed = 1;
  int wells = 96;   ///< 96 (8x12) or 384 (16x24); selects the design (see docs in design.cpp)
  int fields = 2;   ///< fields per well, 1..16
  int width = 512, height = 512;  ///< field size in px, 96 (and 12 nucleus radii)..4096 each

  /// Targets seeded in every field of every well. 0 = automatic: one per 2500 px^2 of field
  /// (105 at 512x512, 10 at 160x160; fewer where a tiny field would be overcrowded). The same in
  /// every well, so T-only and E+T wells compare.
  int targets_per_field = 0;
  /// Equivalent radius (sqrt(a*b)) of a live target nucleus in px. Effector nuclei are 0.6x,
  /// dead target nuclei 0.8x (condensed), target cell bodies 1.7x.
  double nucleus_radius_px = 8.0;
  /// Effectors per target in a field = min(et_ratio * effectors_per_et, max_effectors_per_target):
  /// the real E:T (up to 80:1) would bury the targets, so effectors are scaled down (40:1 -> 6,
  /// 5:1 -> 0.75 per target) and capped (80:1 -> 8); the layout keeps the nominal E:T.
  double effectors_per_et = 0.15;
  double max_effectors_per_target = 8.0;
  double touching_target_fraction = 0.2;    ///< targets placed touching another target's nucleus
  double clustered_effector_fraction = 0.6; ///< effectors placed at a target's cell body edge
  /// Faults to build in (fluorescence ones only; each at most once). Wells, by position in the
  /// layout's experimental wells (row-major), so that faults can be combined: saturated-field
  /// the 13th (B01 on 96 wells), blurred-field the 40th (D04), empty-field the 55th (E07), each
  /// on field 1; replicate-outlier the 22nd (B10), every field.
  std::vector<Fault> faults;
  /// Time-lapse: 0 = one flat plate; N >= 2 = N scans of the plate (ImageXpress TimePoint_1..N,
  /// 2..1000; 1 or < 0 is refused, and so are faults with a time-lapse). Scan k realises the share
  /// s_k = (k-1)/(N-1) of every experimental well's design killing: scan 1 none yet, scan N the
  /// full design (the flat plate's truth). Controls keep their state (maximum wells 100 %). The
  /// counts of a well are drawn once and thinned as s_k grows (its dead targets never come back
  /// to life; target-only wells stay constant), while each scan places the cells anew (they move).
  int time_points = 0;
  /// Hours between scans (> 0): scan k is at (k-1) x interval_h in kinetic_truth.csv; analyse with
  /// kinetics.interval_h set to the same value.
  double interval_h = 4;
};

/// Ground truth of one well, summed over its fields.
struct WellTruth {
  WellId well;
  WellRole role = WellRole::kExperimental;
  std::string target, effector;  ///< effector empty for control wells
  double et_ratio = 0;           ///< nominal E:T (0 for control wells)
  int live_targets = 0, dead_targets = 0, effectors = 0;
  /// target_loss from the drawn counts: (1 - live / mean live of this target's spontaneous wells)
  /// x 100; signed (spontaneous wells scatter around 0; maximum wells are 100).
  double true_killing_pct = 0;
  /// The design's expected killing (the §6 curve at this E:T; 0 spontaneous, 100 maximum).
  double design_killing_pct = 0;
};

struct PlateTruth {
  PlateLayout layout;
  std::vector<WellTruth> wells;  ///< same order as layout.wells
  std::vector<FaultTruth> faults;  ///< in SynthParams::faults order
};

/// Designs the plate (ASSAY.md §6), renders every field and writes under `out_dir` (created):
///   <plate>_<well>_s<field>_w<n>.tif   n = 1 nuclear (Hoechst), 2 target label, 3 dead stain;
///                                      16-bit, deflate, values within 0..4095
///   layout.yaml                        config::layout_to_yaml of the design
///   truth.csv                          one row per well (WellTruth)
///   truth/<plate>_<well>_s<field>_labels.tif   every nucleus with its own label: live targets
///                                      first, then dead targets, then effectors (label order)
///   truth/objects.csv                  one row per nucleus: well, field, label, class, shape
///   truth_faults.csv                   only with faults: fault, well, field, description
/// With p.time_points = N >= 2, a time-lapse instead (src/synth/write_kinetic.cpp):
///   layout.yaml                        once, for every scan
///   TimePoint_<k>/ (k = 1..N)          scan k: the image set, truth.csv and truth/ as above, with
///                                      the same file names; truth/params.txt adds the time point
///   kinetic_truth.csv                  target,effector,et_ratio,time_point,time_h,
///                                      design_killing_pct (KineticTruthRow)
/// and returns the truth of scan N.
/// Fields are rendered in parallel (OpenMP); the output does not depend on the thread count.
/// Throws ConfigError for invalid parameters (or a field too crowded to place), and io errors.
PlateTruth generate_fluorescence_plate(const SynthParams& p, const std::filesystem::path& out_dir);

/// Designs only (layout and drawn counts, no images); equal to what generate_fluorescence_plate
/// returns for the same parameters. Fast even with large targets_per_field.
PlateTruth design_plate(const SynthParams& p);

/// One experimental condition at one scan of a time-lapse (a row of kinetic_truth.csv).
struct KineticTruthRow {
  std::string target, effector;
  double et_ratio = 0;
  int time_point = 1;             ///< k of TimePoint_<k>
  double time_h = 0;              ///< (k - 1) x interval_h
  /// s_k x the condition's design killing: the expected time-normalised %killing at time_h, since
  /// N_ET(t)/N_ET(t0) = 1 - s_k K while the target-only wells stay constant.
  double design_killing_pct = 0;
};

/// Designs scan `time_point` (1..p.time_points) of a time-lapse without rendering: what
/// TimePoint_<time_point>/truth.csv holds. ConfigError for a flat plate's parameters
/// (time_points 0) or a time point out of range.
PlateTruth design_time_point(const SynthParams& p, int time_point);

/// The rows of kinetic_truth.csv: every experimental condition (in layout order of its first
/// well) at time points 1..N. ConfigError as design_time_point.
std::vector<KineticTruthRow> kinetic_truth(const SynthParams& p);

/// The design's killing fraction (0..1) of `effector` against `target` at `et_ratio`, or 0 for an
/// unknown pair: y = A (1 - exp(-k E:T)) through the §6 values at 40:1 and 5:1 (Pross 1981 form).
double design_killing_fraction(const std::string& effector, const std::string& target, double et_ratio);

// ---- 51Cr release plates (src/synth/chromium_*.cpp) ----

struct ChromiumSynthParams {
  std::string plate_name = "CR01";  ///< letters, digits, '-' and '_' only
  std::uint64_t seed = 1;
  int wells = 96;                   ///< 96 or 384: the same layout as the fluorescence design
  double pitch_px = 28;             ///< well pitch in plate.tif, 12..64 px
  double max_cpm = 5000;            ///< mean maximum release; each target scales it by 0.8..1.2
  double count_time_min = 1;        ///< counting time: Poisson noise on cpm x time counts
  double counter_background_cpm = 20;  ///< instrument background in every count (not in the scan)
  double max_angle_deg = 3;         ///< the scan is turned by a seeded angle in [-max, max], <= 10
  bool drop_spot = false;           ///< one experimental well's spot is missing from the scan
  /// Faults to build in (chromium ones only; each at most once): high-spont and low-max act on
  /// K562's controls (and its experimental wells, which sit on the same baseline); replicate-outlier
  /// on the 13th experimental well (B01 on 96 wells: LAK-D1 vs K562 at 40:1).
  std::vector<Fault> faults;
};

/// One plate position of a chromium plate.
struct ChromiumWellTruth {
  WellId well;
  bool used = false;     ///< in the layout; unused positions count background and have no spot
  bool in_scan = false;  ///< has a spot in plate.tif (used and not the dropped spot)
  WellRole role = WellRole::kExperimental;  ///< meaningful only when used
  std::string target, effector;
  double et_ratio = 0;
  double expected_cpm = 0;  ///< the design's mean count rate, background included
  double true_cpm = 0;      ///< the counted rate (Poisson counts / time): what counts.csv says
  /// Integrated grey levels of the spot: signal_per_cpm x (true_cpm - counter background), 0
  /// without a spot. The scan sees the well's own activity, not the counter's background.
  double scan_signal = 0;
  double x_px = 0, y_px = 0;  ///< spot centre in plate.tif (pixel centres at integers)
};

/// One experimental condition: %SL from the true (noisy) cpm with the ASSAY.md §3.1 formula.
struct ChromiumConditionTruth {
  std::string target, effector;
  double et_ratio = 0;
  int n = 0;                     ///< replicate wells
  double mean_cpm = 0;           ///< E
  double spontaneous_cpm = 0;    ///< S: mean of the target's spontaneous wells
  double maximum_cpm = 0;        ///< M: mean of the target's maximum wells
  double true_lysis_pct = 0;     ///< (E - S) / (M - S) x 100
  double design_lysis_pct = 0;   ///< design_killing_fraction x 100 (the expectation)
};

/// Geometry and calibration of plate.tif.
struct ChromiumScanTruth {
  int width = 0, height = 0;
  double angle_deg = 0, pitch_px = 0;
  double a01_x_px = 0, a01_y_px = 0;
  double signal_per_cpm = 0;  ///< integrated grey levels per net cpm
  /// cpm = calibration_slope x net signal + calibration_offset maps a spot back to true_cpm.
  double calibration_slope = 0, calibration_offset = 0;
};

struct ChromiumPlateTruth {
  PlateLayout layout;                          ///< the fluorescence design's layout, T = 1e4 per well
  std::vector<ChromiumWellTruth> wells;        ///< every plate position, row-major (A01, A02, ...)
  std::vector<ChromiumConditionTruth> conditions;  ///< in layout order of first well
  ChromiumScanTruth scan;
  std::vector<FaultTruth> faults;              ///< in ChromiumSynthParams::faults order
};

/// Designs a 51Cr plate without writing anything: counts and the scan geometry. Spontaneous
/// release 6-10 % of maximum (per target; ASSAY.md §6 at 4 h), 3 % seeding CV per well, %SL of
/// the experimental wells from design_killing_fraction. Throws ConfigError for invalid parameters.
ChromiumPlateTruth design_chromium_plate(const ChromiumSynthParams& p);

/// The 16-bit phosphor scan of a designed plate: one blurred-disc spot per well holding
/// scan_signal, turned by scan.angle_deg, on a seeded background ramp, with read and shot noise.
Image<u16> render_chromium_scan(const ChromiumSynthParams& p, const ChromiumPlateTruth& truth);

/// Designs, renders and writes under `out_dir` (created):
///   counts.csv            counter list export: preamble lines, `Well,CPM,CPM Error %,Counts,
///                         Count Time (s)`, one row per plate position, a footer line
///   plate.tif             16-bit phosphor scan (deflate)
///   layout.yaml           config::layout_to_yaml of the design
///   truth.csv             one row per plate position (ChromiumWellTruth)
///   truth_conditions.csv  one row per experimental condition (ChromiumConditionTruth)
///   truth_scan.txt        the parameters and the scan geometry and calibration
///   truth_faults.csv      only with faults: fault, well, field, description
ChromiumPlateTruth generate_chromium_plate(const ChromiumSynthParams& p, const std::filesystem::path& out_dir);

}  // namespace lysisq::synth
