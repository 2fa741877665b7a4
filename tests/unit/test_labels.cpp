// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/labels.hpp"

using namespace lysisq;

TEST_CASE("canonicalize_labels numbers objects in raster order of first pixel", "[unit]") {
  LabelImage l(4, 2);
  // 7 7 0 3
  // 0 5 5 3
  const i32 in[] = {7, 7, 0, 3, 0, 5, 5, 3};
  std::copy(std::begin(in), std::end(in), l.data());
  canonicalize_labels(l);
  const std::vector<i32> gold = {1, 1, 0, 2, 0, 3, 3, 2};
  REQUIRE(l.pixels() == gold);
  REQUIRE(label_count(l) == 3);
  REQUIRE(max_label(l) == 3);
}

TEST_CASE("canonicalize_labels rejects negative labels", "[unit]") {
  LabelImage l(2, 1);
  l[1] = -1;
  REQUIRE_THROWS_AS(canonicalize_labels(l), InternalError);
}

TEST_CASE("canonicalize_labels on empty and all-background images", "[unit]") {
  LabelImage empty;
  canonicalize_labels(empty);
  REQUIRE(label_count(empty) == 0);
  LabelImage bg(3, 3);
  canonicalize_labels(bg);
  REQUIRE(label_count(bg) == 0);
}
