// SPDX-License-Identifier: MIT
// The IoU matcher of the accuracy tests, on hand-made label images.
#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>

#include "support/instance_match.hpp"

using namespace lysisq;
using test::match_instances;

namespace {

// '.' is background; '1'-'9' and 'a'-'z' are labels 1-9 and 10-35.
LabelImage labels(std::initializer_list<std::string> rows) {
  const int h = int(rows.size()), w = int(rows.begin()->size());
  LabelImage out(w, h);
  int y = 0;
  for (const std::string& r : rows) {
    for (int x = 0; x < w; ++x) {
      const char c = r[std::size_t(x)];
      out.at(x, y) = c == '.' ? 0 : (c >= 'a' ? 10 + (c - 'a') : c - '0');
    }
    ++y;
  }
  return out;
}

}  // namespace

TEST_CASE("match_instances: identical images match every object", "[unit]") {
  const LabelImage a = labels({"11..22", "11..22", "..3..."});
  const auto m = match_instances(a, a);
  CHECK(m.tp == 3);
  CHECK(m.fp == 0);
  CHECK(m.fn == 0);
  CHECK(m.f1() == 1.0);
}

TEST_CASE("match_instances: label values do not matter, only overlap", "[unit]") {
  const auto m = match_instances(labels({"11..22", "11..22"}), labels({"99..55", "99..55"}));
  CHECK(m.tp == 2);
  CHECK(m.n_true == 2);
  CHECK(m.n_pred == 2);
}

TEST_CASE("match_instances: a merge is one false positive and two misses", "[unit]") {
  // Predicted object 1 covers both true objects: IoU 4/8 = 0.5 each, but one-to-one allows one
  // match; a strict threshold above 0.5 allows none.
  const LabelImage truth = labels({"1122", "1122"});
  const LabelImage pred = labels({"1111", "1111"});
  const auto m = match_instances(truth, pred);
  CHECK(m.tp == 1);
  CHECK(m.fp == 0);
  CHECK(m.fn == 1);
  const auto strict = match_instances(truth, pred, 0.51);
  CHECK(strict.tp == 0);
  CHECK(strict.fp == 1);
  CHECK(strict.fn == 2);
  CHECK(strict.f1() == Approx(0.0));
}

TEST_CASE("match_instances: partial overlap below and above the threshold", "[unit]") {
  const LabelImage truth = labels({"1111......", "1111......", "....2222..", "....2222.."});
  // Object 1 shifted by one column: IoU 6/10; object 2 shifted by two: IoU 4/12.
  const LabelImage pred = labels({".1111.....", ".1111.....", "......2222", "......2222"});
  const auto m = match_instances(truth, pred);
  CHECK(m.tp == 1);
  CHECK(m.fp == 1);
  CHECK(m.fn == 1);
  CHECK(m.precision() == Approx(0.5));
  CHECK(m.recall() == Approx(0.5));
  CHECK(m.f1() == Approx(0.5));
}

TEST_CASE("match_instances: the best pair wins a contested object", "[unit]") {
  // True 1 (6 px) is overlapped by pred 1 (IoU 5/6) and pred 2 (IoU 1/6); true 2 is missed.
  const LabelImage truth = labels({"111..", "111.2"});
  const LabelImage pred = labels({"112..", "111.."});
  const auto m = match_instances(truth, pred, 0.1);
  CHECK(m.tp == 1);
  CHECK(m.fp == 1);
  CHECK(m.fn == 1);
}

TEST_CASE("match_instances: empty images and pooled counts", "[unit]") {
  const LabelImage none(4, 3);
  const auto empty = match_instances(none, none);
  CHECK(empty.tp + empty.fp + empty.fn == 0);
  CHECK(empty.f1() == 1.0);
  const auto invented = match_instances(none, labels({"1...", "....", "...2"}));
  CHECK(invented.fp == 2);
  CHECK(invented.precision() == 0.0);
  test::MatchCounts pooled = empty;
  pooled += invented;
  pooled += match_instances(labels({"1..."}), labels({"1..."}));
  CHECK(pooled.tp == 1);
  CHECK(pooled.fp == 2);
  CHECK(pooled.f1() == Approx(2.0 / 4.0));
  REQUIRE_THROWS(match_instances(LabelImage(2, 2), LabelImage(3, 2)));
}
