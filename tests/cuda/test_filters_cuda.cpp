// SPDX-License-Identifier: MIT
// subtract_background and smooth: the CUDA launchers against the CPU twins, bit for bit, on
// random and edge-case images (sizes that are not a multiple of any block, radii beyond the
// image, strided views).
#include <catch2/catch.hpp>

#include <utility>

#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

TEST_CASE("cuda background: white top-hat equals the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(2, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 1}, std::pair{1, 300}, std::pair{300, 1},
                               std::pair{257, 129}, std::pair{1025, 1025});
  const int r = GENERATE(0, 1, 7, 30, 5000);
  CAPTURE(seed, w, h, r);
  const Image<u16> img = test::random_blobs(w, h, 1 + w * h / 2000, seed);
  const BackgroundParams p{BackgroundMethod::kTophat, r};
  REQUIRE(subtract_background(img.cview(), p, Backend::kCuda) == subtract_background(img.cview(), p, Backend::kCpu));
}

TEST_CASE("cuda smooth: Gaussian equals the CPU twin bit for bit", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(2, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 1}, std::pair{1, 300}, std::pair{300, 1},
                               std::pair{257, 129}, std::pair{1025, 1025});
  const double sigma = GENERATE(0.0, 0.5, 1.0, 2.5, 10.0);
  CAPTURE(seed, w, h, sigma);
  const Image<u16> img = test::random_blobs(w, h, 1 + w * h / 2000, seed);
  REQUIRE(smooth(img.cview(), {sigma}, Backend::kCuda) == smooth(img.cview(), {sigma}, Backend::kCpu));
}

TEST_CASE("cuda filters: strided views and saturated values", "[cuda]") {
  Image<u16> big = test::random_blobs(90, 70, 6, 3);
  for (int x = 0; x < 90; ++x) big.at(x, 20) = 65535;  // a saturated line: rounding at the top end
  const U16View sub{big.data() + 5 * 90 + 3, 61, 50, 90};
  const Image<u16> copy = to_image(sub);
  const BackgroundParams bg{BackgroundMethod::kTophat, 6};
  REQUIRE(subtract_background(sub, bg, Backend::kCuda) == subtract_background(copy.cview(), bg, Backend::kCpu));
  REQUIRE(smooth(sub, {1.7}, Backend::kCuda) == smooth(copy.cview(), {1.7}, Backend::kCpu));
}
