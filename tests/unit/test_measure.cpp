// SPDX-License-Identifier: MIT
// measure_objects against a plain per-object loop (exact integers) and OpenCV's
// connectedComponentsWithStats / moments (area, bbox, centroid, second moments).
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

// The reference: for each label, one full scan of the image.
ObjectMoments gold_moments(const LabelImage& lab, const std::vector<Image<u16>>& ch, i32 label) {
  ObjectMoments m;
  m.bbox_x0 = lab.width();
  m.bbox_y0 = lab.height();
  m.bbox_x1 = m.bbox_y1 = -1;
  for (int y = 0; y < lab.height(); ++y)
    for (int x = 0; x < lab.width(); ++x) {
      if (lab.at(x, y) != label) continue;
      ++m.area_px;
      m.sum_x += x, m.sum_y += y;
      m.sum_xx += std::int64_t(x) * x, m.sum_yy += std::int64_t(y) * y, m.sum_xy += std::int64_t(x) * y;
      m.bbox_x0 = std::min(m.bbox_x0, x), m.bbox_y0 = std::min(m.bbox_y0, y);
      m.bbox_x1 = std::max(m.bbox_x1, x), m.bbox_y1 = std::max(m.bbox_y1, y);
      for (std::size_t c = 0; c < ch.size(); ++c) m.intensity_sum[c] += ch[c].at(x, y);
    }
  if (m.area_px == 0) m.bbox_x0 = m.bbox_y0 = m.bbox_x1 = m.bbox_y1 = 0;
  return m;
}

void require_equal(const ObjectMoments& a, const ObjectMoments& b) {
  REQUIRE(a.area_px == b.area_px);
  REQUIRE(a.sum_x == b.sum_x);
  REQUIRE(a.sum_y == b.sum_y);
  REQUIRE(a.sum_xx == b.sum_xx);
  REQUIRE(a.sum_yy == b.sum_yy);
  REQUIRE(a.sum_xy == b.sum_xy);
  REQUIRE(a.bbox_x0 == b.bbox_x0);
  REQUIRE(a.bbox_y0 == b.bbox_y0);
  REQUIRE(a.bbox_x1 == b.bbox_x1);
  REQUIRE(a.bbox_y1 == b.bbox_y1);
  REQUIRE(a.intensity_sum == b.intensity_sum);
}

// OpenCV labels (8-conn) of a random blob mask, as our LabelImage.
LabelImage cv_labels(const Mask& m, cv::Mat& stats, cv::Mat& centroids) {
  cv::Mat mat(m.height(), m.width(), CV_8U, const_cast<u8*>(m.data()));
  cv::Mat lab;
  cv::connectedComponentsWithStats(mat, lab, stats, centroids, 8, CV_32S);
  LabelImage out(m.width(), m.height());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) out.at(x, y) = lab.at<int>(y, x);
  return out;
}

Mask blob_mask(int w, int h, std::uint32_t seed) {
  const Image<u16> img = test::random_blobs(w, h, 40, seed);
  Mask m(w, h);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = img[i] > 1000 ? 1 : 0;
  return m;
}

}  // namespace

TEST_CASE("measure_objects equals a per-object loop exactly", "[unit]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  const int w = 20 + int(seed % 150), h = 10 + int((seed / 7) % 120);
  const int nc = 1 + int(seed % 4);
  CAPTURE(seed, w, h, nc);
  const LabelImage lab = label_components(test::random_mask(w, h, 0.45, seed).view(), Connectivity::k4, Backend::kCpu);
  std::vector<Image<u16>> ch;
  std::vector<U16View> views;
  for (int c = 0; c < nc; ++c) ch.push_back(test::random_blobs(w, h, 10, seed + std::uint32_t(c)));
  for (const auto& c : ch) views.push_back(c.view());

  const auto objs = measure_objects(lab, views, Backend::kCpu);
  REQUIRE(objs.size() == std::size_t(max_label(lab)));
  for (std::size_t i = 0; i < objs.size(); ++i) {
    CAPTURE(i);
    REQUIRE(objs[i].label == int(i) + 1);
    REQUIRE(objs[i].channel_count == nc);
    require_equal(objs[i].m, gold_moments(lab, ch, objs[i].label));
    for (int c = 0; c < nc; ++c)
      REQUIRE(objs[i].mean_intensity[std::size_t(c)] ==
              Approx(double(objs[i].m.intensity_sum[std::size_t(c)]) / double(objs[i].m.area_px)));
  }
}

