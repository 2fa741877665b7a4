// SPDX-License-Identifier: MIT
// Invariants of the splitting and measurement stages over seeded random inputs.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <vector>

#include "lysisq/pipeline.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

Mask blob_mask(int w, int h, int blobs, std::uint32_t seed) {
  const Image<u16> img = test::random_blobs(w, h, blobs, seed);
  Mask m(w, h);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = img[i] > 1000 ? 1 : 0;
  return m;
}

template <class T>
Image<T> transposed(const Image<T>& a) {
  Image<T> t(a.height(), a.width());
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) t.at(y, x) = a.at(x, y);
  return t;
}

template <class T>
Image<T> flipped(const Image<T>& a, bool horizontal) {
  Image<T> f(a.width(), a.height());
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x)
      f.at(x, y) = horizontal ? a.at(a.width() - 1 - x, y) : a.at(x, a.height() - 1 - y);
  return f;
}

LabelImage split(const Mask& m, const LabelImage& seeds) {
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  return watershed(d.view(), seeds, m.view(), Backend::kCpu);
}

}  // namespace

TEST_CASE("EDT is invariant under transposition and flips", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const int w = 20 + int(seed % 90), h = 10 + int((seed / 90) % 70);
  CAPTURE(seed, w, h);
  const Mask m = seed % 2 ? blob_mask(w, h, 12, seed) : test::random_mask(w, h, 0.8, seed);
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  REQUIRE(distance_transform_sq(transposed(m).view(), Backend::kCpu) == transposed(d));
  REQUIRE(distance_transform_sq(flipped(m, true).view(), Backend::kCpu) == flipped(d, true));
  REQUIRE(distance_transform_sq(flipped(m, false).view(), Backend::kCpu) == flipped(d, false));
}

TEST_CASE("watershed: object areas sum to the mask's foreground, every pixel is in its bbox", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const int w = 60 + int(seed % 150), h = 50 + int((seed / 150) % 120);
  CAPTURE(seed, w, h);
  const Mask m = blob_mask(w, h, w * h / 300, seed);
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  const LabelImage seeds = find_seeds(d.view(), SeedParams{3.0, 0.5}, Backend::kCpu);
  const LabelImage lab = watershed(d.view(), seeds, m.view(), Backend::kCpu);
  const auto objs = measure_objects(lab, {}, Backend::kCpu);

  const auto fg = std::count_if(m.pixels().begin(), m.pixels().end(), [](u8 v) { return v != 0; });
  std::int64_t total = 0;
  for (const auto& o : objs) total += o.m.area_px;
  REQUIRE(total == fg);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      REQUIRE((lab.at(x, y) != 0) == (m.at(x, y) != 0));
      if (!lab.at(x, y)) continue;
      const ObjectMoments& mo = objs[std::size_t(lab.at(x, y)) - 1].m;
      REQUIRE((x >= mo.bbox_x0 && x <= mo.bbox_x1 && y >= mo.bbox_y0 && y <= mo.bbox_y1));
    }
}

TEST_CASE("segment_field: areas sum to the labelled pixels, pixels lie in their bbox", "[property]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Image<u16> img = test::random_blobs(180, 140, 60, seed);
  const std::vector<U16View> ch{img.view()};
  const FieldSegmentation seg = segment_field(ch, SegmentationParams{}, Backend::kCpu);
  REQUIRE(int(seg.objects.size()) == label_count(seg.labels));
  std::int64_t total = 0;
  for (const auto& o : seg.objects) {
    total += o.m.area_px;
    REQUIRE(o.m.area_px >= SegmentationParams{}.size.min_area_px);
  }
  REQUIRE(total == std::count_if(seg.labels.pixels().begin(), seg.labels.pixels().end(), [](i32 v) { return v > 0; }));
  for (int y = 0; y < seg.labels.height(); ++y)
    for (int x = 0; x < seg.labels.width(); ++x)
      if (const i32 v = seg.labels.at(x, y)) {
        const ObjectMoments& mo = seg.objects[std::size_t(v) - 1].m;
        REQUIRE((x >= mo.bbox_x0 && x <= mo.bbox_x1 && y >= mo.bbox_y0 && y <= mo.bbox_y1));
      }
}

TEST_CASE("watershed result does not depend on the seed numbering", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const int w = 50 + int(seed % 100), h = 40 + int((seed / 100) % 80);
  CAPTURE(seed, w, h);
  const Mask m = blob_mask(w, h, w * h / 250, seed);
  const Image<u32> d = distance_transform_sq(m.view(), Backend::kCpu);
  const LabelImage seeds = find_seeds(d.view(), SeedParams{3.0, 0.5}, Backend::kCpu);
  const int n = max_label(seeds);
  LabelImage base = split(m, seeds);
  canonicalize_labels(base);

  SECTION("order-preserving renumbering (gaps, offsets): identical after canonicalisation") {
    LabelImage renum = seeds;
    for (i32& v : renum.pixels())
      if (v) v = 7 + 3 * v;
    LabelImage out = split(m, renum);
    canonicalize_labels(out);
    REQUIRE(out == base);
  }
  SECTION("any permutation: same foreground, object count, and each seed keeps its own object") {
    // Ties between fronts go to the smaller label by definition, so a permutation may move a
    // boundary pixel; the partition into seeded objects must not change otherwise.
    std::vector<i32> perm(std::size_t(n) + 1);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin() + 1, perm.end(), std::mt19937(seed));
    LabelImage permuted = seeds;
    for (i32& v : permuted.pixels()) v = perm[std::size_t(v)];
    const LabelImage out = split(m, permuted);
    REQUIRE(label_count(out) == label_count(base));
    for (std::size_t i = 0; i < out.size(); ++i) {
      REQUIRE((out[i] != 0) == (base[i] != 0));
      if (permuted[i]) REQUIRE(out[i] == permuted[i]);
    }
  }
}
