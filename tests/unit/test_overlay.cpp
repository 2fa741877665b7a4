// SPDX-License-Identifier: MIT
// Segmentation overlays: outlines checked against OpenCV erosion with a 4-neighbour cross, grey
// levels against a sorted-copy percentile oracle, colours by class, and the PNG round trip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "lysisq/errors.hpp"
#include "lysisq/overlay.hpp"
#include "support/temp_dir.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

/// Overlapping random rectangles with labels 1..n on background 0: objects touch each other and
/// the image border, which is where outline rules go wrong.
LabelImage random_labels(int w, int h, int n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  LabelImage l(w, h, 0);
  for (int k = 1; k <= n; ++k) {
    const int x0 = int(rng() % unsigned(w)), y0 = int(rng() % unsigned(h));
    const int x1 = std::min(w, x0 + 1 + int(rng() % 12u)), y1 = std::min(h, y0 + 1 + int(rng() % 12u));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) l.at(x, y) = k;
  }
  return l;
}

/// gold: outline of label l = its mask minus the mask eroded by the 4-neighbour cross. Border
/// replication makes pixels beyond the image count as the same label (no outline there).
cv::Mat gold_outline(const LabelImage& labels) {
  const cv::Mat lab(labels.height(), labels.width(), CV_32S, const_cast<i32*>(labels.data()));
  cv::Mat out = cv::Mat::zeros(lab.size(), CV_8U);
  const cv::Mat cross = cv::getStructuringElement(cv::MORPH_CROSS, {3, 3});
  for (int l = 1; l <= max_label(labels); ++l) {
    const cv::Mat mask = lab == l;
    cv::Mat eroded;
    cv::erode(mask, eroded, cross, {-1, -1}, 1, cv::BORDER_REPLICATE);
    out |= mask & ~eroded;
  }
  return out;
}

/// gold: percentiles from a sorted copy of every pixel.
GreyStretch gold_stretch(const Image<u16>& img, double lo_pct, double hi_pct) {
  std::vector<u16> v = img.pixels();
  std::sort(v.begin(), v.end());
  const auto at = [&](double p) { return v[std::size_t(std::floor(p / 100.0 * double(v.size() - 1)))]; };
  return {at(lo_pct), at(hi_pct)};
}

}  // namespace

TEST_CASE("percentile_stretch matches a sorted-copy oracle", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  const int w = 1 + int(rng() % 70u), h = 1 + int(rng() % 50u);
  CAPTURE(seed, w, h);
  const Image<u16> img = test::random_blobs(std::max(w, 8), std::max(h, 8), 6, seed);
  const GreyStretch got = percentile_stretch(img.cview());
  const GreyStretch gold = gold_stretch(img, 1.0, 99.5);
  REQUIRE(got.lo == gold.lo);
  REQUIRE(got.hi == std::max<int>(gold.hi, gold.lo + 1));
}

TEST_CASE("stretch_grey clips at the limits and rounds in between", "[unit]") {
  const GreyStretch s{100, 1100};
  for (int v : {0, 99, 100, 101, 350, 600, 1099, 1100, 1101, 65535}) {
    CAPTURE(v);
    const double gold = std::clamp(255.0 * (v - 100) / 1000.0, 0.0, 255.0);
    REQUIRE(int(stretch_grey(u16(v), s)) == int(std::lround(gold)));
  }
  const Image<u16> flat(5, 4, 777);
  const GreyStretch f = percentile_stretch(flat.cview());
  REQUIRE(f.hi == f.lo + 1);
  REQUIRE(stretch_grey(777, f) == 0);
}

TEST_CASE("render_overlay: outlines are exactly the pixels with a differing 4-neighbour, coloured by class", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  const int w = 8 + int(rng() % 60u), h = 8 + int(rng() % 60u), n = 1 + int(rng() % 40u);
  CAPTURE(seed, w, h, n);
  const LabelImage labels = random_labels(w, h, n, seed);
  const Image<u16> channel = test::random_blobs(w, h, 5, seed + 1);
  LabelClasses classes;  // one label past the end and every class, unclassified included
  for (int k = 1; k < n; ++k) {
    const int c = int(rng() % 4u);
    classes.push_back(c == 3 ? std::nullopt : std::optional<ObjectClass>(static_cast<ObjectClass>(c)));
  }
  const RgbImage out = render_overlay(channel.cview(), labels.cview(), classes);
  const cv::Mat outline = gold_outline(labels);
  const GreyStretch s = gold_stretch(channel, 1.0, 99.5);
  const double span = std::max(1, int(s.hi) - int(s.lo));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      CAPTURE(x, y);
      const bool is_outline = outline.at<u8>(y, x) != 0;
      REQUIRE(is_outline_pixel(labels.cview(), x, y) == is_outline);
      if (is_outline) {
        const auto i = std::size_t(labels.at(x, y) - 1);
        REQUIRE(out.at(x, y) == overlay_colour(i < classes.size() ? classes[i] : std::nullopt));
      } else {
        const double g = std::clamp(255.0 * (channel.at(x, y) - double(s.lo)) / span, 0.0, 255.0);
        REQUIRE(out.at(x, y) == Rgb{u8(std::lround(g)), u8(std::lround(g)), u8(std::lround(g))});
      }
    }
}

