// SPDX-License-Identifier: MIT
// CSV/TSV plate maps (one row per well) -> PlateLayout (ASSAY.md §1). Targets and effectors are
// collected from the rows; the role rules are layout_rules.cpp's, so a CSV layout fails where the
// same YAML layout would. No yaml-cpp here.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <span>

#include "delimited_text.hpp"
#include "edit_distance.hpp"
#include "enum_tables.hpp"
#include "layout_rules.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "well_spec.hpp"

namespace lysisq::config {
namespace detail {
// Defined in yaml_reader.cpp; its header pulls in yaml-cpp, which this file keeps out.
std::string message(const std::string& where, const std::string& path, const std::string& what,
                    const std::string& got, const std::string& hint);
}  // namespace detail

namespace {

using namespace detail;

constexpr const char* kRequired[] = {"well", "role", "target", "effector", "et_ratio"};
constexpr const char* kTargetColumns[] = {"target_origin", "nk_class", "targets_per_well"};
constexpr const char* kEffectorColumns[] = {"effector_type", "donor"};

std::string q(std::string_view s) { return std::string(1, '\'').append(s).append(1, '\''); }

/// The map's lines and the name used in messages.
struct Sheet {
  std::string origin;
  std::vector<std::string> lines;
  [[noreturn]] void fail(std::size_t line, const std::string& path, const std::string& what,
                         const std::string& got = "", const std::string& hint = "") const {
    throw ConfigError(message(where(line), path, what, got, hint));
  }
  std::string where(std::size_t line) const { return origin + ":" + std::to_string(line + 1); }
};

bool is_comment(std::string_view line) { return trim(line).substr(0, 1) == "#"; }

/// "# plate=NAME wells=96" (spaces or commas between the settings) on the first line.
void read_settings(const Sheet& s, PlateLayout& layout) {
  std::string text(trim(s.lines[0]).substr(1));
  std::replace(text.begin(), text.end(), ',', ' ');
  for (std::size_t pos = 0; pos < text.size();) {
    const auto end = std::min(text.find(' ', pos), text.size());
    const std::string token = text.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;
    const auto eq = token.find('=');
    const std::string key = token.substr(0, eq), value = eq == std::string::npos ? "" : token.substr(eq + 1);
    if (key == "plate" && !value.empty()) {
      layout.name = value;
    } else if (key == "wells") {
      int n = 0;
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      const auto fmt = ec == std::errc() && p == value.data() + value.size() ? PlateFormat::from_well_count(n)
                                                                              : std::nullopt;
      if (!fmt) s.fail(0, "wells", "unsupported plate format", q(value), "accepted: 96, 384");
      layout.format = *fmt;
    } else {
      const std::string hint = did_you_mean(key, {"plate", "wells"});
      s.fail(0, "", "expected 'plate=NAME' or 'wells=96|384' in the settings line", q(token),
             hint.empty() ? "write the first line as '# plate=NAME wells=96'" : hint);
    }
  }
}

/// The header row: its line, delimiter and column names (lower case, and as written).
struct Header {
  std::size_t line = 0;
  char delim = ',';
  std::vector<std::string> names;
  std::vector<std::string> raw;
  std::optional<std::size_t> col(const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? std::nullopt : std::optional<std::size_t>(std::size_t(it - names.begin()));
  }
};

std::vector<std::string> lower_cells(const std::string& line, char delim) {
  auto cells = split_cells(line, delim);
  for (auto& c : cells) c = to_lower(c);
  return cells;
}

/// The first line that is not blank or a comment; its delimiter is the first of tab, semicolon
/// and comma that gives both a 'well' and a 'role' column.
Header read_header(const Sheet& s, std::size_t from) {
  while (from < s.lines.size() && (trim(s.lines[from]).empty() || is_comment(s.lines[from]))) ++from;
  if (from == s.lines.size())
    s.fail(from == 0 ? 0 : from - 1, "", "no header row", "",
           "a CSV plate map starts with the columns well, role, target, effector, et_ratio");
  Header h{from, ',', lower_cells(s.lines[from], ','), split_cells(s.lines[from], ',')};
  for (const char d : {'\t', ';', ','}) {
    auto names = lower_cells(s.lines[from], d);
    if (std::count(names.begin(), names.end(), "well") && std::count(names.begin(), names.end(), "role")) {
      h = Header{from, d, std::move(names), split_cells(s.lines[from], d)};
      break;
    }
  }
  for (std::size_t i = 0; i < h.names.size(); ++i) {
    if (h.names[i].empty()) continue;
    if (std::find(h.names.begin(), h.names.begin() + long(i), h.names[i]) != h.names.begin() + long(i))
      s.fail(h.line, "column '" + h.names[i] + "'", "column appears twice in the header");
  }
  std::vector<std::string> found;
  for (const auto& n : h.names)
    if (!n.empty()) found.push_back(n);
  for (const char* req : kRequired)
    if (!h.col(req)) {
      std::string hint = did_you_mean(req, found);
      if (!hint.empty()) hint += ' ';
      std::string seen;
      for (const auto& n : found) seen += (seen.empty() ? "" : ", ") + n;
      s.fail(h.line, "", std::string("missing column '") + req + "'", "",
             hint + "columns found: " + seen + "; required: well, role, target, effector, et_ratio");
    }
  return h;
}

/// Metadata given for a target or effector name: first value per (name, column) and its line.
class Declarations {
 public:
  explicit Declarations(const Sheet& s) : sheet_(s) {}
  /// Records `canonical` for (name, column); a different earlier value is an error naming both rows.
  void declare(const std::string& name, const char* column, const std::string& cell, const std::string& canonical,
               std::size_t line) {
    const auto [it, fresh] = seen_.emplace(std::pair{name, std::string(column)}, Given{canonical, cell, line});
    if (!fresh && it->second.canonical != canonical)
      sheet_.fail(line, std::string("column '") + column + "'", "conflicting value for '" + name + "'", q(cell),
                  sheet_.where(it->second.line) + " gives " + q(it->second.cell) +
                      "; give it once, or the same on every row of '" + name + "'");
  }

