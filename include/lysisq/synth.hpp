// SPDX-License-Identifier: MIT
// Synthetic fluorescence killing-assay plates with known ground truth (ASSAY.md §6): the plate
// design, the per-well truth, and the rendered ImageXpress-style image set. Implemented in
// src/synth/. Deterministic: the same parameters give the same bytes (own PRNG and samplers).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lysisq/plate.hpp"

namespace lysisq::synth {

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
};

/// Designs the plate (ASSAY.md §6), renders every field and writes under `out_dir` (created):
///   <plate>_<well>_s<field>_w<n>.tif   n = 1 nuclear (Hoechst), 2 target label, 3 dead stain;
///                                      16-bit, deflate, values within 0..4095
///   layout.yaml                        config::layout_to_yaml of the design
///   truth.csv                          one row per well (WellTruth)
///   truth/<plate>_<well>_s<field>_labels.tif   every nucleus with its own label: live targets
///                                      first, then dead targets, then effectors (label order)
///   truth/objects.csv                  one row per nucleus: well, field, label, class, shape
/// Fields are rendered in parallel (OpenMP); the output does not depend on the thread count.
/// Throws ConfigError for invalid parameters (or a field too crowded to place), and io errors.
PlateTruth generate_fluorescence_plate(const SynthParams& p, const std::filesystem::path& out_dir);

/// Designs only (layout and drawn counts, no images); equal to what generate_fluorescence_plate
/// returns for the same parameters. Fast even with large targets_per_field.
PlateTruth design_plate(const SynthParams& p);

/// The design's killing fraction (0..1) of `effector` against `target` at `et_ratio`, or 0 for an
/// unknown pair: y = A (1 - exp(-k E:T)) through the §6 values at 40:1 and 5:1 (Pross 1981 form).
double design_killing_fraction(const std::string& effector, const std::string& target, double et_ratio);

}  // namespace lysisq::synth
