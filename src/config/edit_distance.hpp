// SPDX-License-Identifier: MIT
// Internal to src/config: "did you mean" suggestions (edit_distance itself is public).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace lysisq::config::detail {

/// The candidate closest to `word` by edit distance, if close enough to be a plausible typo
/// (distance at most max(2, |word| / 3) and less than |word|); ties go to the earlier candidate.
std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates);

/// "did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace lysisq::config::detail
