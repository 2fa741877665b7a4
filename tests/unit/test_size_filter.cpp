// SPDX-License-Identifier: MIT
// filter_size (CPU twin) against cv::connectedComponentsWithStats areas.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/cuda_expect.hpp"
#include "support/test_images.hpp"

using namespace lysisq;
using test::ascii_mask;

namespace {

Mask cv_filter(const Mask& m, int min_area, int max_area, Connectivity c) {
  const cv::Mat src(m.height(), m.width(), CV_8U, const_cast<u8*>(m.data()));
  cv::Mat labels, stats, centroids;
  cv::connectedComponentsWithStats(src, labels, stats, centroids, c == Connectivity::k8 ? 8 : 4, CV_32S);
  Mask out(m.width(), m.height());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) {
      const int l = labels.at<int>(y, x);
      const int area = stats.at<int>(l, cv::CC_STAT_AREA);
      out.at(x, y) = u8(l > 0 && area >= min_area && area <= max_area);
    }
  return out;
}

}  // namespace

TEST_CASE("filter_size: literal objects, inclusive bounds", "[unit]") {
  // areas: 1 (top-left), 4 (square), 3 (diagonal: one object in 8-conn, three in 4-conn)
  const Mask m = ascii_mask({"#.....", "...##.", "...##.", "#.....", ".#....", "..#..."});
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  for (int lo : {0, 1, 2, 3, 4, 5})
    for (int hi : {lo, lo + 1, 3, 4, 100}) {
      if (hi < lo) continue;
      CAPTURE(int(c), lo, hi);
      REQUIRE(filter_size(m.cview(), {lo, hi}, c, Backend::kCpu) == cv_filter(m, lo, hi, c));
    }
}

TEST_CASE("filter_size: random masks against OpenCV areas", "[unit]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{300, 240});  // 72000 px: parallel paths
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(seed, w, h, int(c));
  const Mask m = test::random_mask(w, h, 0.45, seed);
  REQUIRE(filter_size(m.cview(), {3, 40}, c, Backend::kCpu) == cv_filter(m, 3, 40, c));
}

TEST_CASE("filter_size: degenerate images, fallback and preconditions", "[unit]") {
  REQUIRE(filter_size(Mask().cview(), {}, Connectivity::k8, Backend::kCpu).empty());
  const Mask full(6, 5, 1);
  if (test::cuda_call_throws("size_filter"))
    REQUIRE_THROWS_AS(filter_size(full.cview(), {30, 30}, Connectivity::k8, Backend::kCuda), CudaError);
  else
    REQUIRE(filter_size(full.cview(), {30, 30}, Connectivity::k8, Backend::kCuda) == full);
  REQUIRE(filter_size(full.cview(), {31, 100}, Connectivity::k8, Backend::kCpu) == Mask(6, 5));
  REQUIRE_THROWS_AS(filter_size(full.cview(), {10, 5}, Connectivity::k8, Backend::kCpu), InternalError);
  REQUIRE_THROWS_AS(filter_size(full.cview(), {-1, 5}, Connectivity::k8, Backend::kCpu), InternalError);
}
