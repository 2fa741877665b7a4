// SPDX-License-Identifier: MIT
// fold_small_objects (the post-watershed clean-up of segment_field) on hand-made label images.
#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>

#include "pipeline/fold_small.hpp"

using namespace lysisq;
using detail::fold_small_objects;

namespace {

// '.' is background; '1'-'9' are labels.
LabelImage labels(std::initializer_list<std::string> rows) {
  LabelImage out(int(rows.begin()->size()), int(rows.size()));
  int y = 0;
  for (const std::string& r : rows) {
    for (int x = 0; x < out.width(); ++x) out.at(x, y) = r[std::size_t(x)] == '.' ? 0 : r[std::size_t(x)] - '0';
    ++y;
  }
  return out;
}

}  // namespace

TEST_CASE("fold_small_objects joins a fragment to the neighbour with the longest border", "[unit]") {
  LabelImage l = labels({"1111222",
                         "1111322",
                         "1111322",
                         "1111322",
                         "1111222"});
  // Object 3 (3 px) has 9 adjacent pixel pairs (8-conn) with 1 (the column to its left) and 11
  // with 2 (the column to its right, plus the pixels above and below it).
  fold_small_objects(l, 4);
  REQUIRE(l == labels({"1111222", "1111222", "1111222", "1111222", "1111222"}));
}

TEST_CASE("fold_small_objects: ties go to the smaller label, large objects are untouched", "[unit]") {
  LabelImage l = labels({"111.222", "111322.", "111.222"});
  // 3 touches 1 at (2,0),(2,1),(2,2) and 2 at (4,0),(4,1),(4,2): 3 pairs each.
  fold_small_objects(l, 2);
  CHECK(l.at(3, 1) == 1);
  CHECK(l.at(4, 1) == 2);
}

TEST_CASE("fold_small_objects removes isolated small objects and follows chains", "[unit]") {
  SECTION("isolated") {
    LabelImage l = labels({"11..2", "11...", "....."});
    fold_small_objects(l, 2);
    REQUIRE(l == labels({"11...", "11...", "....."}));
  }
  SECTION("small -> small -> large chain ends in the large object") {
    LabelImage l = labels({"11111.", "11111.", "111123", "....33"});
    // 2 (1 px) touches 1 more than 3; 3 (3 px) touches only 2 and so points at it.
    fold_small_objects(l, 4);
    for (int y = 0; y < l.height(); ++y)
      for (int x = 0; x < l.width(); ++x) REQUIRE(l.at(x, y) == (l.at(x, y) == 0 ? 0 : 1));
  }
  SECTION("small objects that only touch each other merge and stay if large enough") {
    LabelImage l = labels({"12.", "12.", "..."});
    fold_small_objects(l, 3);  // each is 2 px; together 4 px
    CHECK(l.at(0, 0) == 1);
    CHECK(l.at(1, 1) == 1);
  }
  SECTION("nothing small: unchanged") {
    LabelImage l = labels({"1122", "1122"});
    const LabelImage before = l;
    fold_small_objects(l, 4);
    REQUIRE(l == before);
  }
}
