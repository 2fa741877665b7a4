// SPDX-License-Identifier: MIT
// CSV plate maps: the example equals its YAML twin, random layouts survive an independent CSV
// writer, and every inconsistency is the YAML loader's ConfigError at "<file>:<line>".
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

// Spellings written by this test's own CSV writer (independent of the loader's enum tables).
const char* const kOrigins[] = {"autologous", "allogeneic", "cell_line"};
const char* const kNk[] = {"", "nk_sensitive", "nk_resistant"};
const char* const kTypes[] = {"LAK", "TIL", "NK", "PBL", "other"};

template <class Item>
std::vector<Item> by_name(std::vector<Item> items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.name < b.name; });
  return items;
}

/// Field-by-field equality; targets and effectors compared by name (their order carries no meaning).
void require_same(const PlateLayout& a, const PlateLayout& b) {
  REQUIRE(a.name == b.name);
  REQUIRE(a.format.rows == b.format.rows);
  REQUIRE(a.format.cols == b.format.cols);
  const auto ta = by_name(a.targets), tb = by_name(b.targets);
  REQUIRE(ta.size() == tb.size());
  for (std::size_t i = 0; i < ta.size(); ++i) {
    CAPTURE(ta[i].name);
    REQUIRE(ta[i].name == tb[i].name);
    REQUIRE(ta[i].origin == tb[i].origin);
    REQUIRE(ta[i].nk_class == tb[i].nk_class);
    REQUIRE(ta[i].targets_per_well == tb[i].targets_per_well);
  }
  const auto ea = by_name(a.effectors), eb = by_name(b.effectors);
  REQUIRE(ea.size() == eb.size());
  for (std::size_t i = 0; i < ea.size(); ++i) {
    REQUIRE(ea[i].name == eb[i].name);
    REQUIRE(ea[i].type == eb[i].type);
    REQUIRE(ea[i].donor == eb[i].donor);
  }
  REQUIRE(a.wells.size() == b.wells.size());
  for (std::size_t i = 0; i < a.wells.size(); ++i) {
    CAPTURE(a.wells[i].well.str());
    REQUIRE(a.wells[i].well == b.wells[i].well);
    REQUIRE(a.wells[i].role == b.wells[i].role);
    REQUIRE(a.wells[i].target == b.wells[i].target);
    REQUIRE(a.wells[i].effector == b.wells[i].effector);
    REQUIRE(a.wells[i].et_ratio == b.wells[i].et_ratio);
    REQUIRE(a.wells[i].labels == b.wells[i].labels);
  }
}

PlateLayout random_layout(std::mt19937& rng) {
  PlateLayout l;
  l.name = "R" + std::to_string(rng() % 1000);
  l.format = rng() % 2 ? PlateFormat{8, 12} : PlateFormat{16, 24};
  const int nt = 1 + int(rng() % 3), ne = 1 + int(rng() % 2);
  for (int i = 0; i < nt; ++i)  // one name holds a comma and a quote: the writer must quote it
    l.targets.push_back({i == 1 ? "T\"1, b" : "T" + std::to_string(i), TargetOrigin(rng() % 3), NkClass(rng() % 3),
                         (rng() % 2) ? 1e4 : 2500.0});
  for (int i = 0; i < ne; ++i)
    l.effectors.push_back({"E" + std::to_string(i), EffectorType(rng() % 5), rng() % 2 ? "D" + std::to_string(i) : ""});
  std::vector<WellId> all;
  for (int r = 0; r < l.format.rows; ++r)
    for (int c = 0; c < l.format.cols; ++c) all.push_back({r, c});
  std::shuffle(all.begin(), all.end(), rng);
  const int n = 10 + int(rng() % 30);
  const double ets[] = {40, 20, 10, 5, 2.5};
  for (int i = 0; i < n; ++i) {
    WellAssignment a;
    a.well = all[std::size_t(i)];
    const auto& t = l.targets[rng() % l.targets.size()].name;
    const auto& e = l.effectors[i < nt + ne ? std::size_t(i - nt) % l.effectors.size() : rng() % l.effectors.size()].name;
    const int kind = i < nt ? 1 : i < nt + ne ? 0 : int(rng() % 6);  // every name used, every target controlled
    a.role = WellRole(kind);
    if (kind == 1) a.target = l.targets[std::size_t(i) % l.targets.size()].name;
    if (kind == 0 || kind == 2 || kind == 5) a.target = kind == 0 && i < nt + ne ? l.targets[0].name : t;
    if (kind == 0 || kind == 4) a.effector = e;
    if (kind == 0 || (kind == 4 && rng() % 2)) a.et_ratio = ets[rng() % 5];
    if (rng() % 3 == 0) a.labels["antibody"] = "anti-NKG2D";
    if (rng() % 4 == 0) a.labels["time_h"] = "4";
    l.wells.push_back(a);
  }
  std::sort(l.wells.begin(), l.wells.end(), [](const auto& a, const auto& b) { return a.well < b.well; });
  return l;
}