TEST_CASE("overlay colours follow the documented class scheme", "[unit]") {
  REQUIRE(overlay_colour(ObjectClass::kLiveTarget) == kOverlayLiveTarget);
  REQUIRE(overlay_colour(ObjectClass::kDeadTarget) == kOverlayDeadTarget);
  REQUIRE(overlay_colour(ObjectClass::kEffector) == kOverlayEffector);
  REQUIRE(overlay_colour(std::nullopt) == kOverlayUnclassified);
  // Live green, dead magenta, effector cyan/blue, unclassified yellow: the dominant channels.
  REQUIRE((kOverlayLiveTarget[1] > kOverlayLiveTarget[0] && kOverlayLiveTarget[1] > kOverlayLiveTarget[2]));
  REQUIRE((kOverlayDeadTarget[0] > kOverlayDeadTarget[1] && kOverlayDeadTarget[2] > kOverlayDeadTarget[1]));
  REQUIRE((kOverlayEffector[2] > kOverlayEffector[0]));
  REQUIRE((kOverlayUnclassified[0] > kOverlayUnclassified[2] && kOverlayUnclassified[1] > kOverlayUnclassified[2]));
}

TEST_CASE("label_classes picks the records of one field", "[unit]") {
  std::vector<ObjectRecord> objects(4);
  objects[0] = {.well = {1, 2}, .field = 1, .label = 2, .cls = ObjectClass::kDeadTarget};
  objects[1] = {.well = {1, 2}, .field = 2, .label = 1, .cls = ObjectClass::kEffector};  // other field
  objects[2] = {.well = {0, 0}, .field = 1, .label = 1, .cls = ObjectClass::kEffector};  // other well
  objects[3] = {.well = {1, 2}, .field = 1, .label = 9, .cls = ObjectClass::kLiveTarget};  // past max_label
  const LabelClasses c = label_classes(objects, WellId{1, 2}, 1, 3);
  REQUIRE(c.size() == 3);
  REQUIRE_FALSE(c[0].has_value());
  REQUIRE(c[1] == ObjectClass::kDeadTarget);
  REQUIRE_FALSE(c[2].has_value());
}

TEST_CASE("render_overlay rejects a label image of another size", "[unit]") {
  const Image<u16> channel(10, 10, 5);
  const LabelImage labels(9, 10, 0);
  REQUIRE_THROWS_AS(render_overlay(channel.cview(), labels.cview(), {}), InternalError);
}

TEST_CASE("write_overlay_png round-trips through OpenCV's PNG decoder", "[unit]") {
  test::TempDir dir;
  const LabelImage labels = random_labels(40, 30, 12, 7);
  const Image<u16> channel = test::random_blobs(40, 30, 4, 8);
  const LabelClasses classes{ObjectClass::kLiveTarget, ObjectClass::kDeadTarget, ObjectClass::kEffector};
  const auto file = dir / "P_B03_s2.png";
  io::write_overlay_png(file, channel.cview(), labels, classes);
  const RgbImage expect = render_overlay(channel.cview(), labels.cview(), classes);
  const cv::Mat bgr = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
  REQUIRE(bgr.type() == CV_8UC3);
  REQUIRE((bgr.cols == 40 && bgr.rows == 30));
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 40; ++x) {
      const auto p = bgr.at<cv::Vec3b>(y, x);
      REQUIRE(Rgb{p[2], p[1], p[0]} == expect.at(x, y));
    }
  REQUIRE(dir.names() == std::vector<std::string>{"P_B03_s2.png"});  // no temporary left behind
}

TEST_CASE("png_thumbnail shrinks by box averaging to at most max_side", "[unit]") {
  test::TempDir dir;
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  const int factor = 2 + int(rng() % 3u), w = factor * (20 + int(rng() % 30u)), h = factor * (10 + int(rng() % 30u));
  CAPTURE(seed, factor, w, h);
  cv::Mat img(h, w, CV_8UC3);
  cv::randu(img, 0, 256);
  const auto file = dir / "big.png";
  REQUIRE(cv::imwrite(file.string(), img));
  const int max_side = std::max(w, h) / factor;
  const std::string bytes = io::png_thumbnail(file, max_side);
  const cv::Mat thumb = cv::imdecode(std::vector<uchar>(bytes.begin(), bytes.end()), cv::IMREAD_COLOR);
  cv::Mat gold;
  cv::resize(img, gold, {w / factor, h / factor}, 0, 0, cv::INTER_AREA);  // box average for whole factors
  REQUIRE(thumb.size() == gold.size());
  cv::Mat diff;
  cv::absdiff(thumb, gold, diff);
  double worst = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
  REQUIRE(worst <= 1.0);  // rounding of the mean
  REQUIRE_THROWS_AS(io::png_thumbnail(dir / "missing.png", 10), InputError);
}
