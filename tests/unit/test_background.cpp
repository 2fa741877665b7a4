// SPDX-License-Identifier: MIT
// subtract_background (CPU twin) against OpenCV's erode/dilate with a square kernel.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/cuda_expect.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

cv::Mat as_mat(const Image<u16>& img) {
  return cv::Mat(img.height(), img.width(), CV_16U, const_cast<u16*>(img.data())).clone();
}

Image<u16> from_mat(const cv::Mat& m) {
  Image<u16> out(m.cols, m.rows);
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) out.at(x, y) = m.at<u16>(y, x);
  return out;
}

// gold: clipped windows == replicated border for min/max (the border sample is in the window).
Image<u16> cv_tophat(const Image<u16>& img, int r, int border) {
  const cv::Mat src = as_mat(img);
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * r + 1, 2 * r + 1));
  cv::Mat eroded, opened;
  cv::erode(src, eroded, kernel, cv::Point(-1, -1), 1, border);
  cv::dilate(eroded, opened, kernel, cv::Point(-1, -1), 1, border);
  return from_mat(src - opened);
}

Image<u16> random_u16(int w, int h, std::uint32_t seed) {
  Image<u16> img(w, h);
  std::uint32_t s = seed;
  for (auto& v : img.pixels()) s = s * 1664525u + 1013904223u, v = u16(s >> 16);
  return img;
}

}  // namespace

// 300 x 260 is above cpu::kMinParallelPixels, so it runs the OpenMP paths.
TEST_CASE("subtract_background: top-hat equals OpenCV's with replicated and default borders", "[unit]") {
  const auto seed = GENERATE(take(2, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{64, 48}, std::pair{17, 33}, std::pair{1, 9}, std::pair{9, 1}, std::pair{1, 1}, std::pair{300, 260});
  const int r = GENERATE(0, 1, 3, 12, 40);
  CAPTURE(seed, w, h, r);
  const Image<u16> img = test::random_blobs(w, h, 6, seed);
  const Image<u16> got = subtract_background(img.cview(), {BackgroundMethod::kTophat, r}, Backend::kCpu);
  REQUIRE(got == cv_tophat(img, r, cv::BORDER_REPLICATE));
  REQUIRE(got == cv_tophat(img, r, cv::BORDER_CONSTANT));  // morphologyDefaultBorderValue()
}

TEST_CASE("subtract_background: full-range noise and a strided view", "[unit]") {
  const Image<u16> big = random_u16(70, 50, 42);
  const U16View sub{big.data() + 5 * 70 + 4, 61, 37, 70};
  const Image<u16> copy = to_image(sub);
  const Image<u16> got = subtract_background(sub, {BackgroundMethod::kTophat, 5}, Backend::kCpu);
  REQUIRE(got == cv_tophat(copy, 5, cv::BORDER_REPLICATE));
}

TEST_CASE("subtract_background: a flat background goes to zero, small bright objects survive", "[unit]") {
  Image<u16> img(40, 30, 500);
  for (int y = 10; y < 13; ++y)
    for (int x = 20; x < 23; ++x) img.at(x, y) = 900;
  const Image<u16> got = subtract_background(img.cview(), {BackgroundMethod::kTophat, 3}, Backend::kCpu);
  REQUIRE(got.at(0, 0) == 0);
  REQUIRE(got.at(21, 11) == 400);
}

TEST_CASE("subtract_background: kNone copies, kCuda falls back, bad radius is rejected", "[unit]") {
  const Image<u16> img = test::random_blobs(30, 20, 3, 5);
  REQUIRE(subtract_background(img.cview(), {BackgroundMethod::kNone, 7}, Backend::kCpu) == img);
  if (test::cuda_call_throws("background"))
    REQUIRE_THROWS_AS(subtract_background(img.cview(), {BackgroundMethod::kTophat, 4}, Backend::kCuda), CudaError);
  else
    REQUIRE(subtract_background(img.cview(), {BackgroundMethod::kTophat, 4}, Backend::kCuda) ==
            subtract_background(img.cview(), {BackgroundMethod::kTophat, 4}, Backend::kCpu));
  REQUIRE_THROWS_AS(subtract_background(img.cview(), {BackgroundMethod::kTophat, -1}, Backend::kCpu), InternalError);
  REQUIRE(subtract_background(Image<u16>().cview(), {}, Backend::kCpu).empty());
}
