// SPDX-License-Identifier: MIT
// The device's threshold selection (kernels/cuda/threshold.cu) emulated on the host: prefix sums,
// one score per bin, and a first-maximum reduction taken in scrambled orders must give exactly
// the sequential rules of ops/threshold_op.hpp and segment_field's contrast guard.
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/ops/contrast_op.hpp"
#include "kernels/ops/threshold_op.hpp"
#include "lysisq/image.hpp"
#include "pipeline/contrast_guard.hpp"

using namespace lysisq;
using ops::HistCount;

namespace {

struct Best {
  double score;
  int idx;
};
// The kernel's reduction operator: larger score, ties to the smaller index.
Best first_max(Best a, Best b) { return (a.score > b.score || (a.score == b.score && a.idx < b.idx)) ? a : b; }

/// Reduces candidates in a seeded random order (a stand-in for any block schedule).
Best reduce(std::vector<Best> c, std::uint32_t seed) {
  std::shuffle(c.begin(), c.end(), std::mt19937(seed));
  Best acc{-1.0e300, INT_MAX};
  for (const Best& b : c) acc = first_max(acc, b);
  return acc;
}

struct Prefix {
  std::vector<HistCount> C, S;
};
Prefix prefix(const std::vector<HistCount>& h) {
  Prefix p{std::vector<HistCount>(h.size()), std::vector<HistCount>(h.size())};
  HistCount c = 0, s = 0;
  for (std::size_t v = 0; v < h.size(); ++v) c += h[v], s += h[v] * HistCount(v), p.C[v] = c, p.S[v] = s;
  return p;
}

/// Random image-like histograms: a noisy background mode, a bright mode, sometimes plateaus
/// (repeated counts make ties) and a wide 16-bit range.
Image<u16> random_image(std::uint32_t seed) {
  std::mt19937 rng(seed);
  const int kind = int(seed % 4);
  Image<u16> img(64, 48);
  std::normal_distribution<double> bg(kind == 3 ? 20000 : 150, kind == 2 ? 0.6 : 12), fg(kind == 3 ? 40000 : 900, 150);
  std::uniform_real_distribution<double> u(0, 1);
  for (auto& v : img.pixels()) {
    const double x = u(rng) < 0.3 ? fg(rng) : bg(rng);
    v = static_cast<u16>(std::clamp(x, 0.0, 65535.0));
  }
  return img;
}

std::vector<HistCount> hist_of(const Image<u16>& img) {
  std::vector<HistCount> h(ops::kHistBins, 0);
  for (const u16 v : img.pixels()) ++h[v];
  return h;
}

}  // namespace

TEST_CASE("threshold select: per-bin scores reduced in any order equal the sequential rules", "[ops]") {
  const std::uint32_t seed = GENERATE(take(12, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const std::vector<HistCount> h = hist_of(random_image(seed));
  const Prefix p = prefix(h);
  int lo = 0, hi = 0;
  ops::hist_range(h.data(), &lo, &hi);
  REQUIRE(lo < hi);

  std::vector<Best> otsu;
  for (int v = lo; v < hi; ++v) otsu.push_back({ops::otsu_between(p.C[v], p.S[v], p.C[hi], p.S[hi]), v});
  REQUIRE(reduce(otsu, seed).idx == ops::otsu_threshold(h.data(), lo, hi));

  std::vector<Best> peaks;
  for (int v = lo; v <= hi; ++v) peaks.push_back({double(h[v]), v});
  const int peak = reduce(peaks, seed + 1).idx;
  const ops::TriangleLine line = ops::triangle_line(h[peak], peak, lo, hi);
  std::vector<Best> lengths;
  for (std::int64_t x = 0; x < line.width; ++x)
    lengths.push_back({ops::triangle_length(line.h_n, line.w_n, x, h[line.bin(x)]), int(x)});
  const Best tri = reduce(lengths, seed + 2);
  REQUIRE(line.bin(tri.idx == INT_MAX ? 0 : tri.idx) == ops::triangle_threshold(h.data(), lo, hi));

  const double li_prefix = ops::li_iterate(ops::PrefixClassMean{p.C.data(), p.S.data(), lo}, lo, hi - lo);
  REQUIRE(li_prefix == ops::li_threshold(h.data(), lo, hi));  // bit-identical doubles
}

TEST_CASE("threshold select: class means from prefix sums equal the loop, incl. empty classes", "[ops]") {
  std::vector<HistCount> h(ops::kHistBins, 0);
  h[0] = 3, h[5] = 7, h[9] = 1, h[65535] = 2;
  const Prefix p = prefix(h);
  for (const int lo : {0, 5}) {
    const ops::HistClassMean loop{h.data(), lo};
    const ops::PrefixClassMean pre{p.C.data(), p.S.data(), lo};
    for (int a = 0; a < 12; ++a)
      for (int b = a; b < 12; ++b) {
        CAPTURE(lo, a, b);
        const double x = loop(a, b), y = pre(a, b);
        REQUIRE(((x == y) || (x != x && y != y)));  // equal, or both NaN (0 / 0)
      }
    REQUIRE(pre(4, 3) != pre(4, 3));  // an empty class is 0 / 0, as in the loop
  }
}

TEST_CASE("contrast guard: prefix-count median and MAD agree with has_foreground_contrast", "[ops]") {
  const std::uint32_t seed = GENERATE(take(10, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Image<u16> img = random_image(seed);
  const Prefix p = prefix(hist_of(img));
  std::mt19937 rng(seed);
  int lo = 0, hi = 0;
  const std::vector<HistCount> h = hist_of(img);
  ops::hist_range(h.data(), &lo, &hi);
  std::uniform_int_distribution<int> pick(lo, hi);
  for (int k = 0; k < 8; ++k) {
    const int t = k == 0 ? lo : pick(rng);
    CAPTURE(t);
    const HistCount n = p.C[std::size_t(t)];
    bool device = true;
    if (n > 0) {
      const HistCount half = ops::median_rank(n);
      std::vector<int> medians, mads;
      for (int v = 0; v <= t; ++v)
        if (ops::is_median_bin(p.C.data(), v, half)) medians.push_back(v);
      REQUIRE(medians.size() == 1);  // the kernel lets exactly one thread write it
      for (int m = 0; m < ops::kHistBins; ++m)
        if (ops::is_mad_radius(p.C.data(), medians[0], m, t, half)) mads.push_back(m);
      REQUIRE(mads.size() == 1);
      device = ops::contrast_ok(t, medians[0], mads[0], detail::kMinContrastSigmas);
    }
    REQUIRE(device == detail::has_foreground_contrast(img.cview(), u16(t)));
  }
}
