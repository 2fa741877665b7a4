// SPDX-License-Identifier: MIT
// Derived per-object measurements from the integer moments (shared by both backends).
#include "lysisq/measure.hpp"

#include <algorithm>
#include <cmath>

namespace lysisq {

ObjectMeasurement derive_measurement(int label, const ObjectMoments& m, int channel_count) {
  ObjectMeasurement out;
  out.label = label;
  out.m = m;
  out.channel_count = channel_count;
  if (m.area_px <= 0) return out;
  const double n = static_cast<double>(m.area_px);
  out.centroid_x_px = static_cast<double>(m.sum_x) / n;
  out.centroid_y_px = static_cast<double>(m.sum_y) / n;
  // Central second moments (+1/12 for the pixel's own extent, as skimage's regionprops omits;
  // we keep the plain pixel-centre form so a single pixel is a circle of eccentricity 0).
  const double mxx = static_cast<double>(m.sum_xx) / n - out.centroid_x_px * out.centroid_x_px;
  const double myy = static_cast<double>(m.sum_yy) / n - out.centroid_y_px * out.centroid_y_px;
  const double mxy = static_cast<double>(m.sum_xy) / n - out.centroid_x_px * out.centroid_y_px;
  const double common = std::sqrt(std::max(0.0, (mxx - myy) * (mxx - myy) / 4.0 + mxy * mxy));
  const double l1 = (mxx + myy) / 2.0 + common;  // major-axis variance
  const double l2 = (mxx + myy) / 2.0 - common;
  out.eccentricity = l1 > 1e-12 ? std::sqrt(std::clamp(1.0 - std::max(l2, 0.0) / l1, 0.0, 1.0)) : 0.0;
  out.equivalent_diameter_px = std::sqrt(4.0 * n / M_PI);
  for (int c = 0; c < channel_count && c < kMaxChannels; ++c)
    out.mean_intensity[std::size_t(c)] = static_cast<double>(m.intensity_sum[std::size_t(c)]) / n;
  return out;
}

}  // namespace lysisq
