// SPDX-License-Identifier: MIT
// distance_transform_sq against a brute-force O(N^2) reference and OpenCV's exact EDT.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <opencv2/imgproc.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/cuda_expect.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

// Every background pixel, plus the ring of virtual background pixels just outside the image.
Image<u32> brute_force_edt(const Mask& m) {
  const int w = m.width(), h = m.height();
  Image<u32> gold(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      if (!m.at(x, y)) continue;
      std::int64_t best = std::numeric_limits<std::int64_t>::max();
      for (int by = -1; by <= h; ++by)
        for (int bx = -1; bx <= w; ++bx) {
          const bool outside = bx < 0 || by < 0 || bx >= w || by >= h;
          if (!outside && m.at(bx, by)) continue;
          const std::int64_t dx = bx - x, dy = by - y;
          best = std::min(best, dx * dx + dy * dy);
        }
      gold.at(x, y) = static_cast<u32>(best);
    }
  return gold;
}

// OpenCV's DIST_MASK_PRECISE is exact (Felzenszwalb); padding by one background pixel gives our
// "outside is background" rule. The float distance squared and rounded is the integer exactly
// for the sizes used here (d^2 < 2^20).
Image<u32> opencv_edt(const Mask& m) {
  cv::Mat padded(m.height() + 2, m.width() + 2, CV_8U, cv::Scalar(0));
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) padded.at<u8>(y + 1, x + 1) = m.at(x, y) ? 255 : 0;
  cv::Mat dist;
  cv::distanceTransform(padded, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE, CV_32F);
  Image<u32> gold(m.width(), m.height());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) {
      const double d = dist.at<float>(y + 1, x + 1);
      gold.at(x, y) = static_cast<u32>(std::llround(d * d));
    }
  return gold;
}

Mask blob_mask(int w, int h, int blobs, std::uint32_t seed) {
  const Image<u16> img = test::random_blobs(w, h, blobs, seed);
  Mask m(w, h);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = img[i] > 1000 ? 1 : 0;
  return m;
}

}  // namespace

TEST_CASE("distance_transform_sq equals brute force on random masks", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const int w = 1 + int(seed % 23), h = 1 + int((seed / 23) % 19);
  const double p = 0.3 + 0.6 * double(seed % 7) / 7.0;
  CAPTURE(seed, w, h, p);
  const Mask m = test::random_mask(w, h, p, seed);
  REQUIRE(distance_transform_sq(m.view(), Backend::kCpu) == brute_force_edt(m));
}

TEST_CASE("distance_transform_sq edge cases", "[unit]") {
  SECTION("all foreground: distance to the image border") {
    const Mask m(7, 4, 1);
    const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
    REQUIRE(d == brute_force_edt(m));
    CHECK(d.at(0, 0) == 1);
    CHECK(d.at(3, 1) == 4);  // two rows from the top edge's virtual background
  }
  SECTION("all background") {
    const Mask m(5, 6, 0);
    REQUIRE(distance_transform_sq(m.view(), Backend::kCpu) == Image<u32>(5, 6, 0));
  }
  SECTION("1x1, 1xN, Nx1") {
    for (const Mask& m : {Mask(1, 1, 1), Mask(1, 9, 1), Mask(13, 1, 1), test::random_mask(1, 17, 0.7, 3),
                          test::random_mask(17, 1, 0.7, 4)})
      REQUIRE(distance_transform_sq(m.view(), Backend::kCpu) == brute_force_edt(m));
  }
  SECTION("ascii shapes") {
    const Mask m = test::ascii_mask({"..........", ".########.", ".########.", ".###..###.", ".########.",
                                     "......###.", ".........."});
    REQUIRE(distance_transform_sq(m.view(), Backend::kCpu) == brute_force_edt(m));
  }
  SECTION("empty image") {
    const Mask m;
    REQUIRE(distance_transform_sq(m.view(), Backend::kCpu).empty());
  }
}

TEST_CASE("distance_transform_sq equals OpenCV's exact EDT", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const int w = 150 + int(seed % 200), h = 100 + int(seed % 131);
  CAPTURE(seed, w, h);
  const Mask m = blob_mask(w, h, 60, seed);
  REQUIRE(distance_transform_sq(m.view(), Backend::kCpu) == opencv_edt(m));
}

TEST_CASE("distance_transform_sq reads strided views", "[unit]") {
  const Mask big = test::random_mask(40, 30, 0.8, 11);
  const MaskView sub{big.data() + 3 * 40 + 5, 25, 20, 40};
  const Mask copy = to_image(sub);
  REQUIRE(distance_transform_sq(sub, Backend::kCpu) == brute_force_edt(copy));
}

TEST_CASE("distance_transform_sq with the CUDA backend: the CPU result, or CudaError without a device", "[unit]") {
  const Mask m = test::random_mask(31, 17, 0.75, 5);
  if (test::cuda_call_throws("distance_transform"))
    REQUIRE_THROWS_AS(distance_transform_sq(m.view(), Backend::kCuda), CudaError);
  else
    REQUIRE(distance_transform_sq(m.view(), Backend::kCuda) == distance_transform_sq(m.view(), Backend::kCpu));
}
