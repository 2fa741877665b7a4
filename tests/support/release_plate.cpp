// SPDX-License-Identifier: MIT
// Hand-built release plates (see release_plate.hpp).
#include "support/release_plate.hpp"

#include <algorithm>
#include <stdexcept>

namespace lysisq::test {

void HandPlate::add(WellRole role, const std::string& target, const std::string& effector, double et,
                    const std::vector<std::string>& wells, const std::vector<double>& cpm_values,
                    const std::map<std::string, std::string>& labels) {
  if (wells.size() != cpm_values.size()) throw std::logic_error("HandPlate::add: one cpm per well");
  auto v = cpm_values.begin();
  for (const auto& w : wells) {
    WellAssignment a;
    a.well = *WellId::parse(w);
    a.role = role;
    a.target = target;
    a.effector = effector;
    a.et_ratio = et;
    a.labels = labels;
    layout.wells.push_back(a);
    cpm[a.well] = *v++;
  }
}

void HandPlate::finish() {
  std::sort(layout.wells.begin(), layout.wells.end(),
            [](const WellAssignment& a, const WellAssignment& b) { return a.well < b.well; });
}

HandPlate vector_a_plate() {
  HandPlate p;
  p.layout.name = "VECA";
  p.layout.targets = {{"K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, 1e4}};
  p.layout.effectors = {{"LAK-1", EffectorType::kLak, "D1"}};
  p.add(WellRole::kSpontaneous, "K562", "", 0, {"H01", "H02", "H03"}, {520, 480, 500});
  p.add(WellRole::kMaximum, "K562", "", 0, {"H04", "H05", "H06"}, {5100, 4900, 5000});
  p.add(WellRole::kExperimental, "K562", "LAK-1", 40, {"A01", "A02", "A03"}, {2300, 2250, 2350});
  p.add(WellRole::kExperimental, "K562", "LAK-1", 20, {"A04", "A05", "A06"}, {1650, 1700, 1600});
  p.add(WellRole::kExperimental, "K562", "LAK-1", 10, {"A07", "A08", "A09"}, {1100, 1150, 1050});
  p.add(WellRole::kExperimental, "K562", "LAK-1", 5, {"A10", "A11", "A12"}, {760, 800, 790});
  p.finish();
  return p;
}

}  // namespace lysisq::test
