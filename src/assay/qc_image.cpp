// SPDX-License-Identifier: MIT
// Image QC: saturation and Laplacian focus metrics in one pass, and the image-level checks.
#include "lysisq/qc_image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "lysisq/errors.hpp"
#include "qc_eval.hpp"

namespace lysisq {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> sample_values(std::span<const QcSample> samples) {
  std::vector<double> v;
  v.reserve(samples.size());
  for (const QcSample& s : samples) v.push_back(s.value);
  return v;
}

/// Sums of one interior row's Laplacian responses. Exact in int64: |L| <= 4 x 65535, so L^2 <
/// 6.9e10 and a row of up to 1e8 pixels stays below 2^63.
struct LapRow {
  std::int64_t sum = 0, sum_sq = 0;
};
LapRow laplacian_row(const u16* up, const u16* mid, const u16* down, int width) {
  LapRow r;
  for (int x = 1; x + 1 < width; ++x) {
    const std::int64_t l = std::int64_t(up[x]) + down[x] + mid[x - 1] + mid[x + 1] - 4 * std::int64_t(mid[x]);
    r.sum += l;
    r.sum_sq += l * l;
  }
  return r;
}

}  // namespace

u16 bit_depth_max(int bits) {
  LYSISQ_EXPECTS(bits >= 1 && bits <= 16, "bit_depth_max: bits must be in 1..16");
  return static_cast<u16>((1u << bits) - 1u);
}

ImageQuality measure_image_quality(U16View img, u16 saturation_level) {
  ImageQuality q;
  q.pixel_count = static_cast<std::int64_t>(img.pixel_count());
  if (img.empty()) {
    q.saturated_pct = q.mean_intensity = q.laplacian_var = q.focus_score = kNaN;
    return q;
  }
  // Row totals are exact integers; only the plate-sized totals are doubles.
  double intensity_sum = 0, lap_sum = 0, lap_sum_sq = 0;
  for (int y = 0; y < img.height; ++y) {
    const u16* row = img.row(y);
    std::int64_t row_sum = 0, row_sat = 0;
    for (int x = 0; x < img.width; ++x) {
      row_sum += row[x];
      row_sat += row[x] >= saturation_level ? 1 : 0;
    }
    intensity_sum += static_cast<double>(row_sum);
    q.saturated_px += row_sat;
    if (y >= 1 && y + 1 < img.height && img.width >= 3) {
      const LapRow l = laplacian_row(img.row(y - 1), row, img.row(y + 1), img.width);
      lap_sum += static_cast<double>(l.sum);
      lap_sum_sq += static_cast<double>(l.sum_sq);
    }
  }
  const double n = static_cast<double>(q.pixel_count);
  q.saturated_pct = static_cast<double>(q.saturated_px) / n * 100.0;
  q.mean_intensity = intensity_sum / n;
  if (img.width < 3 || img.height < 3) {
    q.laplacian_var = q.focus_score = kNaN;
    return q;
  }
  const double n_in = double(img.width - 2) * double(img.height - 2);
  const double lap_mean = lap_sum / n_in;
  q.laplacian_var = std::max(0.0, lap_sum_sq / n_in - lap_mean * lap_mean);
  q.focus_score = q.mean_intensity > 0 ? q.laplacian_var / q.mean_intensity : 0.0;
  return q;
}

QcResult check_saturation(const std::string& subject, double saturated_pct, const QcParams& p) {
  return detail::qc_one_sided("saturation", subject, saturated_pct, p.saturation_warn_pct,
                              p.saturation_fail_pct, QcBound::kMax);
}

std::vector<QcResult> check_focus(std::span<const QcSample> fields, const QcParams& p) {
  const double med = detail::qc_median(sample_values(fields));
  const std::string note = detail::qc_number(p.focus_warn_ratio) + " x median " + detail::qc_number(med);
  std::vector<QcResult> out;
  out.reserve(fields.size());
  for (const QcSample& f : fields)
    out.push_back(detail::qc_one_sided("focus", f.subject, f.value, p.focus_warn_ratio * med, kNaN,
                                       QcBound::kMin, note));
  return out;
}

std::vector<QcResult> check_field_counts(std::span<const QcSample> fields, const QcParams& p) {
  const double med = detail::qc_median(sample_values(fields));
  const double r = p.field_count_warn_ratio;
  // The floor for an empty field applies even when the median itself is (near) zero.
  const double lo = std::fmax(med / r, p.field_count_min_objects);
  const double hi = med * r;
  const std::string note = detail::qc_median_note(1.0 / r, r, med) + ", at least " +
                           detail::qc_number(p.field_count_min_objects);
  std::vector<QcResult> out;
  out.reserve(fields.size());
  for (const QcSample& f : fields)
    out.push_back(detail::qc_warn_range("field_count", f.subject, f.value, lo, hi, true, note));
  return out;
}

}  // namespace lysisq
