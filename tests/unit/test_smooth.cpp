// SPDX-License-Identifier: MIT
// smooth (CPU twin) against cv::GaussianBlur on CV_32F (BORDER_DEFAULT = reflect-101).
#include <catch2/catch.hpp>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/cuda_expect.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

// gold, still in float: the reference before our rounding.
cv::Mat cv_blur(const Image<u16>& img, double sigma) {
  cv::Mat src(img.height(), img.width(), CV_16U, const_cast<u16*>(img.data())), f, out;
  src.convertTo(f, CV_32F);
  const int k = 2 * int(std::ceil(3 * sigma)) + 1;
  cv::GaussianBlur(f, out, cv::Size(k, k), sigma, sigma, cv::BORDER_DEFAULT);
  return out;
}

// Largest |ours - round(gold)| in LSB, with gold clamped to the u16 range first.
int max_lsb_diff(const Image<u16>& got, const cv::Mat& gold) {
  int worst = 0;
  for (int y = 0; y < got.height(); ++y)
    for (int x = 0; x < got.width(); ++x) {
      const double g = std::clamp(std::nearbyint(double(gold.at<float>(y, x))), 0.0, 65535.0);
      worst = std::max(worst, int(std::abs(double(got.at(x, y)) - g)));
    }
  return worst;
}

}  // namespace

// 300 x 260 is above cpu::kMinParallelPixels, so it runs the OpenMP paths.
TEST_CASE("smooth: within 1 LSB of cv::GaussianBlur on float", "[unit]") {
  const auto seed = GENERATE(take(2, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{64, 48}, std::pair{17, 33}, std::pair{5, 3}, std::pair{1, 12}, std::pair{12, 1}, std::pair{300, 260});
  const double sigma = GENERATE(0.5, 1.0, 1.7, 3.0);
  CAPTURE(seed, w, h, sigma);
  const Image<u16> img = test::random_blobs(w, h, 8, seed);
  const Image<u16> got = smooth(img.cview(), {sigma}, Backend::kCpu);
  REQUIRE(max_lsb_diff(got, cv_blur(img, sigma)) <= 1);
}

TEST_CASE("smooth: kernels wider than the image reflect repeatedly, like OpenCV", "[unit]") {
  const Image<u16> img = test::random_blobs(7, 5, 3, 99);
  REQUIRE(max_lsb_diff(smooth(img.cview(), {2.5}, Backend::kCpu), cv_blur(img, 2.5)) <= 1);
}

TEST_CASE("smooth: full-range values clamp and round, constant images stay constant", "[unit]") {
  Image<u16> img(20, 20, 65535);
  img.at(10, 10) = 0;
  REQUIRE(max_lsb_diff(smooth(img.cview(), {1.2}, Backend::kCpu), cv_blur(img, 1.2)) <= 1);
  const Image<u16> flat(9, 4, 1234);
  REQUIRE(smooth(flat.cview(), {2.0}, Backend::kCpu) == flat);
}

TEST_CASE("smooth: sigma 0 copies, strided views, kCuda fallback, bad sigma", "[unit]") {
  const Image<u16> big = test::random_blobs(50, 40, 5, 8);
  REQUIRE(smooth(big.cview(), {0.0}, Backend::kCpu) == big);
  const U16View sub{big.data() + 3 * 50 + 2, 41, 30, 50};
  const Image<u16> copy = to_image(sub);
  if (test::cuda_call_throws("smooth"))
    REQUIRE_THROWS_AS(smooth(sub, {1.0}, Backend::kCuda), CudaError);
  else
    REQUIRE(smooth(sub, {1.0}, Backend::kCuda) == smooth(copy.cview(), {1.0}, Backend::kCpu));
  REQUIRE_THROWS_AS(smooth(big.cview(), {-1.0}, Backend::kCpu), InternalError);
  REQUIRE_THROWS_AS(smooth(big.cview(), {std::nan("")}, Backend::kCpu), InternalError);
}
