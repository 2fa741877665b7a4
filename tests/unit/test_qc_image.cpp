// SPDX-License-Identifier: MIT
// Image QC: saturation and Laplacian focus metrics vs OpenCV, and the image-level checks
// (saturation limits, a blurred field among sharp ones, empty and crowded fields).
#include <catch2/catch.hpp>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

#include "lysisq/qc_image.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

cv::Mat as_mat(const Image<u16>& img) {
  return cv::Mat(img.height(), img.width(), CV_16U, const_cast<u16*>(img.data()));
}

Image<u16> from_mat(const cv::Mat& m) {
  Image<u16> img(m.cols, m.rows);
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) img.at(x, y) = m.at<u16>(y, x);
  return img;
}

/// gold: cv::Laplacian (ksize 1 = the 3x3 [0 1 0; 1 -4 1; 0 1 0]) on the interior, meanStdDev.
struct Gold {
  double saturated_pct, mean, lap_var;
};
Gold opencv_quality(const cv::Mat& m, u16 level) {
  cv::Mat lap;
  cv::Laplacian(m, lap, CV_64F, 1);
  cv::Scalar lap_mean, lap_sd;
  cv::meanStdDev(lap(cv::Rect(1, 1, m.cols - 2, m.rows - 2)), lap_mean, lap_sd);
  const double saturated = cv::countNonZero(m >= level);
  return {saturated / double(m.total()) * 100.0, cv::mean(m)[0], lap_sd[0] * lap_sd[0]};
}

/// `n` pixels set to 65535 (spread over the image) in a 200x100 field of random blobs.
Image<u16> with_saturated(int n) {
  Image<u16> img = test::random_blobs(200, 100, 20, 7);
  for (int i = 0; i < n; ++i) img[std::size_t(i) * 19 % img.size()] = 65535;
  return img;
}

std::vector<QcSample> samples(const std::vector<double>& values) {
  std::vector<QcSample> out;
  for (std::size_t i = 0; i < values.size(); ++i) out.push_back({std::string("f").append(std::to_string(i)), values[i]});
  return out;
}

}  // namespace

TEST_CASE("qc image: quality, saturation, mean and Laplacian variance match OpenCV", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const int width = 97 + int(seed % 50), height = 61 + int(seed % 37);
  CAPTURE(seed, width, height);
  Image<u16> img = test::random_blobs(width, height, 30, seed);
  for (std::size_t i = 0; i < img.size(); i += 41) img[i] = 4095;  // some at a 12-bit maximum
  for (std::size_t i = 0; i < img.size(); i += 97) img[i] = 65535;
  for (const u16 level : {u16(65535), bit_depth_max(12)}) {
    CAPTURE(level);
    const Gold gold = opencv_quality(as_mat(img), level);
    const ImageQuality q = measure_image_quality(img.cview(), level);
    REQUIRE(q.pixel_count == std::int64_t(img.size()));
    REQUIRE(q.saturated_pct == Approx(gold.saturated_pct).epsilon(1e-12));
    REQUIRE(q.mean_intensity == Approx(gold.mean).epsilon(1e-12));
    REQUIRE(q.laplacian_var == Approx(gold.lap_var).epsilon(1e-9));
    REQUIRE(q.focus_score == Approx(gold.lap_var / gold.mean).epsilon(1e-9));
  }
}

TEST_CASE("qc image: quality, a strided view measures only its own pixels", "[unit]") {
  const Image<u16> big = test::random_blobs(120, 90, 25, 11);
  const cv::Rect roi(13, 7, 71, 53);
  const ImageView<const u16> view{big.data() + roi.y * big.width() + roi.x, roi.width, roi.height,
                                  big.width()};
  const Gold gold = opencv_quality(as_mat(big)(roi).clone(), 65535);
  const ImageQuality q = measure_image_quality(view);
  REQUIRE(q.pixel_count == roi.area());
  REQUIRE(q.mean_intensity == Approx(gold.mean).epsilon(1e-12));
  REQUIRE(q.laplacian_var == Approx(gold.lap_var).epsilon(1e-9));
}

TEST_CASE("qc image: quality, degenerate images", "[unit]") {
  const Image<u16> black(16, 16, 0);
  const ImageQuality b = measure_image_quality(black.cview());
  REQUIRE(b.laplacian_var == 0);
  REQUIRE(b.focus_score == 0);  // defined as 0, so a black field warns against a plate of cells
  const Image<u16> tiny(2, 5, 100);
  REQUIRE(std::isnan(measure_image_quality(tiny.cview()).focus_score));
  REQUIRE(measure_image_quality(tiny.cview()).mean_intensity == 100);
  REQUIRE(bit_depth_max(16) == 65535);
  REQUIRE(bit_depth_max(12) == 4095);
}

