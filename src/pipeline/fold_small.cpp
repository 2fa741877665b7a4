// SPDX-License-Identifier: MIT
// fold_small_objects: each round, every small object picks its neighbour with the longest shared
// border. Each small object points to one neighbour and large ones to none, so every group of
// joined objects holds at most one large object, whose label the whole group takes.
#include "fold_small.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace lysisq::detail {
namespace {

struct Contact {
  i32 a, b;  // a != b, both > 0 (stored both ways round, one entry per adjacent pixel pair)
  bool operator<(const Contact& o) const { return a != o.a ? a < o.a : b < o.b; }
  bool operator==(const Contact& o) const = default;
};

std::vector<std::int64_t> areas(const LabelImage& lab, int n) {
  std::vector<std::int64_t> area(std::size_t(n) + 1, 0);
  for (const i32 v : lab.pixels()) ++area[std::size_t(v)];
  return area;
}

/// Adjacent pixel pairs (8-conn, each unordered pair once) between different objects where the
/// first is small, as (small, other) entries.
std::vector<Contact> small_contacts(const LabelImage& lab, const std::vector<bool>& small) {
  std::vector<Contact> c;
  const int w = lab.width(), h = lab.height();
  const auto add = [&](i32 p, i32 q) {
    if (p <= 0 || q <= 0 || p == q) return;
    if (small[std::size_t(p)]) c.push_back({p, q});
    if (small[std::size_t(q)]) c.push_back({q, p});
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const i32 p = lab.at(x, y);
      if (p <= 0) continue;
      if (x + 1 < w) add(p, lab.at(x + 1, y));
      if (y + 1 < h) {
        add(p, lab.at(x, y + 1));
        if (x > 0) add(p, lab.at(x - 1, y + 1));
        if (x + 1 < w) add(p, lab.at(x + 1, y + 1));
      }
    }
  std::sort(c.begin(), c.end());
  return c;
}

/// target[s] for each small object s: its neighbour with the most contacts (ties: smaller
/// label), or 0 if it has none. Large objects keep target 0.
std::vector<i32> pick_targets(const std::vector<Contact>& c, int n) {
  std::vector<i32> target(std::size_t(n) + 1, 0);
  std::vector<std::int64_t> best(std::size_t(n) + 1, 0);
  for (std::size_t i = 0; i < c.size();) {
    std::size_t j = i;
    while (j < c.size() && c[j] == c[i]) ++j;
    const auto count = static_cast<std::int64_t>(j - i);  // entries sorted, so equal pairs are adjacent
    if (count > best[std::size_t(c[i].a)]) best[std::size_t(c[i].a)] = count, target[std::size_t(c[i].a)] = c[i].b;
    i = j;
  }
  return target;
}

i32 find(std::vector<i32>& parent, i32 v) {
  while (parent[std::size_t(v)] != v) v = parent[std::size_t(v)] = parent[std::size_t(parent[std::size_t(v)])];
  return v;
}

/// New label of every object after this round's folds (0 = removed).
std::vector<i32> fold_remap(const std::vector<bool>& small, const std::vector<i32>& target) {
  const std::size_t n1 = small.size();
  std::vector<i32> parent(n1);
  std::iota(parent.begin(), parent.end(), 0);
  for (std::size_t v = 1; v < n1; ++v)
    if (target[v] != 0) parent[std::size_t(find(parent, i32(v)))] = find(parent, target[v]);
  // A group holds at most one large object and takes its label; a group of small objects only
  // (their picks form a cycle) takes its smallest label.
  std::vector<i32> name(n1, 0);
  for (std::size_t v = 1; v < n1; ++v)
    if (!small[v]) name[std::size_t(find(parent, i32(v)))] = i32(v);
  for (std::size_t v = 1; v < n1; ++v) {
    i32& g = name[std::size_t(find(parent, i32(v)))];
    if (small[v] && target[v] != 0 && (g == 0 || (small[std::size_t(g)] && i32(v) < g))) g = i32(v);
  }
  std::vector<i32> remap(n1, 0);
  for (std::size_t v = 1; v < n1; ++v) remap[v] = (small[v] && target[v] == 0) ? 0 : name[std::size_t(find(parent, i32(v)))];
  return remap;
}

}  // namespace

void fold_small_objects(LabelImage& labels, int min_area_px) {
  for (;;) {
    const int n = max_label(labels);
    const std::vector<std::int64_t> area = areas(labels, n);
    std::vector<bool> small(std::size_t(n) + 1, false);
    bool any = false;
    for (int v = 1; v <= n; ++v) any |= (small[std::size_t(v)] = area[std::size_t(v)] > 0 && area[std::size_t(v)] < min_area_px);
    if (!any) return;
    const std::vector<i32> remap = fold_remap(small, pick_targets(small_contacts(labels, small), n));
    for (i32& v : labels.pixels()) v = remap[std::size_t(v)];
  }
}

}  // namespace lysisq::detail
