// SPDX-License-Identifier: MIT
// Plate layout: what each used well holds. Loaded from YAML by src/config/load_layout.cpp.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lysisq {

/// A well position, 0-based row and column; printed as "B07".
struct WellId {
  int row = 0;
  int col = 0;
  std::string str() const;  ///< "A01" form
  /// Accepts "B7", "B07", "b07"; nullopt if malformed. Does not check plate bounds.
  static std::optional<WellId> parse(std::string_view text);
  auto operator<=>(const WellId&) const = default;
};

struct PlateFormat {
  int rows = 8;
  int cols = 12;
  static std::optional<PlateFormat> from_well_count(int wells);  ///< 96 or 384
  int well_count() const { return rows * cols; }
  bool contains(WellId w) const { return w.row >= 0 && w.row < rows && w.col >= 0 && w.col < cols; }
};

enum class WellRole { kExperimental, kSpontaneous, kMaximum, kBackground, kEffectorOnly, kTargetOnly };
const char* role_name(WellRole r);
std::optional<WellRole> parse_role(std::string_view s);

enum class TargetOrigin { kAutologous, kAllogeneic, kCellLine };
enum class NkClass { kUnknown, kNkSensitive, kNkResistant };
struct Target {
  std::string name;
  TargetOrigin origin = TargetOrigin::kCellLine;
  NkClass nk_class = NkClass::kUnknown;
  double targets_per_well = 1e4;
};

enum class EffectorType { kLak, kTil, kNk, kPbl, kOther };
struct Effector {
  std::string name;
  EffectorType type = EffectorType::kOther;
  std::string donor;
};

struct WellAssignment {
  WellId well;
  WellRole role = WellRole::kExperimental;
  std::string target;    ///< empty for background wells
  std::string effector;  ///< empty for control wells
  double et_ratio = 0;   ///< E:T; 0 for control wells
  std::map<std::string, std::string> labels;  ///< extra condition labels (time point, antibody...)
};

struct PlateLayout {
  std::string name;
  PlateFormat format;
  std::vector<Target> targets;
  std::vector<Effector> effectors;
  std::vector<WellAssignment> wells;  ///< sorted by well

  const WellAssignment* find(WellId w) const;
  const Target* find_target(std::string_view name) const;
};

}  // namespace lysisq