TEST_CASE("qc image: saturation check, 6 % fails, 1 % warns, exactly 0.5 % and 5 % keep their verdict", "[unit]") {
  const QcParams p;
  struct Row {
    int saturated_px;  // of 20000
    QcVerdict verdict;
  };
  const Row rows[] = {{0, QcVerdict::kPass},    {100, QcVerdict::kPass}, {101, QcVerdict::kWarn},
                      {200, QcVerdict::kWarn},  {1000, QcVerdict::kWarn}, {1001, QcVerdict::kFail},
                      {1200, QcVerdict::kFail}};
  for (const Row& row : rows) {
    CAPTURE(row.saturated_px);
    const Image<u16> img = with_saturated(row.saturated_px);
    const double gold_pct = cv::countNonZero(as_mat(img) == 65535) / 20000.0 * 100.0;
    const ImageQuality q = measure_image_quality(img.cview());
    REQUIRE(q.saturated_pct == Approx(gold_pct));
    const QcResult r = check_saturation("B03 s2", q.saturated_pct, p);
    REQUIRE(r.verdict == row.verdict);
    REQUIRE(r.level == QcLevel::kImage);
    REQUIRE(r.check == "saturation");
    REQUIRE(r.value == q.saturated_pct);
    REQUIRE(r.warn_limit == 0.5);
    REQUIRE(r.fail_limit == 5);
    REQUIRE(r.unit == "%");
    REQUIRE(r.message.rfind("B03 s2: saturated pixels", 0) == 0);
  }
}

TEST_CASE("qc image: focus check, a blurred field (Gaussian sigma 4) warns among sharp ones", "[unit]") {
  std::vector<QcSample> fields;
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const Image<u16> sharp = test::random_blobs(160, 160, 40, seed);
    fields.push_back({std::string("sharp ").append(std::to_string(seed)),
                      measure_image_quality(sharp.cview()).focus_score});
  }
  cv::Mat blurred;
  cv::GaussianBlur(as_mat(test::random_blobs(160, 160, 40, 6)), blurred, cv::Size(0, 0), 4.0);
  const double blurred_focus = measure_image_quality(from_mat(blurred).cview()).focus_score;
  fields.push_back({"blurred", blurred_focus});

  std::vector<double> sharp_scores;
  for (std::size_t i = 0; i < 5; ++i) sharp_scores.push_back(fields[i].value);
  std::sort(sharp_scores.begin(), sharp_scores.end());
  CAPTURE(sharp_scores, blurred_focus);
  REQUIRE(blurred_focus < 0.5 * sharp_scores[2]);  // the premise, measured independently of the check

  const std::vector<QcResult> r = check_focus(fields, QcParams{});
  REQUIRE(r.size() == fields.size());
  for (std::size_t i = 0; i < 5; ++i) REQUIRE(r[i].verdict == QcVerdict::kPass);
  REQUIRE(r[5].verdict == QcVerdict::kWarn);
  REQUIRE(r[5].subject == "blurred");
  REQUIRE(r[5].bound == QcBound::kMin);
  REQUIRE(std::isnan(r[5].fail_limit));
  // Median of six: mean of the 3rd and 4th smallest (the blurred one is the smallest).
  REQUIRE(r[5].warn_limit == Approx(0.5 * 0.5 * (sharp_scores[1] + sharp_scores[2])));
}

TEST_CASE("qc image: focus check, a field exactly at half the median passes", "[unit]") {
  const std::vector<QcResult> r = check_focus(samples({10, 10, 10, 5, 4.999}), QcParams{});
  REQUIRE(r[3].verdict == QcVerdict::kPass);
  REQUIRE(r[4].verdict == QcVerdict::kWarn);
  REQUIRE(r[3].warn_limit == 5);
}

TEST_CASE("qc image: field count check, empty and crowded fields warn, the 4x limits pass", "[unit]") {
  const QcParams p;
  const std::vector<QcResult> r = check_field_counts(samples({100, 100, 100, 0, 25, 24, 400, 401}), p);
  const QcVerdict expected[] = {QcVerdict::kPass, QcVerdict::kPass, QcVerdict::kPass, QcVerdict::kWarn,
                                QcVerdict::kPass, QcVerdict::kWarn, QcVerdict::kPass, QcVerdict::kWarn};
  for (std::size_t i = 0; i < r.size(); ++i) {
    CAPTURE(i, r[i].message);
    REQUIRE(r[i].verdict == expected[i]);
    REQUIRE(r[i].level == QcLevel::kImage);
  }
  REQUIRE(r[3].bound == QcBound::kMin);
  REQUIRE(r[3].warn_limit == 25);
  REQUIRE(r[7].bound == QcBound::kMax);
  REQUIRE(r[7].warn_limit == 400);
}

TEST_CASE("qc image: field count check, on a plate of empty fields every field still warns", "[unit]") {
  for (const QcResult& r : check_field_counts(samples({0, 0, 0}), QcParams{})) {
    REQUIRE(r.verdict == QcVerdict::kWarn);
    REQUIRE(r.warn_limit == 1);
  }
}
