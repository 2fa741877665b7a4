// SPDX-License-Identifier: MIT
// measure_objects: CUDA against the CPU twin. The sums are integers, so every moment, box and
// intensity sum must be equal; the derived floats come from them through the same function and
// must be equal too.
#include <catch2/catch.hpp>

#include <vector>

#include "cuda/region_cases.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

void require_same(const std::vector<ObjectMeasurement>& a, const std::vector<ObjectMeasurement>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CAPTURE(k);
    const ObjectMoments &x = a[k].m, &y = b[k].m;
    REQUIRE(a[k].label == b[k].label);
    REQUIRE(x.area_px == y.area_px);
    REQUIRE(x.sum_x == y.sum_x);
    REQUIRE(x.sum_y == y.sum_y);
    REQUIRE(x.sum_xx == y.sum_xx);
    REQUIRE(x.sum_yy == y.sum_yy);
    REQUIRE(x.sum_xy == y.sum_xy);
    REQUIRE(x.bbox_x0 == y.bbox_x0);
    REQUIRE(x.bbox_y0 == y.bbox_y0);
    REQUIRE(x.bbox_x1 == y.bbox_x1);
    REQUIRE(x.bbox_y1 == y.bbox_y1);
    REQUIRE(x.intensity_sum == y.intensity_sum);
    REQUIRE(a[k].channel_count == b[k].channel_count);
    REQUIRE(a[k].centroid_x_px == b[k].centroid_x_px);
    REQUIRE(a[k].centroid_y_px == b[k].centroid_y_px);
    REQUIRE(a[k].eccentricity == b[k].eccentricity);
    REQUIRE(a[k].mean_intensity == b[k].mean_intensity);
  }
}

std::vector<U16View> views(const std::vector<Image<u16>>& ch) {
  std::vector<U16View> v;
  for (const auto& c : ch) v.push_back(c.cview());
  return v;
}

}  // namespace

TEST_CASE("cuda measure_objects: random labels and 0 to 4 channels equal the CPU twin", "[cuda]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{17, 33}, std::pair{1, 400}, std::pair{400, 1}, std::pair{1025, 1025});
  const int nc = GENERATE(0, 1, 4);
  CAPTURE(seed, w, h, nc);
  LabelImage lab = label_components(test::random_mask(w, h, 0.6, seed).cview(), Connectivity::k4, Backend::kCpu);
  // Gaps (absent labels) and negative values, which both backends treat as background.
  for (std::size_t i = 0; i < lab.size(); i += 7)
    if (lab[i] % 5 == 3) lab[i] = -lab[i];
  std::vector<Image<u16>> ch;
  for (int c = 0; c < nc; ++c) ch.push_back(test::random_blobs(w, h, 20, seed + std::uint32_t(c)));
  const auto v = views(ch);
  require_same(measure_objects(lab, v, Backend::kCuda), measure_objects(lab, v, Backend::kCpu));
}

TEST_CASE("cuda measure_objects: BBBC039 objects, saturated and strided channels", "[cuda]") {
  for (const auto& [name, m] : test::bbbc039_masks()) {
    CAPTURE(name);
    const LabelImage lab = label_components(m.cview(), Connectivity::k8, Backend::kCpu);
    Image<u16> sat(m.width(), m.height(), 65535);  // 64-bit sums: no overflow at full scale
    Image<u16> wide(m.width() + 9, m.height());
    for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = u16(i * 2654435761u >> 16);
    const std::vector<U16View> v{sat.cview(), U16View{wide.data() + 4, m.width(), m.height(), m.width() + 9}};
    require_same(measure_objects(lab, v, Backend::kCuda), measure_objects(lab, v, Backend::kCpu));
  }
  const LabelImage none(40, 30);
  REQUIRE(measure_objects(none, {}, Backend::kCuda).empty());
}
