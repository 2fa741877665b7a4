// SPDX-License-Identifier: MIT
// Invariants of label_components, fill_holes and filter_size over seeded random masks.
#include <algorithm>
#include <catch2/catch.hpp>

#include "lysisq/stages.hpp"
#include "support/label_oracle.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

template <class T>
Image<T> flip_x(const Image<T>& m) {
  Image<T> out(m.width(), m.height());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) out.at(m.width() - 1 - x, y) = m.at(x, y);
  return out;
}

template <class T>
Image<T> flip_y(const Image<T>& m) {
  Image<T> out(m.width(), m.height());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) out.at(x, m.height() - 1 - y) = m.at(x, y);
  return out;
}

bool subset(const Mask& a, const Mask& b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] && !b[i]) return false;
  return true;
}

}  // namespace

TEST_CASE("labels: 1..N dense, and object areas sum to the foreground", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const double p = GENERATE(0.2, 0.5, 0.8);
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(seed, p, int(c));
  const Mask m = test::random_mask(131, 77, p, seed);
  const LabelImage l = label_components(m.cview(), c, Backend::kCpu);
  const int n = max_label(l);
  std::vector<long> area(std::size_t(n) + 1, 0);
  long fg = 0;
  bool labelled_iff_foreground = true;
  for (std::size_t i = 0; i < m.size(); ++i) {
    fg += m[i];
    labelled_iff_foreground = labelled_iff_foreground && (l[i] > 0) == (m[i] != 0);
    ++area[std::size_t(l[i])];
  }
  REQUIRE(labelled_iff_foreground);
  long sum = 0;
  for (int k = 1; k <= n; ++k) sum += area[std::size_t(k)];
  REQUIRE(std::count(area.begin() + 1, area.end(), 0L) == 0);
  REQUIRE(sum == fg);
  REQUIRE(label_count(l) == n);
}

TEST_CASE("labels: invariant under transpose and flips after mapping back", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(seed, int(c));
  const Mask m = test::random_mask(97, 61, 0.55, seed);
  const LabelImage gold = label_components(m.cview(), c, Backend::kCpu);
  auto canon = [](LabelImage l) { canonicalize_labels(l); return l; };
  const Mask t = test::transpose(m);
  REQUIRE(canon(test::transpose(label_components(t.cview(), c, Backend::kCpu))) == gold);
  const Mask fx = flip_x(m);
  REQUIRE(canon(flip_x(label_components(fx.cview(), c, Backend::kCpu))) == gold);
  const Mask fy = flip_y(m);
  REQUIRE(canon(flip_y(label_components(fy.cview(), c, Backend::kCpu))) == gold);
}

TEST_CASE("fill_holes: a superset, idempotent, and transpose-invariant", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const double p = GENERATE(0.5, 0.7);
  CAPTURE(seed, p);
  const Mask m = test::random_mask(89, 57, p, seed);
  const Mask filled = fill_holes(m.cview(), Backend::kCpu);
  REQUIRE(subset(m, filled));
  REQUIRE(fill_holes(filled.cview(), Backend::kCpu) == filled);
  const Mask t = test::transpose(m);
  REQUIRE(test::transpose(fill_holes(t.cview(), Backend::kCpu)) == filled);
}

TEST_CASE("filter_size: a subset made of whole objects, widening the range never removes one", "[property]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  const auto c = GENERATE(Connectivity::k4, Connectivity::k8);
  CAPTURE(seed, int(c));
  const Mask m = test::random_mask(101, 67, 0.5, seed);
  const Mask narrow = filter_size(m.cview(), {4, 12}, c, Backend::kCpu);
  const Mask wide = filter_size(m.cview(), {2, 50}, c, Backend::kCpu);
  REQUIRE(subset(narrow, m));
  REQUIRE(subset(narrow, wide));
  REQUIRE(filter_size(m.cview(), {0, int(m.size())}, c, Backend::kCpu) == m);
  // Whole objects: each object of the input is either kept entirely or dropped entirely.
  const LabelImage l = label_components(m.cview(), c, Backend::kCpu);
  std::vector<int> state(std::size_t(max_label(l)) + 1, -1);
  bool whole = true;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!l[i]) continue;
    int& s = state[std::size_t(l[i])];
    if (s < 0) s = narrow[i];
    whole = whole && s == narrow[i];
  }
  REQUIRE(whole);
}