 private:
  struct Given {
    std::string canonical, cell;
    std::size_t line;
  };
  const Sheet& sheet_;
  std::map<std::pair<std::string, std::string>, Given> seen_;
};

/// One data row, split; `cell(name)` is "" for absent columns and missing trailing cells.
struct Row {
  std::size_t line;
  const Header* header;
  std::vector<std::string> cells;
  std::string cell(const std::string& name) const {
    const auto c = header->col(name);
    return c && *c < cells.size() ? cells[*c] : std::string();
  }
};

double read_double(const Sheet& s, const Row& r, const char* column, const std::string& hint) {
  const std::string text = r.cell(column);
  double v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty() || !std::isfinite(v))
    s.fail(r.line, std::string("column '") + column + "'", "expected a finite number", q(text), hint);
  return v;
}

template <class E>
E read_enum(const Sheet& s, const Row& r, const char* column, EnumTable<E> table, const char* what) {
  const std::string text = r.cell(column);
  if (auto v = enum_from<E>(table, text)) return *v;
  s.fail(r.line, std::string("column '") + column + "'", std::string("unknown ") + what, q(text),
         "accepted: " + enum_spellings<E>(table));
}

std::string canonical_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

namespace {

bool is_known_column(const std::string& name) {
  const auto in = [&](const auto& cols) {
    return std::any_of(std::begin(cols), std::end(cols), [&](const char* c) { return name == c; });
  };
  return in(kRequired) || in(kTargetColumns) || in(kEffectorColumns);
}

Target& target_named(PlateLayout& layout, const std::string& name) {
  const auto it = std::find_if(layout.targets.begin(), layout.targets.end(), [&](const Target& t) { return t.name == name; });
  if (it != layout.targets.end()) return *it;
  Target t;  // first sight: declared in file order
  t.name = name;
  layout.targets.push_back(std::move(t));
  return layout.targets.back();
}

Effector& effector_named(PlateLayout& layout, const std::string& name) {
  const auto it =
      std::find_if(layout.effectors.begin(), layout.effectors.end(), [&](const Effector& e) { return e.name == name; });
  if (it != layout.effectors.end()) return *it;
  Effector e;
  e.name = name;
  layout.effectors.push_back(std::move(e));
  return layout.effectors.back();
}

/// Metadata cells of `columns` on a row without the name they describe are an error.
void require_owner(const Sheet& s, const Row& r, std::span<const char* const> columns, const char* owner) {
  for (const char* c : columns)
    if (!r.cell(c).empty())
      s.fail(r.line, std::string("column '") + c + "'", std::string("value on a row without ") + owner, q(r.cell(c)),
             std::string("give it on the rows of the ") + owner + " it describes");
}

void collect_target(const Sheet& s, const Row& r, Declarations& d, PlateLayout& layout) {
  const std::string name = r.cell("target");
  if (name.empty()) return require_owner(s, r, kTargetColumns, "a target");
  Target& t = target_named(layout, name);
  if (const std::string c = r.cell("target_origin"); !c.empty()) {
    t.origin = read_enum<TargetOrigin>(s, r, "target_origin", kTargetOrigins, "target origin");
    d.declare(name, "target_origin", c, c, r.line);
  }
  if (const std::string c = r.cell("nk_class"); !c.empty()) {
    t.nk_class = read_enum<NkClass>(s, r, "nk_class", kNkClasses, "NK class");
    d.declare(name, "nk_class", c, c, r.line);
  }
  if (const std::string c = r.cell("targets_per_well"); !c.empty()) {
    const double v = read_double(s, r, "targets_per_well", "targets seeded per well, e.g. 5000");
    if (!(v > 0)) s.fail(r.line, "column 'targets_per_well'", "must be > 0", q(c), "targets seeded per well");
    d.declare(name, "targets_per_well", c, canonical_number(v), r.line);
    t.targets_per_well = v;
  }
}

void collect_effector(const Sheet& s, const Row& r, Declarations& d, PlateLayout& layout) {
  const std::string name = r.cell("effector");
  if (name.empty()) return require_owner(s, r, kEffectorColumns, "an effector");
  Effector& e = effector_named(layout, name);
  if (const std::string c = r.cell("effector_type"); !c.empty()) {
    e.type = read_enum<EffectorType>(s, r, "effector_type", kEffectorTypes, "effector type");
    d.declare(name, "effector_type", c, c, r.line);
  }
  if (const std::string c = r.cell("donor"); !c.empty()) {
    d.declare(name, "donor", c, c, r.line);
    e.donor = c;
  }
}

/// Cells beyond the header, or under a column without a name, would be lost: refuse them.
void check_cells_have_columns(const Sheet& s, const Row& r) {
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    if (r.cells[i].empty() || (i < r.header->names.size() && !r.header->names[i].empty())) continue;
    s.fail(r.line, "column " + std::to_string(i + 1), "value in a column without a name in the header",
           q(r.cells[i]), "name the column in the header at line " + std::to_string(r.header->line + 1));
  }
}

WellAssignment read_assignment(const Sheet& s, const Row& r, PlateFormat fmt) {
  WellAssignment a;
  const std::string well = r.cell("well");
  const WellSpec spec = expand_well_spec(well, fmt);
  if (!spec.error.empty()) s.fail(r.line, "column 'well'", spec.error, q(well));
  if (spec.wells.size() != 1)
    s.fail(r.line, "column 'well'", "one well per row", q(well), "a CSV plate map has one row per well");
  a.well = spec.wells.front();
  const std::string role = r.cell("role");
  const auto parsed = parse_role(role);
  if (!parsed)
    s.fail(r.line, "column 'role'", "unknown role", q(role),
           "accepted: experimental, spontaneous, maximum, background, effector_only, target_only");
  a.role = *parsed;
  a.target = r.cell("target");
  a.effector = r.cell("effector");
  if (!r.cell("et_ratio").empty()) a.et_ratio = read_double(s, r, "et_ratio", "effectors per target, e.g. 40");
  for (std::size_t i = 0; i < r.header->names.size(); ++i)
    if (!r.header->names[i].empty() && !is_known_column(r.header->names[i]) && i < r.cells.size() &&
        !r.cells[i].empty())
      a.labels[r.header->raw[i]] = r.cells[i];
  return a;
}

}  // namespace

