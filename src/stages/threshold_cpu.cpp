// SPDX-License-Identifier: MIT
// Global thresholding on the CPU: a parallel 16-bit histogram, then the rules in
// kernels/ops/threshold_op.hpp (which document how they match scikit-image).
#include "threshold_cpu.hpp"

#include "kernels/ops/threshold_op.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {

std::vector<std::uint64_t> histogram_u16(U16View img) {
  std::vector<std::uint64_t> hist(ops::kHistBins, 0);
  const bool par = go_parallel(img.pixel_count());
#pragma omp parallel if (par)
  {
    // One private histogram per thread, merged once: no atomics in the pixel loop.
    std::vector<std::uint64_t> local(ops::kHistBins, 0);
#pragma omp for schedule(static) nowait
    for (int y = 0; y < img.height; ++y) {
      const u16* row = img.row(y);
      for (int x = 0; x < img.width; ++x) ++local[row[x]];
    }
#pragma omp critical(lysisq_histogram_merge)
    for (int v = 0; v < ops::kHistBins; ++v) hist[std::size_t(v)] += local[std::size_t(v)];
  }
  return hist;
}

u16 select_threshold(U16View img, const ThresholdParams& p) {
  if (p.method == ThresholdMethod::kManual) return *p.manual;
  const std::vector<std::uint64_t> hist = histogram_u16(img);
  int lo = 0, hi = 0;
  ops::hist_range(hist.data(), &lo, &hi);
  // A constant image has no split; its value puts every pixel in the background.
  if (lo >= hi) return static_cast<u16>(lo);
  double t = 0;
  switch (p.method) {
    case ThresholdMethod::kOtsu: t = ops::otsu_threshold(hist.data(), lo, hi); break;
    case ThresholdMethod::kLi: t = ops::li_threshold(hist.data(), lo, hi); break;
    case ThresholdMethod::kTriangle: t = ops::triangle_threshold(hist.data(), lo, hi); break;
    case ThresholdMethod::kManual: break;
  }
  return ops::corrected_threshold(t, p.correction, p.min_threshold);
}

Mask apply_threshold(U16View img, u16 t) {
  Mask out(img.width, img.height);
  const bool par = go_parallel(img.pixel_count());
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < img.height; ++y) {
    const u16* row = img.row(y);
    u8* o = out.data() + std::size_t(y) * img.width;
    for (int x = 0; x < img.width; ++x) o[x] = ops::threshold_pixel(row[x], t);
  }
  return out;
}

}  // namespace lysisq::cpu
