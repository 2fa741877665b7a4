// SPDX-License-Identifier: MIT
// Well identifiers, role names and layout look-ups.
#include "lysisq/plate.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace lysisq {

std::string WellId::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d", char('A' + row), col + 1);
  return buf;
}

std::optional<WellId> WellId::parse(std::string_view text) {
  if (text.size() < 2 || text.size() > 3) return std::nullopt;
  const char r = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (r < 'A' || r > 'Z') return std::nullopt;
  int col = 0;
  for (char c : text.substr(1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    col = col * 10 + (c - '0');
  }
  if (col < 1) return std::nullopt;
  return WellId{r - 'A', col - 1};
}

std::optional<PlateFormat> PlateFormat::from_well_count(int wells) {
  if (wells == 96) return PlateFormat{8, 12};
  if (wells == 384) return PlateFormat{16, 24};
  return std::nullopt;
}

namespace {
struct RoleName {
  WellRole role;
  const char* name;
};
constexpr std::array<RoleName, 6> kRoleNames{{{WellRole::kExperimental, "experimental"},
                                              {WellRole::kSpontaneous, "spontaneous"},
                                              {WellRole::kMaximum, "maximum"},
                                              {WellRole::kBackground, "background"},
                                              {WellRole::kEffectorOnly, "effector_only"},
                                              {WellRole::kTargetOnly, "target_only"}}};
}  // namespace

const char* role_name(WellRole r) {
  for (const auto& rn : kRoleNames)
    if (rn.role == r) return rn.name;
  return "unknown";
}

std::optional<WellRole> parse_role(std::string_view s) {
  for (const auto& rn : kRoleNames)
    if (s == rn.name) return rn.role;
  return std::nullopt;
}

const WellAssignment* PlateLayout::find(WellId w) const {
  auto it = std::lower_bound(wells.begin(), wells.end(), w,
                             [](const WellAssignment& a, WellId b) { return a.well < b; });
  return (it != wells.end() && it->well == w) ? &*it : nullptr;
}

const Target* PlateLayout::find_target(std::string_view target_name) const {
  for (const auto& t : targets)
    if (t.name == target_name) return &t;
  return nullptr;
}

}  // namespace lysisq
