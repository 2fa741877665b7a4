// SPDX-License-Identifier: MIT
// `--set key=value` parsing and key checking (values are type-checked by the loader).
#include "overrides.hpp"

#include "config_internal.hpp"
#include "edit_distance.hpp"
#include "yaml_reader.hpp"

namespace lysisq::config::detail {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

[[noreturn]] void unknown_key(const std::string& key) {
  const std::vector<std::string> leaves = leaf_paths();
  std::string hint = did_you_mean(key, leaves);
  if (hint.empty()) {
    // "--set sigma_px=2": the leaf name alone, or with a mistyped section.
    const std::string leaf = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    for (const auto& p : leaves)
      if (p.substr(p.rfind('.') == std::string::npos ? 0 : p.rfind('.') + 1) == leaf) {
        hint = "did you mean '" + p + "'?";
        break;
      }
  }
  if (hint.empty()) hint = "the keys are listed in configs/README.md";
  fail("--set", key, "unknown key", "", hint);
}

}  // namespace

Overrides parse_overrides(const std::vector<std::string>& items) {
  Overrides out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      fail("--set", "", "expected key=value", "'" + item + "'", "e.g. --set segmentation.smooth.sigma_px=2");
    const std::string key = trim(item.substr(0, eq));
    const std::vector<std::string> leaves = leaf_paths();
    if (std::find(leaves.begin(), leaves.end(), key) == leaves.end()) {
      if (!key.empty() && is_section(key)) {
        std::string children;
        for (const auto& c : child_keys(key)) children += (children.empty() ? "" : ", ") + c;
        fail("--set", key, "is a section, not a value", "", "set one of its keys: " + children);
      }
      unknown_key(key);
    }
    out[key] = parse_yaml(item.substr(eq + 1), "--set " + key);
  }
  return out;
}

}  // namespace lysisq::config::detail