std::string cell(const std::string& s, char delim) {
  if (s.find(delim) == std::string::npos && s.find('"') == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// Columns in random order, rows in random order, target/effector metadata on the first row of
/// each name and on random others.
std::string to_csv(const PlateLayout& l, char delim, std::mt19937& rng) {
  std::vector<std::string> cols = {"well", "role", "target", "effector", "et_ratio", "target_origin", "nk_class",
                                   "targets_per_well", "effector_type", "donor", "antibody", "time_h"};
  std::shuffle(cols.begin(), cols.end(), rng);
  std::string out = "# plate=" + l.name + " wells=" + std::to_string(l.format.well_count()) + "\n";
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? std::string(1, delim) : "") + cols[i];
  out += "\n";
  auto wells = l.wells;
  std::shuffle(wells.begin(), wells.end(), rng);
  std::set<std::string> described;
  for (const auto& w : wells) {
    const Target* t = l.find_target(w.target);
    const Effector* e = nullptr;
    for (const auto& x : l.effectors) e = x.name == w.effector ? &x : e;
    const bool tmeta = t && (described.insert("t:" + t->name).second || rng() % 2);
    const bool emeta = e && (described.insert("e:" + e->name).second || rng() % 2);
    for (std::size_t i = 0; i < cols.size(); ++i) {
      const std::string& c = cols[i];
      std::string v;
      if (c == "well") v = w.well.str();
      if (c == "role") v = role_name(w.role);
      if (c == "target") v = w.target;
      if (c == "effector") v = w.effector;
      if (c == "et_ratio" && w.et_ratio != 0) v = number(w.et_ratio);
      if (c == "target_origin" && tmeta) v = kOrigins[int(t->origin)];
      if (c == "nk_class" && tmeta) v = kNk[int(t->nk_class)];
      if (c == "targets_per_well" && tmeta) v = number(t->targets_per_well);
      if (c == "effector_type" && emeta) v = kTypes[int(e->type)];
      if (c == "donor" && emeta) v = e->donor;
      if (w.labels.count(c)) v = w.labels.at(c);
      out += (i ? std::string(1, delim) : "") + cell(v, delim);
    }
    out += "\n";
  }
  return out;
}

const std::string kHeader = "well,role,target,effector,et_ratio,target_origin,nk_class,targets_per_well\n";

/// The ConfigError message of a CSV plate map (header, then `rows`), saved as layout.csv.
std::string csv_error(const std::string& text) {
  try {
    config::parse_layout_csv(text, "layout.csv");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    REQUIRE(msg.find('\n') == std::string::npos);
    return msg;
  }
  FAIL("no ConfigError for:\n" << text);
  return "";
}

/// The message of the YAML loader for the same well entry, to show that both say the same.
std::string yaml_error(const std::string& targets, const std::string& wells) {
  try {
    config::parse_layout("schema_version: 1\nplate: {name: X, wells: 96}\ntargets: [" + targets +
                             "]\neffectors: [{name: LAK, type: LAK}]\nwells:\n" + wells,
                         "layout.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError from YAML");
  return "";
}

}  // namespace

TEST_CASE("the example CSV plate map equals the YAML layout", "[unit]") {
  const std::string ex = std::string(LYSISQ_SOURCE_DIR) + "/configs/examples/";
  const PlateLayout yaml = config::load_layout(ex + "layout_96.yaml");
  const PlateLayout csv = config::load_layout(ex + "layout_96.csv");  // dispatched on the extension
  require_same(csv, yaml);
  // Names declared in file order: the same order as the YAML's lists here.
  for (std::size_t i = 0; i < yaml.targets.size(); ++i) REQUIRE(csv.targets[i].name == yaml.targets[i].name);
  require_same(config::load_layout_csv(ex + "layout_96.csv"), yaml);
}

TEST_CASE("random layouts survive an independent CSV writer", "[unit]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  const char delim = GENERATE(',', '\t', ';');
  CAPTURE(seed, delim);
  std::mt19937 rng(seed);
  const PlateLayout gold = random_layout(rng);
  const std::string text = to_csv(gold, delim, rng);
  CAPTURE(text);
  require_same(config::parse_layout_csv(text, "dir/" + gold.name + ".csv"), gold);
}

TEST_CASE("CSV plate maps: plate line, defaults, TSV, BOM, CRLF, comments and labels", "[unit]") {
  const std::string rows = "A1,spontaneous,K562,,,cell_line,nk_sensitive,5000\n"
                           "A2,experimental,K562,LAK,40,,,\n";
  PlateLayout l = config::parse_layout_csv(kHeader + rows, "/x/plate7.csv");
  REQUIRE(l.name == "plate7");
  REQUIRE(l.format.well_count() == 96);
  REQUIRE(l.targets.size() == 1);
  REQUIRE(l.targets[0].nk_class == NkClass::kNkSensitive);
  REQUIRE(l.targets[0].targets_per_well == 5000);
  REQUIRE(l.effectors.size() == 1);
  REQUIRE(l.effectors[0].type == EffectorType::kOther);  // no effector_type column: Effector{} default
  REQUIRE(l.wells[1].et_ratio == 40);

  l = config::parse_layout_csv("# plate=P-384, wells=384\n# a comment\n" + kHeader + "P24,background,,,,,,\n", "x.csv");
  REQUIRE(l.name == "P-384");
  REQUIRE(l.format.well_count() == 384);
  REQUIRE(l.wells[0].well == WellId{15, 23});

  test::TempDir dir;
  std::string tsv = "\xEF\xBB\xBFWell\tRole\tTarget\tEffector\tET_ratio\tCold_Target\r\n"
                    "B03\tspontaneous\t\"Daudi\"\t\t\t\r\n"
                    "# rows may be commented out\r\n"
                    "B04\texperimental\tDaudi\tLAK\t10\tK562 x20\r\n\t\t\t\t\t\r\n";
  l = config::load_layout(dir.write("map.tsv", tsv));
  REQUIRE(l.name == "map");
  REQUIRE(l.wells.size() == 2);
  REQUIRE(l.wells[0].labels.empty());  // empty cells give no label
  REQUIRE(l.wells[1].labels == std::map<std::string, std::string>{{"Cold_Target", "K562 x20"}});
  REQUIRE(l.targets[0].origin == TargetOrigin::kCellLine);
}

TEST_CASE("CSV plate-map errors name the file, line and column", "[unit]") {
  const std::string ok = "A1,spontaneous,K562,,,cell_line,,5000\n";
  REQUIRE_THAT(csv_error("well,role,target,effector,e:t_ratio\n"),
               Contains("layout.csv:1: missing column 'et_ratio'; did you mean 'e:t_ratio'? columns found: "));
  REQUIRE_THAT(csv_error(kHeader + ok + "A2,spontaneous,K562,,,autologous,,\n"),
               Contains("layout.csv:3: column 'target_origin': conflicting value for 'K562', got 'autologous'; "
                        "layout.csv:2 gives 'cell_line'"));
  REQUIRE_THAT(csv_error(kHeader + ok + "A2,spontaneous,K562,,,,,4000\n"),
               Contains("layout.csv:3: column 'targets_per_well': conflicting value for 'K562', got '4000'"));
  REQUIRE_NOTHROW(config::parse_layout_csv(kHeader + ok + "A2,spontaneous,K562,,,,,5e3\n", "x.csv"));
  REQUIRE_THAT(csv_error(kHeader + ok + "A1,maximum,K562,,,,,\n"),
               Contains("layout.csv:3: column 'well': well A01 is assigned twice, got 'A1'; already assigned at "
                        "layout.csv:2"));
  REQUIRE_THAT(csv_error(kHeader + "M13,background,,,,,,\n"),
               Contains("layout.csv:2: column 'well': well M13 is outside the 96-well plate"));
  REQUIRE_THAT(csv_error(kHeader + "A1-A3,background,,,,,,\n"), Contains("layout.csv:2: column 'well': one well per row"));
  REQUIRE_THAT(csv_error(kHeader + "A1,control,,,,,,\n"), Contains("layout.csv:2: column 'role': unknown role, got 'control'"));
  REQUIRE_THAT(csv_error(kHeader + ok + "A2,experimental,K562,LAK,forty,,,\n"),
               Contains("layout.csv:3: column 'et_ratio': expected a finite number, got 'forty'"));
  REQUIRE_THAT(csv_error(kHeader + "A1,spontaneous,K562,,,cell line,,\n"),
               Contains("column 'target_origin': unknown target origin, got 'cell line'; accepted: autologous"));
  REQUIRE_THAT(csv_error(kHeader + "A1,background,,,,cell_line,,\n"),
               Contains("layout.csv:2: column 'target_origin': value on a row without a target"));
  REQUIRE_THAT(csv_error(kHeader + "A1,background,,,,,,,oops\n"),
               Contains("layout.csv:2: column 9: value in a column without a name in the header, got 'oops'"));
  REQUIRE_THAT(csv_error("# plate=X wells=100\n" + kHeader), Contains("layout.csv:1: wells: unsupported plate format"));
  REQUIRE_THAT(csv_error("# plat=X\n" + kHeader), Contains("did you mean 'plate'?"));
  REQUIRE_THAT(csv_error(""), Contains("no header row"));
  REQUIRE_THROWS_WITH(config::load_layout(std::filesystem::path("/nonexistent/l.csv")),
                      Contains("/nonexistent/l.csv: cannot read the file"));
}

TEST_CASE("CSV plate maps fail with the YAML layout's rule messages", "[unit]") {
  struct Case {
    std::string csv_row, yaml_entry, shared;
  };
  const std::string ctl_csv = "H1,spontaneous,K562,,,cell_line,,\n";
  const std::string ctl_yaml = "  - {wells: H1, role: spontaneous, target: K562}\n";
  const Case cases[] = {
      {"A1,experimental,K562,LAK,,,,\n", "  - {wells: A1, role: experimental, target: K562, effector: LAK}\n",
       "well A01: experimental well needs an E:T ratio > 0"},
      {"A1,spontaneous,K562,LAK,,,,\n", "  - {wells: A1, role: spontaneous, target: K562, effector: LAK}\n",
       "well A01: spontaneous control well has an effector ('LAK')"},
      {"A1,background,K562,,,,,\n", "  - {wells: A1, role: background, target: K562}\n",
       "well A01: background well (medium only) has a target"},
      {"A1,maximum,,,,,,\n", "  - {wells: A1, role: maximum}\n", "well A01: maximum well has no target"},
      {"A1,experimental,Daudi,LAK,10,cell_line,,\n",
       "  - {wells: A1, role: experimental, target: Daudi, effector: LAK, et_ratio: 10}\n",
       "well A01: target 'Daudi' has experimental wells but no spontaneous or target_only control wells"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.csv_row);
    const std::string targets = "{name: K562, origin: cell_line}, {name: Daudi, origin: cell_line}";
    REQUIRE_THAT(yaml_error(targets, ctl_yaml + c.yaml_entry), Contains(c.shared));
    const std::string msg = csv_error(kHeader + ctl_csv + c.csv_row);
    REQUIRE_THAT(msg, Contains("layout.csv:3: " + c.shared));
  }
}
