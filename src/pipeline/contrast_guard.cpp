// SPDX-License-Identifier: MIT
// has_foreground_contrast: median and MAD of the background side from one 16-bit histogram.
#include "contrast_guard.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lysisq::detail {
namespace {

std::vector<std::uint64_t> histogram(U16View img) {
  std::vector<std::uint64_t> hist(65536, 0);
#pragma omp parallel
  {
    std::vector<std::uint64_t> local(hist.size(), 0);
#pragma omp for schedule(static) nowait
    for (int y = 0; y < img.height; ++y) {
      const u16* row = img.row(y);
      for (int x = 0; x < img.width; ++x) ++local[row[x]];
    }
#pragma omp critical(lysisq_contrast_guard_merge)
    for (std::size_t v = 0; v < local.size(); ++v) hist[v] += local[v];
  }
  return hist;
}

}  // namespace

bool has_foreground_contrast(U16View img, u16 t) {
  if (img.empty()) return false;
  const std::vector<std::uint64_t> hist = histogram(img);
  const int top = t;  // background side: bins 0 .. t
  std::uint64_t n = 0;
  for (int v = 0; v <= top; ++v) n += hist[std::size_t(v)];
  if (n == 0) return true;  // every pixel above t: no background to compare with
  const std::uint64_t half = (n + 1) / 2;
  int median = 0;
  for (std::uint64_t seen = hist[0]; seen < half;) seen += hist[std::size_t(++median)];
  // Deviations |v - median| counted outward from the median until half the pixels are covered.
  int mad = 0;
  for (std::uint64_t seen = hist[std::size_t(median)]; seen < half;) {
    ++mad;
    if (median - mad >= 0) seen += hist[std::size_t(median - mad)];
    if (median + mad <= top) seen += hist[std::size_t(median + mad)];
  }
  const double sigma = std::max(1.4826 * mad, 1.0);
  return double(t) >= double(median) + kMinContrastSigmas * sigma;
}

}  // namespace lysisq::detail
