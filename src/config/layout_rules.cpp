// SPDX-License-Identifier: MIT
// Plate-layout consistency rules (see layout_rules.hpp).
#include "layout_rules.hpp"

#include <optional>
#include <set>

#include "edit_distance.hpp"

namespace lysisq::config::detail {
namespace {

template <class Item>
std::vector<std::string> names_of(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.name);
  return out;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none declared" : out;
}

std::optional<LayoutProblem> unknown_name(const WellAssignment& a, const char* kind, const std::string& name,
                                          const std::vector<std::string>& known) {
  std::string hint = did_you_mean(name, known);
  if (!hint.empty()) hint += ' ';
  hint.append(kind).append("s in this layout: ").append(list(known));
  // append(), not "'" + name: GCC 12 gives a false -Wrestrict for `const char* + std::string`.
  std::string got(1, '\'');
  got.append(name).append(1, '\'');
  return LayoutProblem{a.well, std::string("unknown ").append(kind), got, hint};
}

bool needs_target(WellRole r) {
  return r == WellRole::kExperimental || r == WellRole::kSpontaneous || r == WellRole::kMaximum ||
         r == WellRole::kTargetOnly;
}

std::optional<LayoutProblem> role_problem(const WellAssignment& a) {
  const std::string role = role_name(a.role);
  auto problem = [&](const std::string& what, const std::string& hint) {
    return std::optional<LayoutProblem>(LayoutProblem{a.well, what, "", hint});
  };
  if (needs_target(a.role) && a.target.empty())
    return problem(role + " well has no target", "add 'target: <name>' to its entry");
  if (a.role == WellRole::kBackground && !a.target.empty())
    return problem("background well (medium only) has a target", "remove 'target', or use role target_only");
  if (a.role == WellRole::kExperimental || a.role == WellRole::kEffectorOnly) {
    if (a.effector.empty()) return problem(role + " well has no effector", "add 'effector: <name>' to its entry");
    if (a.role == WellRole::kExperimental && !(a.et_ratio > 0))
      return problem("experimental well needs an E:T ratio > 0", "add 'et_ratio: <effectors per target>'");
    if (a.et_ratio < 0) return problem("E:T ratio must not be negative", "");
    return std::nullopt;
  }
  if (!a.effector.empty())
    return problem(role + " control well has an effector ('" + a.effector + "')",
                   "control wells hold no effectors; use role experimental or effector_only");
  if (a.et_ratio != 0) return problem(role + " control well has an E:T ratio", "remove 'et_ratio' from its entry");
  return std::nullopt;
}

}  // namespace

std::optional<LayoutProblem> check_assignment(const WellAssignment& a, const PlateLayout& layout) {
  if (auto p = role_problem(a)) return p;
  if (!a.target.empty() && !layout.find_target(a.target))
    return unknown_name(a, "target", a.target, names_of(layout.targets));
  if (!a.effector.empty()) {
    bool found = false;
    for (const auto& e : layout.effectors) found = found || e.name == a.effector;
    if (!found) return unknown_name(a, "effector", a.effector, names_of(layout.effectors));
  }
  return std::nullopt;
}

std::optional<LayoutProblem> check_controls(const PlateLayout& layout) {
  std::set<std::string> controlled;
  for (const auto& w : layout.wells)
    if (w.role == WellRole::kSpontaneous || w.role == WellRole::kTargetOnly) controlled.insert(w.target);
  for (const auto& w : layout.wells)
    if (w.role == WellRole::kExperimental && !controlled.count(w.target))
      return LayoutProblem{w.well,
                           "target '" + w.target + "' has experimental wells but no spontaneous or target_only "
                           "control wells",
                           "",
                           "add wells with role spontaneous (release assays) or target_only (imaging) for '" +
                               w.target + "'"};
  return std::nullopt;
}

}  // namespace lysisq::config::detail
