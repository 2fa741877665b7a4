// SPDX-License-Identifier: MIT
// fill_holes (CPU twin) against cv::floodFill from the border.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include "lysisq/stages.hpp"
#include "lysisq/errors.hpp"
#include "support/cuda_expect.hpp"
#include "support/test_images.hpp"

using namespace lysisq;
using test::ascii_mask;

namespace {

// gold: flood (4-conn) the background from every border pixel; what stays 0 is a hole.
Mask cv_fill_holes(const Mask& m) {
  const int w = m.width(), h = m.height();
  cv::Mat work(h, w, CV_8U);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) work.at<u8>(y, x) = m.at(x, y) ? 1 : 0;
  auto seed = [&](int x, int y) {
    if (work.at<u8>(y, x) == 0) cv::floodFill(work, cv::Point(x, y), cv::Scalar(2), nullptr, cv::Scalar(), cv::Scalar(), 4);
  };
  for (int x = 0; x < w; ++x) seed(x, 0), seed(x, h - 1);
  for (int y = 0; y < h; ++y) seed(0, y), seed(w - 1, y);
  Mask out(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) out.at(x, y) = work.at<u8>(y, x) == 2 ? 0 : 1;
  return out;
}

Mask check(const Mask& m) {
  const Mask got = fill_holes(m.cview(), Backend::kCpu);
  REQUIRE(got == cv_fill_holes(m));
  return got;
}

}  // namespace

TEST_CASE("fill_holes: literal shapes", "[unit]") {
  SECTION("a ring's hole is filled, a notch open to the border is not") {
    const Mask m = ascii_mask({"......", ".####.", ".#..#.", ".####.", "......", "##.###", "#...##"});
    const Mask got = check(m);
    REQUIRE(got.at(2, 2) == 1);
    REQUIRE(got.at(3, 2) == 1);
    REQUIRE(got.at(2, 6) == 0);
  }
  SECTION("a diagonal gap does not connect a hole to the outside (background is 4-connected)") {
    const Mask m = ascii_mask({".##.", "#..#", "#..#", ".##."});
    REQUIRE(check(m).at(1, 1) == 1);
  }
  SECTION("a hole in the border row or column is not a hole") {
    check(ascii_mask({"#.#", "#.#", "###"}));
    check(ascii_mask({"###", "..#", "###"}));
  }
  SECTION("nested rings") {
    check(ascii_mask({"#######", "#.....#", "#.###.#", "#.#.#.#", "#.###.#", "#.....#", "#######"}));
  }
  SECTION("degenerate sizes") {
    REQUIRE(fill_holes(Mask().cview(), Backend::kCpu).empty());
    check(ascii_mask({"."}));
    check(ascii_mask({"#"}));
    check(ascii_mask({"#.#..#"}));
    check(Mask(5, 4));
    check(Mask(5, 4, 1));
  }
}

TEST_CASE("fill_holes: random masks", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{257, 129}, std::pair{1, 40}, std::pair{400, 300});
  const double p = GENERATE(0.5, 0.7);
  CAPTURE(seed, w, h, p);
  check(test::random_mask(w, h, p, seed));
}

TEST_CASE("fill_holes: output is 0/1 for any non-zero input and matches on a strided view", "[unit]") {
  Mask big = test::random_mask(30, 20, 0.65, 11);
  for (auto& v : big.pixels()) v = v ? 255 : 0;
  const MaskView sub{big.data() + 2 * 30 + 3, 25, 15, 30};
  Mask copy = to_image(sub);
  if (test::cuda_call_throws("fill_holes")) {
    REQUIRE_THROWS_AS(fill_holes(sub, Backend::kCuda), CudaError);
    REQUIRE(fill_holes(sub, Backend::kCpu) == cv_fill_holes(copy));
  } else {
    REQUIRE(fill_holes(sub, Backend::kCuda) == cv_fill_holes(copy));
  }
}
