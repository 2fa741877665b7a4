// SPDX-License-Identifier: MIT
// IoU matching: overlap counts per (true, predicted) label pair from one sorted pass.
#include "support/instance_match.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace lysisq::test {
namespace {

std::vector<std::int64_t> areas(const LabelImage& lab) {
  std::vector<std::int64_t> a(std::size_t(max_label(lab)) + 1, 0);
  for (const i32 v : lab.pixels())
    if (v > 0) ++a[std::size_t(v)];
  return a;
}

std::int64_t present(const std::vector<std::int64_t>& area) {
  return std::count_if(area.begin() + 1, area.end(), [](std::int64_t a) { return a > 0; });
}

}  // namespace

MatchCounts& MatchCounts::operator+=(const MatchCounts& o) {
  tp += o.tp, fp += o.fp, fn += o.fn, n_true += o.n_true, n_pred += o.n_pred;
  return *this;
}

double MatchCounts::precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
double MatchCounts::recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
double MatchCounts::f1() const { return 2 * tp + fp + fn == 0 ? 1.0 : 2.0 * double(tp) / double(2 * tp + fp + fn); }

MatchCounts match_instances(const LabelImage& truth, const LabelImage& pred, double min_iou) {
  if (truth.width() != pred.width() || truth.height() != pred.height())
    throw std::invalid_argument("match_instances: label images differ in size");
  const std::vector<std::int64_t> at = areas(truth), ap = areas(pred);
  std::vector<std::pair<i32, i32>> overlaps;
  for (std::size_t i = 0; i < truth.size(); ++i)
    if (truth[i] > 0 && pred[i] > 0) overlaps.emplace_back(truth[i], pred[i]);
  std::sort(overlaps.begin(), overlaps.end());

  std::vector<std::tuple<double, i32, i32>> pairs;  // (-IoU, true, pred): sorts best first
  for (std::size_t i = 0; i < overlaps.size();) {
    std::size_t j = i;
    while (j < overlaps.size() && overlaps[j] == overlaps[i]) ++j;
    const auto [t, p] = overlaps[i];
    const auto inter = static_cast<double>(j - i);
    const double iou = inter / (double(at[std::size_t(t)] + ap[std::size_t(p)]) - inter);
    if (iou >= min_iou) pairs.emplace_back(-iou, t, p);
    i = j;
  }
  std::sort(pairs.begin(), pairs.end());

  std::vector<bool> t_used(at.size(), false), p_used(ap.size(), false);
  MatchCounts m;
  for (const auto& [neg_iou, t, p] : pairs) {
    if (t_used[std::size_t(t)] || p_used[std::size_t(p)]) continue;
    t_used[std::size_t(t)] = p_used[std::size_t(p)] = true;
    ++m.tp;
  }
  m.n_true = present(at);
  m.n_pred = present(ap);
  m.fn = m.n_true - m.tp;
  m.fp = m.n_pred - m.tp;
  return m;
}

}  // namespace lysisq::test