TEST_CASE("measure_objects agrees with OpenCV stats and moments", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Mask m = blob_mask(240, 180, seed);
  cv::Mat stats, centroids;
  const LabelImage lab = cv_labels(m, stats, centroids);
  const auto objs = measure_objects(lab, {}, Backend::kCpu);
  REQUIRE(int(objs.size()) == stats.rows - 1);
  for (const ObjectMeasurement& o : objs) {
    CAPTURE(o.label);
    REQUIRE(o.m.area_px == stats.at<int>(o.label, cv::CC_STAT_AREA));
    REQUIRE(o.m.bbox_x0 == stats.at<int>(o.label, cv::CC_STAT_LEFT));
    REQUIRE(o.m.bbox_y0 == stats.at<int>(o.label, cv::CC_STAT_TOP));
    REQUIRE(o.m.bbox_x1 - o.m.bbox_x0 + 1 == stats.at<int>(o.label, cv::CC_STAT_WIDTH));
    REQUIRE(o.m.bbox_y1 - o.m.bbox_y0 + 1 == stats.at<int>(o.label, cv::CC_STAT_HEIGHT));
    REQUIRE(o.centroid_x_px == Approx(centroids.at<double>(o.label, 0)));
    REQUIRE(o.centroid_y_px == Approx(centroids.at<double>(o.label, 1)));

    cv::Mat obj(lab.height(), lab.width(), CV_8U);
    for (int y = 0; y < lab.height(); ++y)
      for (int x = 0; x < lab.width(); ++x) obj.at<u8>(y, x) = lab.at(x, y) == o.label ? 1 : 0;
    const cv::Moments mo = cv::moments(obj, true);
    REQUIRE(double(o.m.area_px) == Approx(mo.m00));
    // Eccentricity of the ellipse with the same central second moments.
    const double a = mo.mu20 / mo.m00, b = mo.mu02 / mo.m00, c = mo.mu11 / mo.m00;
    const double common = std::sqrt((a - b) * (a - b) / 4 + c * c);
    const double l1 = (a + b) / 2 + common, l2 = (a + b) / 2 - common;
    const double ecc = l1 > 1e-12 ? std::sqrt(std::clamp(1 - std::max(l2, 0.0) / l1, 0.0, 1.0)) : 0.0;
    REQUIRE(o.eccentricity == Approx(ecc).margin(1e-6));
    REQUIRE(o.equivalent_diameter_px == Approx(std::sqrt(4 * mo.m00 / M_PI)));
  }
}

TEST_CASE("measure_objects edge cases", "[unit]") {
  SECTION("label gaps give zero-area entries") {
    LabelImage lab(4, 3);
    lab.at(1, 1) = 3;
    const auto objs = measure_objects(lab, {}, Backend::kCpu);
    REQUIRE(objs.size() == 3);
    CHECK(objs[0].m.area_px == 0);
    CHECK(objs[0].m.bbox_x1 == 0);
    CHECK(objs[2].m.area_px == 1);
    CHECK(objs[2].centroid_x_px == 1.0);
    CHECK(objs[2].eccentricity == 0.0);
  }
  SECTION("all background and empty image") {
    CHECK(measure_objects(LabelImage(5, 5), {}, Backend::kCpu).empty());
    CHECK(measure_objects(LabelImage(), {}, Backend::kCpu).empty());
  }
  SECTION("strided channel views") {
    const Image<u16> big = test::random_blobs(30, 20, 5, 9);
    const U16View sub{big.data() + 2 * 30 + 4, 10, 8, 30};
    LabelImage lab(10, 8, 1);
    const std::array<U16View, 1> views{sub};
    const auto objs = measure_objects(lab, views, Backend::kCpu);
    std::int64_t sum = 0;
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 10; ++x) sum += sub.at(x, y);
    REQUIRE(objs.at(0).m.intensity_sum[0] == sum);
  }
  SECTION("a channel of the wrong size is rejected") {
    const Image<u16> img(3, 3);
    const std::array<U16View, 1> views{img.view()};
    REQUIRE_THROWS_AS(measure_objects(LabelImage(4, 4), views, Backend::kCpu), InternalError);
  }
}
