// SPDX-License-Identifier: MIT
// Invariants of select_threshold / apply_threshold over seeded random images.
#include <algorithm>
#include <catch2/catch.hpp>

#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

constexpr ThresholdMethod kAuto[] = {ThresholdMethod::kOtsu, ThresholdMethod::kLi, ThresholdMethod::kTriangle};

u16 pick(U16View img, ThresholdMethod m, double correction = 1.0, u16 floor_at = 0) {
  ThresholdParams p;
  p.method = m;
  p.correction = correction;
  p.min_threshold = floor_at;
  return select_threshold(img, p, Backend::kCpu);
}

}  // namespace

TEST_CASE("apply_threshold: raising the threshold never adds foreground", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Image<u16> img = test::random_blobs(80, 60, 15, seed);
  Mask prev = apply_threshold(img.cview(), 0, Backend::kCpu);
  for (int t = 100; t <= 65535; t += 97) {
    CAPTURE(t);
    const Mask cur = apply_threshold(img.cview(), u16(t), Backend::kCpu);
    bool exact = true, shrinks = true;
    for (std::size_t i = 0; i < img.size(); ++i) {
      exact = exact && cur[i] == u8(img[i] > t);
      shrinks = shrinks && cur[i] <= prev[i];
    }
    REQUIRE(exact);
    REQUIRE(shrinks);
    prev = cur;
  }
}

TEST_CASE("select_threshold: inside the data range, monotone in correction, floored", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Image<u16> img = test::random_blobs(90, 70, 20, seed);
  const auto [lo, hi] = std::minmax_element(img.pixels().begin(), img.pixels().end());
  for (ThresholdMethod m : kAuto) {
    CAPTURE(int(m));
    const u16 t = pick(img.cview(), m);
    REQUIRE(t >= *lo);
    REQUIRE(t < *hi);  // something is foreground
    u16 last = 0;
    for (double c : {0.25, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0}) {
      const u16 tc = pick(img.cview(), m, c);
      REQUIRE(tc >= last);
      last = tc;
    }
    REQUIRE(pick(img.cview(), m, 1.0, u16(t + 50)) == t + 50);
    REQUIRE(pick(img.cview(), m, 1.0, u16(t > 0 ? t - 1 : 0)) == t);
  }
}

TEST_CASE("select_threshold: depends only on the histogram (pixel order, strides)", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Image<u16> img = test::random_blobs(64, 40, 12, seed);
  Image<u16> rev = img;
  std::reverse(rev.pixels().begin(), rev.pixels().end());
  // The same pixels seen as a strided view inside a wider buffer.
  Image<u16> wide(img.width() + 9, img.height(), 65535);
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) wide.at(x, y) = img.at(x, y);
  const U16View strided{wide.data(), img.width(), img.height(), wide.width()};
  for (ThresholdMethod m : kAuto) {
    CAPTURE(int(m));
    REQUIRE(pick(rev.cview(), m) == pick(img.cview(), m));
    REQUIRE(pick(strided, m) == pick(img.cview(), m));
  }
}
