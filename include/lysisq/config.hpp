// SPDX-License-Identifier: MIT
// AssayConfig: every setting lysisq reads, typed, with its default. Loaded and validated once in
// src/config/; stages only ever see their own sub-struct.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lysisq/backend.hpp"
#include "lysisq/lytic_units.hpp"
#include "lysisq/qc.hpp"
#include "lysisq/release.hpp"

namespace lysisq {

enum class BackgroundMethod { kNone, kTophat };
struct BackgroundParams {
  BackgroundMethod method = BackgroundMethod::kTophat;
  int radius_px = 30;  ///< half-side of the square opening; larger than the largest nucleus radius
};

struct SmoothParams {
  /// Gaussian sigma; 0 disables smoothing. Wider blur fills the gaps between touching nuclei:
  /// BBBC039 dev F1 (other defaults unchanged) 0.909 / 0.905 / 0.897 / 0.884 at 0 / 0.5 / 1 / 2.
  double sigma_px = 0.5;
};

enum class ThresholdMethod { kOtsu, kLi, kTriangle, kManual };
struct ThresholdParams {
  ThresholdMethod method = ThresholdMethod::kOtsu;
  /// Automatic threshold is multiplied by this. Otsu sits high on nuclei histograms and clips the
  /// dim rims that annotators include: BBBC039 dev F1 0.900 / 0.905 / 0.890 at 0.7 / 0.8 / 1.0.
  double correction = 0.8;
  std::optional<std::uint16_t> manual;   ///< required iff method == kManual
  /// Floor for automatic thresholds, in image units (so it depends on bit depth; 0 = none).
  /// Empty fields are guarded without it by segment_field's contrast guard (scale-free).
  std::uint16_t min_threshold = 0;
};

enum class Connectivity { k4 = 4, k8 = 8 };

struct SizeFilterParams {
  /// Smaller objects are removed (debris, noise); also the smallest watershed fragment kept.
  int min_area_px = 30;
  int max_area_px = 20000;   ///< larger objects are removed (clumps, artefacts)
};

struct SeedParams {
  /// A seed is a maximum of the distance map within this radius (square window; < 1 acts as 1).
  double min_distance_px = 5.0;
  /// Maxima shallower than this (in distance px) are merged. BBBC039 dev F1 0.901 / 0.905 /
  /// 0.902 at 0.7 / 1 / 1.5.
  double h_px = 1.0;
};

struct SegmentationParams {
  BackgroundParams background;
  SmoothParams smooth;
  ThresholdParams threshold;
  bool fill_holes = true;
  SizeFilterParams size;
  bool split_touching = true;  ///< marker-controlled watershed on the distance map
  SeedParams seeds;
  Connectivity connectivity = Connectivity::k8;
};

/// Which acquisition channel (the `w<n>` index in file names) holds which stain.
struct ChannelParams {
  int nuclear = 1;
  int target = 2;
  int dead = 3;
};

enum class ThresholdMode { kAuto, kFixed };
enum class DeathReadout { kDeadStain, kCalceinLoss };
struct ClassifyParams {
  ThresholdMode target_mode = ThresholdMode::kAuto;  ///< auto: Otsu on log intensities of the plate
  double target_threshold = 0.0;                     ///< mean target-label intensity (fixed mode)
  ThresholdMode dead_mode = ThresholdMode::kAuto;    ///< auto: Otsu among targets only
  double dead_threshold = 0.0;                       ///< mean dead-stain intensity (fixed mode)
  DeathReadout death_readout = DeathReadout::kDeadStain;
};

enum class KillingMetric { kTargetLoss, kSpecificDeath };
struct QuantParams {
  KillingMetric primary_metric = KillingMetric::kTargetLoss;
};

struct ComputeParams {
  BackendChoice backend = BackendChoice::kAuto;
  int threads = 0;  ///< CPU worker threads; 0 = all cores
};

/// How a plate folder names its images (io/discovery.hpp; configs/README.md "Input layouts").
enum class InputLayout { kAuto, kImageXpress, kOperetta, kCytation, kIncucyte, kOmeTiff, kRegex };

struct InputParams {
  /// auto: the layout the file names show; a changed filename_pattern means kRegex.
  InputLayout layout = InputLayout::kAuto;
  /// Placeholders `{plate}_{well}_s{field}_w{channel}\.tif` (lysisq/filename_pattern.hpp), or an
  /// ECMAScript regex whose groups are, in order: plate, well, field, channel (ImageXpress style).
  std::string filename_pattern = R"(^(.+)_([A-P][0-9]{2})_s([0-9]+)_w([0-9]+).*\.(tif|tiff|png)$)";
  /// Time point to analyse (TimePoint_<n>, Incucyte scans, Operetta sk<n>); 0 = the last one
  /// present, the endpoint. One time point per run: pooling them counts every cell per scan.
  int time_point = 0;
  /// Z-step to analyse (ZStep_<n>, Operetta p<n>); absent = the only plane, else the projection
  /// (ImageXpress ZStep_0); planes without a projection need one. Planes are never pooled.
  std::optional<std::uint16_t> z_step;
};

/// Kinetic (time-lapse) killing over every time point of a plate (ASSAY.md §3.2).
struct KineticsParams {
  bool enabled = false;    ///< analyse every time point (`lysisq run --kinetics`), not only one
  double interval_h = 0;   ///< hours between time points when the files carry no times; 0 = from the files
  double level_pct = 50;   ///< killing level of the KT time (50: KT50)
};

struct OutputParams {
  bool objects_csv = false;   ///< write objects.csv (one row per segmented object)
  bool label_images = false;  ///< write <field>_labels.tif next to the results
};

/// 51Cr counter exports (ASSAY.md §2.1): a list (one row per well) or an 8x12 / 16x24 matrix.
enum class CounterFormat { kAuto, kList, kMatrix };
struct CounterParams {
  CounterFormat format = CounterFormat::kAuto;
  std::string well_column = "well";  ///< list format: header of the well column (case-insensitive)
  std::string cpm_column = "cpm";    ///< list format: header of the counts column (case-insensitive)
  std::string delimiter = "auto";    ///< auto | comma | tab | semicolon
};

/// Phosphor-imager / autoradiograph scan of the harvest plate (ASSAY.md §2.1).
struct PlateImageParams {
  double disc_radius_frac = 0.35;     ///< integration disc radius, fraction of the well pitch
  double annulus_inner_frac = 0.40;   ///< local background annulus, fraction of the pitch
  double annulus_outer_frac = 0.48;
  double calibration_slope = 1.0;     ///< cpm = slope x integrated signal + offset
  double calibration_offset = 0.0;
  double max_grid_residual_px = 2.0;  ///< QC flag when the fitted grid misses spots by more
  int saturation_level = 65535;       ///< pixels at or above count as saturated
};

struct ChromiumParams {
  CounterParams counter;
  PlateImageParams plate_image;
};

/// Lytic units (ASSAY.md §3.3): method, x (% lysis) and N (per 10^N effectors); T comes from the layout.
struct LyticUnitConfig {
  assay::LuMethod method = assay::LuMethod::kExponential;
  double lysis_pct = 20;
  int per_exponent = 7;
};

/// Selectivity thresholds (ASSAY.md §3.4, §7).
struct SelectivityConfig {
  double min_lysis_pct = 10;  ///< a target counts as lysed at or above this %SL at its highest E:T
  double min_ratio = 2;       ///< autologous / cell-line LU ratio for autologous-selective
};

/// Run history (ASSAY.md §4, last row): which control values `lysisq run` records and how the
/// Levey-Jennings limits are set (history.hpp, westgard.hpp BaselinePolicy).
struct HistoryConfig {
  bool enabled = true;             ///< record each run and judge its controls (Westgard)
  std::string db_path;             ///< empty: history::default_db_path() ($LYSISQ_HISTORY_DB, XDG)
  std::string reference_effector;  ///< empty: the layout's first LAK effector
  std::string reference_target;    ///< empty: the first NK-sensitive cell line (K562)
  /// 51Cr maximum cpm are decay-corrected to this date (YYYY-MM-DD, e.g. the isotope's calibration
  /// date) before they are compared across runs; empty: the run's own date (factor 1, no correction).
  std::string reference_date;
  int baseline_runs = 20;          ///< runs that set the fixed Levey-Jennings limits
  int min_runs = 5;                ///< fewer earlier runs: no limits, nothing judged
  bool fail_on_provisional = false;  ///< rules on provisional limits fail (default: only warn)
  bool exclude_failed_runs = true;   ///< runs whose own QC failed do not enter later limits or rules
};

struct AssayConfig {
  int schema_version = 1;
  std::string assay = "fluorescence";
  InputParams input;
  ChannelParams channels;
  SegmentationParams segmentation;
  ClassifyParams classification;
  QuantParams quantification;
  KineticsParams kinetics;
  ComputeParams compute;
  OutputParams output;
  ChromiumParams chromium;
  assay::ReleaseParams release;
  LyticUnitConfig lytic_units;
  SelectivityConfig selectivity;
  QcParams qc;
  HistoryConfig history;
};

}  // namespace lysisq
