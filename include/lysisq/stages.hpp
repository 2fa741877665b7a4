// SPDX-License-Identifier: MIT
// One public function per segmentation stage. Each checks its preconditions and dispatches to the
// CPU twin or the CUDA launcher (src/stages/<stage>.cpp); stages without a CUDA path yet run on the
// CPU whatever the backend (see stage_registry()).
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "lysisq/backend.hpp"
#include "lysisq/config.hpp"
#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"
#include "lysisq/measure.hpp"

namespace lysisq {

/// White top-hat (image minus its grey opening with a square of half-side radius_px); kNone copies.
Image<u16> subtract_background(U16View img, const BackgroundParams& p, Backend b);

/// Gaussian smoothing (sigma_px, kernel radius ceil(3 sigma), reflected border), rounded to u16.
Image<u16> smooth(U16View img, const SmoothParams& p, Backend b);

/// Threshold value t chosen on the full 16-bit histogram; foreground iff v > t (skimage `image > t`).
u16 select_threshold(U16View img, const ThresholdParams& p, Backend b);

/// Mask of pixels strictly above t.
Mask apply_threshold(U16View img, u16 t, Backend b);

/// Fills background regions not connected (4-conn) to the image border.
Mask fill_holes(MaskView mask, Backend b);

/// Removes connected components whose area is outside [min_area_px, max_area_px].
Mask filter_size(MaskView mask, const SizeFilterParams& p, Connectivity c, Backend b);

/// Exact squared Euclidean distance of each foreground pixel to the nearest background pixel
/// (pixels outside the image count as background); 0 on background.
Image<u32> distance_transform_sq(MaskView mask, Backend b);

/// Seed markers: connected plateaus of distance maxima (see SeedParams), labelled 1..N in raster order
/// (definition: src/stages/seeds.cpp).
LabelImage find_seeds(ImageView<const u32> dist_sq, const SeedParams& p, Backend b);

/// Marker-controlled watershed on the distance map: every foreground pixel gets the label of one
/// seed, flooding from high to low distance; ties go to the smaller label (deterministic). A mask
/// component without a seed becomes one object labelled after the largest seed label
/// (definition: src/stages/watershed.cpp).
LabelImage watershed(ImageView<const u32> dist_sq, const LabelImage& seeds, MaskView mask, Backend b);

/// Connected components, labels 1..N numbered in raster order of first pixel.
LabelImage label_components(MaskView mask, Connectivity c, Backend b);

/// Per-object integer moments and intensity sums over up to kMaxChannels channels: one entry per
/// label 1..max_label (result[i].label == i + 1; a label absent from the image has area 0).
std::vector<ObjectMeasurement> measure_objects(const LabelImage& labels,
                                               std::span<const U16View> channels, Backend b);

/// Static description of a stage, for --help, timing output and the CPU fallback rule.
struct StageInfo {
  std::string_view name;
  std::string_view description;
  bool has_cuda;
  std::string_view config_key;
};
std::span<const StageInfo> stage_registry();

}  // namespace lysisq
