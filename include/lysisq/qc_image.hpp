// SPDX-License-Identifier: MIT
// Image-level QC (ASSAY.md §4): per-image saturation and focus metrics in one pass, and the
// image checks (saturation, focus vs the plate median, object count vs the plate median).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/qc.hpp"

namespace lysisq {

/// Largest value of a `bits`-bit image, e.g. 4095 for 12 bits (bits in 1..16).
u16 bit_depth_max(int bits);

/// Per-image quality metrics.
struct ImageQuality {
  std::int64_t pixel_count = 0;
  std::int64_t saturated_px = 0;  ///< pixels >= the saturation level
  double saturated_pct = 0;       ///< saturated_px / pixel_count x 100
  double mean_intensity = 0;      ///< over all pixels
  /// Population variance of the 3x3 Laplacian [0 1 0; 1 -4 1; 0 1 0] (OpenCV's cv::Laplacian
  /// with ksize 1) over the interior pixels (x in 1..w-2, y in 1..h-2, so no border rule
  /// enters). NaN for images smaller than 3x3.
  double laplacian_var = 0;
  /// Normalised variance of the Laplacian: laplacian_var / mean_intensity (0 when the image is
  /// all zero). Like CellProfiler's FocusScore (a normalised variance; Groen et al. 1985) but on
  /// the Laplacian, which weights the fine detail that defocus removes. Divided by the mean, not
  /// its square: with N similar cells both terms grow like N, so the score does not depend on
  /// cell density (killed wells keep their score) but scales with brightness: compare fields of
  /// one plate and channel only, as the focus check does.
  double focus_score = 0;
};

/// One pass over `img` (row by row, integer accumulators per row; no allocation).
/// `saturation_level`: the camera's maximum, 65535 for 16-bit data or bit_depth_max(bits) for
/// data declared with fewer bits.
ImageQuality measure_image_quality(U16View img, u16 saturation_level = 65535);

/// Saturated pixels, %: warn above saturation_warn_pct, fail above saturation_fail_pct.
QcResult check_saturation(const std::string& subject, double saturated_pct, const QcParams& p);

/// Focus score of each field vs the median of the fields given (one plate, one channel): warns
/// below focus_warn_ratio x median. One result per sample, input order; warn_limit is absolute.
std::vector<QcResult> check_focus(std::span<const QcSample> fields, const QcParams& p);

/// Object count of each field vs the median of the fields given: warns outside
/// [median / field_count_warn_ratio, median x field_count_warn_ratio], and always below
/// field_count_min_objects (an empty field warns even on a plate of empty fields). Pass only
/// fields of wells that should hold cells (not background wells), and group wells whose counts
/// are meant to be alike (many effectors at high E:T add objects).
std::vector<QcResult> check_field_counts(std::span<const QcSample> fields, const QcParams& p);

}  // namespace lysisq
