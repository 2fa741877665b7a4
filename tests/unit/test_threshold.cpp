// SPDX-License-Identifier: MIT
// select_threshold / apply_threshold (CPU twin) against OpenCV's 8-bit Otsu, brute-force oracles
// written here, and scikit-image 0.19.3 values for two formula images.
#include <catch2/catch.hpp>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/cuda_expect.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

u16 pick(const Image<u16>& img, ThresholdMethod m, double correction = 1.0, u16 floor_at = 0) {
  ThresholdParams p;
  p.method = m;
  p.correction = correction;
  p.min_threshold = floor_at;
  return select_threshold(img.cview(), p, Backend::kCpu);
}

Mask mask_above(const Image<u16>& img, long t) {
  Mask m(img.width(), img.height());
  for (std::size_t i = 0; i < img.size(); ++i) m[i] = img[i] > t ? 1 : 0;
  return m;
}

std::vector<long> counts(const Image<u16>& img) {
  std::vector<long> h(65536, 0);
  for (u16 v : img.pixels()) ++h[v];
  return h;
}

// Between-class variance of the split {v <= t} / {v > t}, from scratch in long double.
long double between_class(const std::vector<long>& h, int lo, int hi, int t) {
  long double n0 = 0, n1 = 0, s0 = 0, s1 = 0;
  for (int v = lo; v <= hi; ++v) (v <= t ? n0 : n1) += h[v], (v <= t ? s0 : s1) += (long double)h[v] * v;
  if (n0 == 0 || n1 == 0) return 0;
  const long double n = n0 + n1, d = s0 / n0 - s1 / n1;
  return (n0 / n) * (n1 / n) * d * d;
}

// Brute-force Otsu over the occupied range (no running sums).
int brute_otsu(const Image<u16>& img) {
  const auto h = counts(img);
  int lo = 0, hi = 65535;
  while (!h[lo]) ++lo;
  while (!h[hi]) --hi;
  int best = lo;
  long double best_var = between_class(h, lo, hi, lo);
  for (int t = lo + 1; t < hi; ++t)
    if (const long double var = between_class(h, lo, hi, t); var > best_var) best = t, best_var = var;
  return best;
}

// Triangle with exact integer geometry: maximise h_peak * x - width * hist (distance below the line
// from the far end of the longer tail to the peak, times a constant).
int brute_triangle(const Image<u16>& img) {
  const auto h = counts(img);
  int lo = 0, hi = 65535, peak = 0;
  while (!h[lo]) ++lo;
  while (!h[hi]) --hi;
  for (int v = 0; v < 65536; ++v) peak = h[v] > h[peak] ? v : peak;
  const bool flip = peak - lo < hi - peak;
  const long width = flip ? hi - peak : peak - lo;
  long best = 0;
  int level = flip ? hi : lo;
  for (long x = 0; x < width; ++x) {
    const int v = int(flip ? hi - x : lo + x);
    const long d = h[peak] * x - width * h[v];
    if (x == 0 || d > best) best = d, level = v;
  }
  return level;
}

// Li on the pixel array itself (skimage's float branch), returning the float threshold.
double pixel_li(const Image<u16>& img) {
  const u16 lo = *std::min_element(img.pixels().begin(), img.pixels().end());
  double sum = 0;
  for (u16 v : img.pixels()) sum += v - lo;
  double t_next = sum / double(img.size()), t_curr = -1;
  while (std::abs(t_next - t_curr) > 0.5) {
    t_curr = t_next;
    double sf = 0, nf = 0, sb = 0, nb = 0;
    for (u16 v : img.pixels()) (v - lo > t_curr ? sf : sb) += v - lo, (v - lo > t_curr ? nf : nb) += 1;
    const double mf = sf / nf, mb = sb / nb;
    t_next = mb == 0 ? 0 : (mb - mf) / (std::log(mb) - std::log(mf));
  }
  return t_next + lo;
}

// Formula images (regenerate in numpy with the same expressions to recheck the skimage values).
Image<u16> formula_a() {
  Image<u16> img(64, 48);
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x) {
      int v = 200 + (x * 7 + y * 13) % 50;
      if ((x - 20) * (x - 20) + (y - 20) * (y - 20) < 100) v += 2500 + (x * y) % 300;
      if ((x - 45) * (x - 45) + (y - 30) * (y - 30) < 64) v += 1200;
      img.at(x, y) = u16(v);
    }
  return img;
}
Image<u16> formula_b() {
  Image<u16> img(100, 37);
  for (int y = 0; y < 37; ++y)
    for (int x = 0; x < 100; ++x) img.at(x, y) = u16((x * x + 3 * y * y + x * y) % 4000 + 10 * (x % 7));
  return img;
}

}  // namespace

TEST_CASE("select_threshold: scikit-image 0.19.3 values for formula images", "[unit]") {
  // threshold_otsu / threshold_li / threshold_triangle of the numpy versions of these images:
  // a: 249, 669.1083399141183, 250;  b: 1957, 1545.296075082186, 646.
  REQUIRE(pick(formula_a(), ThresholdMethod::kOtsu) == 249);
  REQUIRE(pick(formula_a(), ThresholdMethod::kLi) == 669);
  REQUIRE(pick(formula_a(), ThresholdMethod::kTriangle) == 250);
  REQUIRE(pick(formula_b(), ThresholdMethod::kOtsu) == 1957);
  REQUIRE(pick(formula_b(), ThresholdMethod::kLi) == 1545);
  REQUIRE(pick(formula_b(), ThresholdMethod::kTriangle) == 646);
}

