// SPDX-License-Identifier: MIT
// noise_floor: median and median absolute deviation from one 16-bit histogram.
#include "noise_floor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace lysisq::detail {
namespace {

constexpr int kBins = 65536;

std::vector<std::uint64_t> histogram(U16View img) {
  std::vector<std::uint64_t> hist(kBins, 0);
#pragma omp parallel
  {
    std::vector<std::uint64_t> local(kBins, 0);
#pragma omp for schedule(static) nowait
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) ++local[img.row(y)[x]];
#pragma omp critical(lysisq_noise_floor_merge)
    for (std::size_t v = 0; v < local.size(); ++v) hist[v] += local[v];
  }
  return hist;
}

}  // namespace

u16 noise_floor(U16View img) {
  if (img.empty()) return 0;
  const std::vector<std::uint64_t> hist = histogram(img);
  const std::uint64_t half = (img.pixel_count() + 1) / 2;
  int median = 0;
  for (std::uint64_t seen = hist[0]; seen < half;) seen += hist[std::size_t(++median)];
  // Deviations |v - median| counted outward from the median until half the pixels are covered.
  int mad = 0;
  for (std::uint64_t seen = hist[std::size_t(median)]; seen < half;) {
    ++mad;
    if (median - mad >= 0) seen += hist[std::size_t(median - mad)];
    if (median + mad < kBins) seen += hist[std::size_t(median + mad)];
  }
  const double sigma = std::max(1.4826 * mad, 1.0);
  return static_cast<u16>(std::min(65535.0, std::ceil(median + kNoiseFloorSigmas * sigma)));
}

}  // namespace lysisq::detail
