// SPDX-License-Identifier: MIT
// PlateLayout -> YAML, one flow-style entry per well, in the schema parse_layout reads.
#include <sstream>

#include "enum_tables.hpp"
#include "lysisq/config_io.hpp"
#include "yaml_text.hpp"

namespace lysisq::config {
namespace {

using detail::yaml_number;
using detail::yaml_quote;

std::string target_entry(const Target& t) {
  std::string s = "{name: " + yaml_quote(t.name) +
                  ", origin: " + detail::enum_to<TargetOrigin>(detail::kTargetOrigins, t.origin);
  if (t.nk_class != NkClass::kUnknown) s += ", nk_class: " + std::string(detail::enum_to<NkClass>(detail::kNkClasses, t.nk_class));
  return s + ", targets_per_well: " + yaml_number(t.targets_per_well) + "}";
}

std::string effector_entry(const Effector& e) {
  std::string s = "{name: " + yaml_quote(e.name) +
                  ", type: " + detail::enum_to<EffectorType>(detail::kEffectorTypes, e.type);
  if (!e.donor.empty()) s += ", donor: " + yaml_quote(e.donor);
  return s + "}";
}

std::string well_entry(const WellAssignment& w) {
  std::string s = "{wells: " + w.well.str() + ", role: " + role_name(w.role);
  if (!w.target.empty()) s += ", target: " + yaml_quote(w.target);
  if (!w.effector.empty()) s += ", effector: " + yaml_quote(w.effector);
  if (w.et_ratio != 0) s += ", et_ratio: " + yaml_number(w.et_ratio);
  if (!w.labels.empty()) {
    std::string labels;
    for (const auto& [k, v] : w.labels) labels += (labels.empty() ? "" : ", ") + yaml_quote(k) + ": " + yaml_quote(v);
    s += ", labels: {" + labels + "}";
  }
  return s + "}";
}

template <class Item, class Fn>
void write_list(std::ostringstream& out, const char* key, const std::vector<Item>& items, Fn entry) {
  if (items.empty()) {
    out << key << ": []\n";
    return;
  }
  out << key << ":\n";
  for (const auto& i : items) out << "  - " << entry(i) << "\n";
}

}  // namespace

std::string layout_to_yaml(const PlateLayout& layout) {
  std::ostringstream out;
  out << "schema_version: 1\n";
  out << "plate: {name: " << yaml_quote(layout.name) << ", wells: " << layout.format.well_count() << "}\n";
  write_list(out, "targets", layout.targets, target_entry);
  write_list(out, "effectors", layout.effectors, effector_entry);
  write_list(out, "wells", layout.wells, well_entry);
  return out.str();
}

}  // namespace lysisq::config
