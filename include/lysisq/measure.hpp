// SPDX-License-Identifier: MIT
// Per-object measurements and the declared output columns.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace lysisq {

inline constexpr int kMaxChannels = 4;

/// Raw per-object sums: integers, so the CPU and CUDA backends agree exactly.
struct ObjectMoments {
  std::int64_t area_px = 0;
  std::int64_t sum_x = 0, sum_y = 0;              ///< pixel coordinates
  std::int64_t sum_xx = 0, sum_yy = 0, sum_xy = 0;
  int bbox_x0 = 0, bbox_y0 = 0, bbox_x1 = 0, bbox_y1 = 0;  ///< inclusive
  std::array<std::int64_t, kMaxChannels> intensity_sum{};
};

/// Derived measurements of one labelled object (label = index + 1 after canonicalisation).
struct ObjectMeasurement {
  int label = 0;
  ObjectMoments m;
  double centroid_x_px = 0, centroid_y_px = 0;
  double eccentricity = 0;  ///< of the ellipse with the same second moments (0 = circle)
  double equivalent_diameter_px = 0;
  std::array<double, kMaxChannels> mean_intensity{};
  int channel_count = 0;
};

/// Fills the derived fields from the integer moments.
ObjectMeasurement derive_measurement(int label, const ObjectMoments& m, int channel_count);

}  // namespace lysisq