TEST_CASE("select_threshold: Otsu on 8-bit images gives OpenCV's THRESH_OTSU mask", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  Image<u16> img = test::random_blobs(96, 80, 12, seed);
  for (auto& v : img.pixels()) v = u16(std::min(255, v / 16));
  cv::Mat src(img.height(), img.width(), CV_8U), dst;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) src.at<u8>(y, x) = u8(img.at(x, y));
  const double gold = cv::threshold(src, dst, 0, 1, cv::THRESH_BINARY | cv::THRESH_OTSU);
  const u16 t = pick(img, ThresholdMethod::kOtsu);
  CAPTURE(gold, t);
  // OpenCV's running means drift by rounding across empty bins, so it may land elsewhere on a
  // plateau of equal variance; the masks (what matters) must agree exactly.
  REQUIRE(mask_above(img, t) == mask_above(img, long(gold)));
  REQUIRE(apply_threshold(img.cview(), t, Backend::kCpu) == mask_above(img, t));
}

TEST_CASE("select_threshold: 16-bit Otsu, triangle and Li against brute-force oracles", "[unit]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const int blobs = GENERATE(5, 40);
  const auto [w, h] = GENERATE(std::pair{120, 90}, std::pair{300, 240});  // the latter: parallel histogram
  CAPTURE(seed, blobs, w, h);
  const Image<u16> img = test::random_blobs(w, h, blobs, seed);
  const u16 otsu = pick(img, ThresholdMethod::kOtsu);
  const int gold = brute_otsu(img);
  CAPTURE(otsu, gold);
  REQUIRE(mask_above(img, otsu) == mask_above(img, gold));
  REQUIRE(pick(img, ThresholdMethod::kTriangle) == brute_triangle(img));
  REQUIRE(pick(img, ThresholdMethod::kLi) == u16(std::floor(pixel_li(img))));
}

TEST_CASE("select_threshold: correction, floor, clamp, manual and constant images", "[unit]") {
  const Image<u16> img = formula_b();
  REQUIRE(pick(img, ThresholdMethod::kOtsu, 1.5) == u16(std::floor(1957 * 1.5)));
  REQUIRE(pick(img, ThresholdMethod::kLi, 0.5) == u16(std::floor(1545.296075082186 * 0.5)));
  REQUIRE(pick(img, ThresholdMethod::kOtsu, 1.0, 3000) == 3000);
  REQUIRE(pick(img, ThresholdMethod::kOtsu, 1000.0) == 65535);
  ThresholdParams manual;
  manual.method = ThresholdMethod::kManual;
  manual.manual = 1234;
  manual.correction = 2.0;  // applies to automatic values only
  REQUIRE(select_threshold(img.cview(), manual, Backend::kCpu) == 1234);
  const Image<u16> flat(9, 5, 777);
  for (auto m : {ThresholdMethod::kOtsu, ThresholdMethod::kLi, ThresholdMethod::kTriangle}) {
    REQUIRE(pick(flat, m, 0.5) == 777);
    REQUIRE(apply_threshold(flat.cview(), pick(flat, m), Backend::kCpu) == Mask(9, 5, 0));
  }
}

TEST_CASE("select_threshold: two-level images split between the levels", "[unit]") {
  Image<u16> img(10, 10, 100);
  for (int x = 0; x < 10; ++x) img.at(x, 3) = 5000;
  for (auto m : {ThresholdMethod::kOtsu, ThresholdMethod::kLi, ThresholdMethod::kTriangle}) {
    const u16 t = pick(img, m);
    CAPTURE(int(m), t);
    REQUIRE(t >= 100);
    REQUIRE(t < 5000);
  }
}

TEST_CASE("select_threshold: preconditions and the CUDA fallback", "[unit]") {
  const Image<u16> img = formula_a();
  ThresholdParams p;
  p.method = ThresholdMethod::kManual;
  REQUIRE_THROWS_AS(select_threshold(img.cview(), p, Backend::kCpu), InternalError);
  p.method = ThresholdMethod::kOtsu;
  p.correction = 0;
  REQUIRE_THROWS_AS(select_threshold(img.cview(), p, Backend::kCpu), InternalError);
  REQUIRE_THROWS_AS(select_threshold(Image<u16>().cview(), ThresholdParams{}, Backend::kCpu), InternalError);
  REQUIRE(pick(img, ThresholdMethod::kOtsu) == 249);
  ThresholdParams otsu;  // explicit: the tests must not lean on config defaults
  otsu.method = ThresholdMethod::kOtsu;
  otsu.correction = 1.0;
  if (test::cuda_call_throws("threshold")) {
    REQUIRE_THROWS_AS(select_threshold(img.cview(), otsu, Backend::kCuda), CudaError);
    REQUIRE_THROWS_AS(apply_threshold(img.cview(), 249, Backend::kCuda), CudaError);
  } else {
    REQUIRE(select_threshold(img.cview(), otsu, Backend::kCuda) == 249);
    REQUIRE(apply_threshold(img.cview(), 249, Backend::kCuda) == mask_above(img, 249));
  }
}
