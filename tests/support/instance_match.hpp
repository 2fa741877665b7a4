// SPDX-License-Identifier: MIT
// Object-level accuracy: one-to-one matching of ground-truth and predicted instances by IoU.
#pragma once
#include <cstdint>

#include "lysisq/labels.hpp"

namespace lysisq::test {

struct MatchCounts {
  std::int64_t tp = 0, fp = 0, fn = 0;
  std::int64_t n_true = 0, n_pred = 0;  ///< objects present (distinct non-zero labels)

  MatchCounts& operator+=(const MatchCounts& o);
  double precision() const;  ///< tp / (tp + fp); 1 when nothing was predicted
  double recall() const;     ///< tp / (tp + fn); 1 when there was nothing to find
  double f1() const;         ///< 2 tp / (2 tp + fp + fn); 1 when both are empty
};

/// Pairs every true object with at most one predicted object (and vice versa) when their IoU is
/// >= `min_iou`, greedily by decreasing IoU (ties: smaller true label, then smaller predicted
/// label). For min_iou > 0.5 a pair is unique anyway (two disjoint objects cannot both overlap
/// a third by more than half of their union); at exactly 0.5 the greedy rule keeps it one-to-one.
/// Labels need not be contiguous; sizes must match.
MatchCounts match_instances(const LabelImage& truth, const LabelImage& pred, double min_iou = 0.5);

}  // namespace lysisq::test
