// SPDX-License-Identifier: MIT
// Plate layout YAML -> PlateLayout (ASSAY.md §1). Structure and types are read here; the role
// rules live in layout_rules.cpp and the well-range notation in well_spec.cpp.
#include <algorithm>
#include <map>

#include "delimited_text.hpp"
#include "enum_tables.hpp"
#include "layout_rules.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "well_spec.hpp"
#include "yaml_reader.hpp"

namespace lysisq::config {
namespace {

using namespace detail;

/// Reads the entries of one mapping by key; `get` returns nullptr for an absent key.
class Fields {
 public:
  Fields(const YAML::Node& map, const std::string& origin, std::string path, const std::vector<std::string>& known)
      : origin_(origin),
        path_(std::move(path)),
        entries_(map_entries(map, origin, path_)),
        where_(detail::where(origin, map)) {
    check_known_keys(entries_, path_, known);
  }
  const Entry* get(const std::string& key) const {
    for (const auto& e : entries_)
      if (e.key == key) return &e;
    return nullptr;
  }
  const Entry& require(const std::string& key) const {
    if (const Entry* e = get(key)) return *e;
    fail(where_, path_, "required key '" + key + "' is missing");
  }
  Ctx ctx(const Entry& e) const { return {e.where, join_path(path_, e.key)}; }
  const std::string& where() const { return where_; }
  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::string path_;
  std::vector<Entry> entries_;
  std::string where_;
};

template <class E>
E read_enum(const Fields& f, const Entry& e, EnumTable<E> table, const char* what) {
  const std::string s = read_text(e.value, f.ctx(e));
  if (auto v = enum_from<E>(table, s)) return *v;
  fail(e.where, f.ctx(e).path, std::string("unknown ") + what, "'" + s + "'",
       "accepted: " + enum_spellings<E>(table));
}

/// The items of an optional top-level list ("targets:", "wells:"); a missing key is empty.
std::vector<YAML::Node> list_items(const Fields& root, const char* key) {
  const Entry* e = root.get(key);
  if (!e || e->value.IsNull()) return {};
  if (!e->value.IsSequence())
    fail(e->where, key, "expected a list ('- ' items)", shown(e->value), "see configs/examples/layout_96.yaml");
  return {e->value.begin(), e->value.end()};
}

Target read_target(const YAML::Node& n, const std::string& origin, const std::string& path) {
  const Fields f(n, origin, path, {"name", "origin", "nk_class", "targets_per_well"});
  Target t;
  t.name = read_text(f.require("name").value, f.ctx(f.require("name")));
  const Entry& o = f.require("origin");
  t.origin = read_enum<TargetOrigin>(f, o, kTargetOrigins, "target origin");
  if (const Entry* e = f.get("nk_class")) t.nk_class = read_enum<NkClass>(f, *e, kNkClasses, "NK class");
  if (const Entry* e = f.get("targets_per_well")) {
    t.targets_per_well = read_number(e->value, f.ctx(*e), "targets seeded per well, e.g. 5000");
    if (!(t.targets_per_well > 0))
      fail(e->where, f.ctx(*e).path, "must be > 0", e->value.Scalar(), "targets seeded per well");
  }
  return t;
}

Effector read_effector(const YAML::Node& n, const std::string& origin, const std::string& path) {
  const Fields f(n, origin, path, {"name", "type", "donor"});
  Effector eff;
  eff.name = read_text(f.require("name").value, f.ctx(f.require("name")));
  eff.type = read_enum<EffectorType>(f, f.require("type"), kEffectorTypes, "effector type");
  if (const Entry* e = f.get("donor")) eff.donor = read_text(e->value, f.ctx(*e));
  return eff;
}

/// One `wells:` entry, before expansion: every field but the well itself.
WellAssignment read_assignment(const Fields& f) {
  WellAssignment a;
  const Entry& role = f.require("role");
  const std::string r = read_text(role.value, f.ctx(role));
  const auto parsed = parse_role(r);
  if (!parsed)
    fail(role.where, f.ctx(role).path, "unknown role", "'" + r + "'",
         "accepted: experimental, spontaneous, maximum, background, effector_only, target_only");
  a.role = *parsed;
  if (const Entry* e = f.get("target")) a.target = read_text(e->value, f.ctx(*e));
  if (const Entry* e = f.get("effector")) a.effector = read_text(e->value, f.ctx(*e));
  if (const Entry* e = f.get("et_ratio")) a.et_ratio = read_number(e->value, f.ctx(*e), "effectors per target, e.g. 40");
  if (const Entry* e = f.get("labels"))
    for (const auto& l : map_entries(e->value, f.origin(), f.ctx(*e).path))
      a.labels[l.key] = read_text(l.value, {e->where, f.ctx(*e).path + "." + l.key});
  return a;
}

template <class Item>
void check_unique_names(const std::vector<Item>& items, const std::vector<YAML::Node>& nodes,
                        const std::string& origin, const char* key) {
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (items[i].name == items[j].name)
        fail(where(origin, nodes[i]), std::string(key) + "[" + std::to_string(i) + "].name", "duplicate name",
             "'" + items[i].name + "'", "already declared at " + where(origin, nodes[j]));
}

void read_plate(const Fields& root, const std::string& origin, PlateLayout& layout) {
  const Entry& pe = root.require("plate");
  const Fields plate(pe.value, origin, "plate", {"name", "wells"});
  layout.name = read_text(plate.require("name").value, plate.ctx(plate.require("name")));
  const Entry& we = plate.require("wells");
  const long long n = read_integer(we.value, plate.ctx(we), "96 or 384");
  const auto fmt = PlateFormat::from_well_count(static_cast<int>(std::clamp(n, 0LL, 100000LL)));
  if (!fmt) fail(we.where, "plate.wells", "unsupported plate format", std::to_string(n), "accepted: 96, 384");
  layout.format = *fmt;
}

}  // namespace

PlateLayout parse_layout(const std::string& yaml_text, const std::string& origin) {
  const YAML::Node doc = parse_yaml(yaml_text, origin);
  check_schema_version(map_entries(doc, origin, ""), origin, "layout");
  const Fields root(doc, origin, "", {"schema_version", "plate", "targets", "effectors", "wells"});
  PlateLayout layout;
  read_plate(root, origin, layout);
  const auto target_nodes = list_items(root, "targets");
  for (std::size_t i = 0; i < target_nodes.size(); ++i)
    layout.targets.push_back(read_target(target_nodes[i], origin, "targets[" + std::to_string(i) + "]"));
  check_unique_names(layout.targets, target_nodes, origin, "targets");
  const auto effector_nodes = list_items(root, "effectors");
  for (std::size_t i = 0; i < effector_nodes.size(); ++i)
    layout.effectors.push_back(read_effector(effector_nodes[i], origin, "effectors[" + std::to_string(i) + "]"));
  check_unique_names(layout.effectors, effector_nodes, origin, "effectors");

  std::map<WellId, std::string> assigned_at;  // well -> where it was first assigned
  const auto well_nodes = list_items(root, "wells");
  for (std::size_t i = 0; i < well_nodes.size(); ++i) {
    const std::string path = "wells[" + std::to_string(i) + "]";
    const Fields f(well_nodes[i], origin, path, {"wells", "role", "target", "effector", "et_ratio", "labels"});
    const Entry& spec_entry = f.require("wells");
    const std::string spec_text = read_text(spec_entry.value, f.ctx(spec_entry));
    const WellSpec spec = expand_well_spec(spec_text, layout.format);
    if (!spec.error.empty()) fail(spec_entry.where, path + ".wells", spec.error, "'" + spec_text + "'");
    const WellAssignment proto = read_assignment(f);
    for (const WellId& w : spec.wells) {
      WellAssignment a = proto;
      a.well = w;
      if (auto p = detail::check_assignment(a, layout))
        fail(f.where(), path, "well " + w.str() + ": " + p->what, p->got, p->hint);
      const auto [it, fresh] = assigned_at.emplace(w, f.where());
      if (!fresh)
        fail(f.where(), path, "well " + w.str() + " is assigned twice", "'" + spec_text + "'",
             "already assigned at " + it->second + "; each well may appear in one entry only");
      layout.wells.push_back(std::move(a));
    }
  }
  std::sort(layout.wells.begin(), layout.wells.end(),
            [](const WellAssignment& a, const WellAssignment& b) { return a.well < b.well; });
  if (auto p = detail::check_controls(layout))
    fail(assigned_at.at(p->well), "wells",
         "well " + p->well.str() + ": " + p->what, p->got, p->hint);
  return layout;
}

PlateLayout load_layout(const std::filesystem::path& file) {
  const std::string ext = to_lower(file.extension().string());
  if (ext == ".csv" || ext == ".tsv") return load_layout_csv(file);
  return parse_layout(read_text_file(file), file.string());
}

}  // namespace lysisq::config