PlateLayout parse_layout_csv(const std::string& text, const std::string& origin) {
  const Sheet s{origin, split_lines(text)};
  PlateLayout layout;
  layout.name = std::filesystem::path(origin).stem().string();
  std::size_t first = 0;
  if (!s.lines.empty() && is_comment(s.lines[0]) && s.lines[0].find('=') != std::string::npos) {
    read_settings(s, layout);
    first = 1;
  }
  const Header h = read_header(s, first);
  Declarations declared(s);
  std::map<WellId, std::size_t> assigned_at;  // well -> line
  for (std::size_t i = h.line + 1; i < s.lines.size(); ++i) {
    if (is_comment(s.lines[i])) continue;
    const Row r{i, &h, split_cells(s.lines[i], h.delim)};
    if (all_empty(r.cells)) continue;
    check_cells_have_columns(s, r);
    WellAssignment a = read_assignment(s, r, layout.format);
    if (const auto [it, fresh] = assigned_at.emplace(a.well, i); !fresh)
      s.fail(i, "column 'well'", "well " + a.well.str() + " is assigned twice", q(r.cell("well")),
             "already assigned at " + s.where(it->second) + "; each well may appear in one row only");
    collect_target(s, r, declared, layout);
    collect_effector(s, r, declared, layout);
    if (auto p = check_assignment(a, layout)) s.fail(i, "", "well " + a.well.str() + ": " + p->what, p->got, p->hint);
    layout.wells.push_back(std::move(a));
  }
  std::sort(layout.wells.begin(), layout.wells.end(),
            [](const WellAssignment& a, const WellAssignment& b) { return a.well < b.well; });
  if (auto p = check_controls(layout)) s.fail(assigned_at.at(p->well), "", "well " + p->well.str() + ": " + p->what, p->got, p->hint);
  return layout;
}

PlateLayout load_layout_csv(const std::filesystem::path& file) {
  std::string why;
  const auto text = read_whole_file(file, why);
  if (!text) throw ConfigError(file.string() + ": " + why);
  return parse_layout_csv(*text, file.string());
}

}  // namespace lysisq::config
