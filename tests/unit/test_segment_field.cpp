// SPDX-License-Identifier: MIT
// segment_field end to end on synthetic fields with known nuclei, the contrast guard, and the
// bookkeeping (canonical labels, objects[i].label == i + 1, timings, channel means).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "lysisq/pipeline.hpp"
#include "pipeline/contrast_guard.hpp"

using namespace lysisq;

namespace {

struct Disc {
  double cx, cy, r;
};

// 12-bit-like field: background 150 +- 10 (Gaussian), discs 900 above it.
Image<u16> render(int w, int h, const std::vector<Disc>& discs, std::uint32_t seed, double bright = 900) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(150.0, 10.0);
  Image<u16> img(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double v = noise(rng);
      for (const Disc& d : discs)
        if ((x - d.cx) * (x - d.cx) + (y - d.cy) * (y - d.cy) <= d.r * d.r) v += bright;
      img.at(x, y) = static_cast<u16>(std::clamp(v, 0.0, 4095.0));
    }
  return img;
}

FieldSegmentation run(const Image<u16>& img, const SegmentationParams& p = {}) {
  const std::vector<U16View> ch{img.view()};
  return segment_field(ch, p, Backend::kCpu);
}

}  // namespace

TEST_CASE("segment_field finds separate and touching nuclei", "[unit]") {
  // Four isolated discs and two pairs that overlap by a quarter of their diameter.
  const std::vector<Disc> discs{{30, 30, 12}, {90, 30, 10}, {150, 35, 14}, {40, 100, 11},
                                {100, 100, 12}, {118, 100, 12}, {160, 150, 10}, {160, 165, 10}};
  const FieldSegmentation seg = run(render(200, 190, discs, 3));
  CHECK(seg.objects.size() == discs.size());
  // Each disc centre lies in its own object.
  std::set<i32> hit;
  for (const Disc& d : discs) hit.insert(seg.labels.at(int(d.cx), int(d.cy)));
  CHECK(hit.size() == discs.size());
  CHECK(hit.count(0) == 0);
  // Isolated discs: the area is the disc's (within 10 %).
  for (int k = 0; k < 4; ++k) {
    const ObjectMeasurement& o = seg.objects[std::size_t(seg.labels.at(int(discs[std::size_t(k)].cx), int(discs[std::size_t(k)].cy))) - 1];
    CHECK(double(o.m.area_px) == Approx(M_PI * discs[std::size_t(k)].r * discs[std::size_t(k)].r).epsilon(0.10));
  }
}

TEST_CASE("segment_field: canonical labels, per-channel means and stage timings", "[unit]") {
  const std::vector<Disc> discs{{20, 20, 8}, {60, 25, 9}, {30, 60, 7}};
  const Image<u16> nuc = render(80, 80, discs, 5);
  Image<u16> second(80, 80, 1000);
  const std::vector<U16View> ch{nuc.view(), second.view()};
  const FieldSegmentation seg = segment_field(ch, SegmentationParams{}, Backend::kCpu);
  REQUIRE(seg.objects.size() == 3);
  LabelImage canon = seg.labels;
  canonicalize_labels(canon);
  REQUIRE(canon == seg.labels);
  for (std::size_t i = 0; i < seg.objects.size(); ++i) {
    CHECK(seg.objects[i].label == int(i) + 1);
    CHECK(seg.objects[i].channel_count == 2);
    CHECK(seg.objects[i].mean_intensity[1] == 1000.0);
    CHECK(seg.objects[i].mean_intensity[0] > 800.0);
  }
  std::vector<std::string> stages;
  for (const StageTiming& t : seg.timings) {
    stages.push_back(t.stage);
    CHECK(t.ms >= 0.0);
  }
  CHECK(stages == std::vector<std::string>{"background", "smooth", "threshold", "fill_holes", "size_filter",
                                           "distance_transform", "seeds", "watershed", "fold_small", "canonicalize",
                                           "measure"});
}

TEST_CASE("segment_field without splitting labels connected components", "[unit]") {
  const std::vector<Disc> discs{{30, 30, 12}, {48, 30, 12}, {100, 80, 10}};
  const Image<u16> img = render(140, 120, discs, 9);
  SegmentationParams p;
  CHECK(run(img, p).objects.size() == 3);
  p.split_touching = false;
  const FieldSegmentation seg = run(img, p);
  CHECK(seg.objects.size() == 2);
  CHECK(seg.timings[5].stage == "label");
}

TEST_CASE("segment_field leaves fields without nuclei empty", "[unit]") {
  SECTION("noise only") {
    const FieldSegmentation seg = run(render(160, 120, {}, 11));
    CHECK(seg.objects.empty());
    CHECK(label_count(seg.labels) == 0);
  }
  SECTION("constant image") {
    CHECK(run(Image<u16>(64, 48, 300)).objects.empty());
  }
  SECTION("a manual threshold is not second-guessed") {
    SegmentationParams p;
    p.threshold.method = ThresholdMethod::kManual;
    p.threshold.manual = 100;
    p.background.method = BackgroundMethod::kNone;
    const FieldSegmentation seg = run(render(60, 40, {}, 12), p);
    CHECK(seg.threshold == 100);
    CHECK(seg.objects.size() == 1);  // everything (noise around 150) is above 100
  }
}

TEST_CASE("has_foreground_contrast separates a foreground mode from noise", "[unit]") {
  Image<u16> img(100, 100, 0);
  std::mt19937 rng(4);
  std::normal_distribution<double> noise(100.0, 5.0);
  for (auto& v : img.pixels()) v = static_cast<u16>(noise(rng));
  CHECK_FALSE(detail::has_foreground_contrast(img.view(), 100));  // the noise median
  CHECK_FALSE(detail::has_foreground_contrast(img.view(), 110));  // 2 sigma
  CHECK(detail::has_foreground_contrast(img.view(), 125));        // 5 sigma
  CHECK_FALSE(detail::has_foreground_contrast(Image<u16>(8, 8, 7).view(), 7));
}
