// SPDX-License-Identifier: MIT
// Canonical label numbering: 1..N in raster order of first appearance.
#include "lysisq/labels.hpp"

#include <algorithm>
#include <vector>

#include "lysisq/errors.hpp"

namespace lysisq {

int max_label(const LabelImage& labels) {
  i32 m = 0;
  for (i32 v : labels.pixels()) m = std::max(m, v);
  return m;
}

void canonicalize_labels(LabelImage& labels) {
  const int top = max_label(labels);
  std::vector<i32> remap(std::size_t(top) + 1, 0);
  i32 next = 0;
  for (i32& v : labels.pixels()) {
    if (v < 0) throw InternalError("canonicalize_labels: negative label " + std::to_string(v));
    if (v == 0) continue;
    i32& r = remap[std::size_t(v)];
    if (r == 0) r = ++next;
    v = r;
  }
}

int label_count(const LabelImage& labels) {
  const int top = max_label(labels);
  std::vector<bool> seen(std::size_t(top) + 1, false);
  int n = 0;
  for (i32 v : labels.pixels())
    if (v > 0 && !seen[std::size_t(v)]) seen[std::size_t(v)] = true, ++n;
  return n;
}

}  // namespace lysisq
