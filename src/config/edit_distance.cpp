// SPDX-License-Identifier: MIT
// Levenshtein distance and typo suggestions (ninja's edit_distance.cc serves the same purpose).
#include "edit_distance.hpp"

#include <algorithm>
#include <numeric>

#include "lysisq/config_io.hpp"

namespace lysisq::config {

int edit_distance(const std::string& a, const std::string& b) {
  // Two-row dynamic programme: O(|a||b|) time, O(|b|) memory.
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace detail {

std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  const int len = static_cast<int>(word.size());
  const int limit = std::max(2, len / 3);
  std::optional<std::string> best;
  int best_d = limit + 1;
  for (const auto& c : candidates) {
    const int d = edit_distance(word, c);
    if (d < best_d && d < len) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto m = closest_match(word, candidates);
  return m ? "did you mean '" + *m + "'?" : std::string();
}

}  // namespace detail
}  // namespace lysisq::config
