// SPDX-License-Identifier: MIT
// bench_segment: per-stage and whole-field CPU time of segment_field on synthetic two-channel
// u16 fields (1024^2, 2048^2, 4096^2), median over repetitions; prints a Markdown table.
// Usage: bench_segment [repetitions (default 5)] [largest side (default 4096)]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "lysisq/pipeline.hpp"

using namespace lysisq;

namespace {

// Nucleus-like field: one blob per ~2,400 px^2 (BBBC039's densest dev image has one per ~1,900),
// radii 6-14 px, brightness 400-2,000 above a background of 150 +- 12 (12-bit-like data), a
// slow background gradient, and a second channel with independent per-blob brightness.
std::vector<Image<u16>> make_field(int side, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 12.0);
  std::vector<Image<u16>> ch(2, Image<u16>(side, side));
  std::vector<double> base(std::size_t(side) * std::size_t(side));
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) base[std::size_t(y) * side + x] = 150.0 + 40.0 * x / side;
  std::vector<double> second = base;
  std::uniform_real_distribution<double> pos(0, side), rad(6, 14), bright(400, 2000);
  const int blobs = side * side / 2400;
  for (int b = 0; b < blobs; ++b) {
    const double cx = pos(rng), cy = pos(rng), r = rad(rng), v = bright(rng), v2 = bright(rng) / 2;
    for (int y = std::max(0, int(cy - r)); y <= std::min(side - 1, int(cy + r)); ++y)
      for (int x = std::max(0, int(cx - r)); x <= std::min(side - 1, int(cx + r)); ++x) {
        const double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
        if (d2 > 1) continue;
        base[std::size_t(y) * side + x] = std::max(base[std::size_t(y) * side + x], 150.0 + v * (1.0 - 0.3 * d2));
        second[std::size_t(y) * side + x] += v2;
      }
  }
  for (std::size_t i = 0; i < base.size(); ++i) {
    ch[0][i] = static_cast<u16>(std::clamp(base[i] + noise(rng), 0.0, 4095.0));
    ch[1][i] = static_cast<u16>(std::clamp(second[i] + noise(rng), 0.0, 4095.0));
  }
  return ch;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

struct SizeResult {
  int side = 0;
  std::map<std::string, double> stage_ms;  ///< median per stage
  double total_ms = 0;                     ///< median of whole segment_field calls
  std::size_t objects = 0;
};

SizeResult bench_size(int side, int reps) {
  const std::vector<Image<u16>> field = make_field(side, 1234u + std::uint32_t(side));
  const std::vector<U16View> views{field[0].view(), field[1].view()};
  SizeResult r;
  r.side = side;
  std::map<std::string, std::vector<double>> samples;
  std::vector<double> totals;
  segment_field(views, SegmentationParams{}, Backend::kCpu);  // warm-up: page faults, thread pool
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const FieldSegmentation seg = segment_field(views, SegmentationParams{}, Backend::kCpu);
    totals.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    for (const StageTiming& t : seg.timings) samples[t.stage].push_back(t.ms);
    r.objects = seg.objects.size();
  }
  for (const auto& [stage, v] : samples) r.stage_ms[stage] = median(v);
  r.total_ms = median(totals);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const int largest = argc > 2 ? std::atoi(argv[2]) : 4096;
  std::vector<SizeResult> results;
  for (int side = 1024; side <= largest; side *= 2) results.push_back(bench_size(side, reps));

  // Stage rows in pipeline order, as the first run recorded them.
  const std::vector<std::string> order{"background", "smooth", "threshold", "fill_holes", "size_filter",
                                       "distance_transform", "seeds", "watershed", "fold_small", "label",
                                       "canonicalize", "measure"};
  std::printf("segment_field, default SegmentationParams, 2 channels, CPU, %d OpenMP threads, median of %d\n\n",
              omp_get_max_threads(), reps);
  std::printf("| stage (ms) |");
  for (const SizeResult& r : results) std::printf(" %d² |", r.side);
  std::printf("\n|---|");
  for (std::size_t i = 0; i < results.size(); ++i) std::printf("---:|");
  std::printf("\n");
  for (const std::string& stage : order) {
    if (results.empty() || !results[0].stage_ms.count(stage)) continue;
    std::printf("| %s |", stage.c_str());
    for (const SizeResult& r : results) std::printf(" %.1f |", r.stage_ms.at(stage));
    std::printf("\n");
  }
  std::printf("| **whole field** |");
  for (const SizeResult& r : results) std::printf(" **%.1f** |", r.total_ms);
  std::printf("\n| ms per megapixel |");
  for (const SizeResult& r : results) std::printf(" %.1f |", r.total_ms / (double(r.side) * r.side / 1e6));
  std::printf("\n| objects |");
  for (const SizeResult& r : results) std::printf(" %zu |", r.objects);
  std::printf("\n");
  return 0;
}
