// SPDX-License-Identifier: MIT
// One layout well in a line, for tests that build plates by hand (quantify, kinetics).
#pragma once
#include <map>
#include <string>
#include <utility>

#include "lysisq/plate.hpp"

namespace lysisq::test {

inline WellAssignment assign(const char* well, WellRole role, const char* target, const char* effector = "",
                             double et = 0, std::map<std::string, std::string> labels = {}) {
  WellAssignment a;
  a.well = *WellId::parse(well);
  a.role = role;
  a.target = target;
  a.effector = effector;
  a.et_ratio = et;
  a.labels = std::move(labels);
  return a;
}

}  // namespace lysisq::test
