// SPDX-License-Identifier: MIT
// 51Cr counter exports: list and matrix shapes, delimiters, BOM/CRLF, header and footer skipped
// by rule, and every error as one line naming file, line and column. Fixtures are written here
// from known counts (the oracle) into a temporary folder.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "lysisq/config_io.hpp"
#include "lysisq/counter_file.hpp"
#include "lysisq/errors.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

using Counts = std::map<WellId, double>;

const PlateFormat k96{8, 12}, k384{16, 24};

Counts random_counts(std::uint32_t seed, PlateFormat f, bool fractional) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> cpm(0, 6000);
  Counts c;
  for (int r = 0; r < f.rows; ++r)
    for (int col = 0; col < f.cols; ++col) c[{r, col}] = cpm(rng) + (fractional && rng() % 2 ? 0.5 : 0.0);
  return c;
}

std::string number(double v, char delim) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  std::string s = buf;
  if (delim == ';')  // decimal-comma locale, as spreadsheets that write semicolons do
    for (char& ch : s)
      if (ch == '.') ch = ',';
  return s;
}

std::string join(const std::vector<std::string>& lines, bool crlf, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  for (const auto& l : lines) out += l + (crlf ? "\r\n" : "\n");
  return out;
}

struct ListStyle {
  char delim;
  bool crlf, bom, padded, quoted;
};

/// A MicroBeta-like list export: 5 preamble lines, header on line 6, wells from line 7, then a
/// blank line and a 2-line footer. Extra columns around Well and CPM.
std::vector<std::string> list_lines(const Counts& c, const ListStyle& s) {
  const std::string d(1, s.delim);
  auto q = [&](const std::string& x) { return s.quoted ? "\"" + x + "\"" : x; };
  std::vector<std::string> lines = {"Plate: 1", "Protocol: 51Cr release 4 h", "Date: 02/03/2026", "Time: 14:31:07",
                                    "Counter: MicroBeta 2450 (3 detectors)"};
  lines.push_back("Plate" + d + q("Well") + d + "Sample" + d + q("CPM") + d + "CCPM" + d + "CPM %Error");
  for (const auto& [w, v] : c) {
    const std::string well = s.padded ? w.str() : std::string(1, char('A' + w.row)) + std::to_string(w.col + 1);
    // A quoted sample name that holds the delimiter: unquoted splitting would shift the CPM column.
    const std::string sample = s.quoted ? "\"T1" + d + " rep \"\"a\"\"\"" : "T1";
    lines.push_back("1" + d + q(well) + d + sample + d + q(number(v, s.delim)) + d + number(v * 0.99, s.delim) + d + "2.1");
  }
  lines.insert(lines.end(), {"", "Total wells counted: " + std::to_string(c.size()), "End of report"});
  return lines;
}

/// A matrix export: 4 preamble lines, a blank line, the column row on line 6, rows A.. from line 7.
std::vector<std::string> matrix_lines(const Counts& c, PlateFormat f, char delim, const std::set<WellId>& blank) {
  const std::string d(1, delim);
  std::vector<std::string> lines = {"Plate: 1", "Protocol: 51Cr release 4 h", "Date: 02/03/2026", "Result: CPM", ""};
  std::string head;
  for (int col = 1; col <= f.cols; ++col) head += d + std::to_string(col);
  lines.push_back(head);
  for (int r = 0; r < f.rows; ++r) {
    std::string row(1, char('A' + r));
    for (int col = 0; col < f.cols; ++col) row += d + (blank.count({r, col}) ? "" : number(c.at({r, col}), delim));
    lines.push_back(row);
  }
  lines.insert(lines.end(), {"", "End of report"});
  return lines;
}

void require_values(const io::CounterReading& r, const Counts& gold, const std::set<WellId>& blank = {}) {
  REQUIRE(r.values.size() == gold.size() - blank.size());
  for (const auto& v : r.values) {
    CAPTURE(v.well.str());
    REQUIRE(!blank.count(v.well));
    REQUIRE(v.cpm == gold.at(v.well));
  }
}

bool has_note(const io::CounterReading& r, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

/// The InputError message for `content` saved as counts.csv (fails the test if none is thrown).
std::string error_of(const std::string& content, const CounterParams& p = {}, PlateFormat f = k96) {
  test::TempDir dir;
  try {
    io::read_counter_file(dir.write("counts.csv", content), p, f);
  } catch (const InputError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    REQUIRE(msg.find('\n') == std::string::npos);  // one line
    REQUIRE_THAT(msg, Contains("counts.csv"));
    return msg;
  }
  FAIL("no InputError for:\n" << content);
  return "";
}

std::vector<std::string> small_list() {
  return list_lines(random_counts(7, k96, false), {',', false, false, true, false});
}

}  // namespace

TEST_CASE("counter list exports: delimiters, BOM, CRLF, quotes, A1/A01, preamble and footer", "[unit]") {
  const ListStyle styles[] = {{',', false, false, true, false}, {'\t', false, false, false, false},
                              {';', false, false, true, false}, {',', true, true, false, true},
                              {'\t', true, true, true, true},   {';', true, false, false, true}};
  const int which = GENERATE(range(0, 6));
  const auto seed = GENERATE(take(2, random(0u, 1'000'000u)));
  const ListStyle s = styles[which];
  CAPTURE(which, seed);
  const Counts gold = random_counts(seed, k96, true);
  test::TempDir dir;
  const auto r = io::read_counter_file(dir.write("counts.csv", join(list_lines(gold, s), s.crlf, s.bom)), {}, k96);
  REQUIRE(r.format == CounterFormat::kList);
  REQUIRE(r.delimiter == s.delim);
  REQUIRE(r.header_line == 6);
  REQUIRE(r.count_column == "CPM");
  require_values(r, gold);
  for (std::size_t i = 0; i < r.values.size(); ++i) REQUIRE(r.values[i].line == int(7 + i));  // rows in well order
  REQUIRE(has_note(r, "skipped 5 preamble lines (lines 1-5"));
  REQUIRE(has_note(r, "skipped 2 footer lines (lines 104-105"));
}

TEST_CASE("counter list: mapped columns, forced delimiter, and rows ending at a footer", "[unit]") {
  const Counts gold = random_counts(11, k96, false);
  auto lines = list_lines(gold, {',', false, false, true, false});
  CounterParams p;
  p.cpm_column = "ccpm";  // instrument-corrected counts instead
  p.delimiter = "comma";
  const auto r = io::parse_counter_text(join(lines, false, false), "x.csv", p, k96);
  REQUIRE(r.count_column == "CCPM");
  for (const auto& v : r.values) REQUIRE(v.cpm == std::stod(number(gold.at(v.well) * 0.99, ',')));
  // No blank line before the footer: a row whose well cell is not a well name ends the table.
  lines.erase(lines.begin() + 6 + 96);
  REQUIRE(io::parse_counter_text(join(lines, false, false), "x.csv", {}, k96).values.size() == 96);
  // A blank count is "no value", not 0.
  lines[6 + 4] = "1,A05,,,,";
  const auto r2 = io::parse_counter_text(join(lines, false, false), "x.csv", {}, k96);
  REQUIRE(r2.values.size() == 95);
  REQUIRE(r2.find({0, 4}) == nullptr);
  REQUIRE(has_note(r2, "no count for 1 wells (blank cells in column 'CPM'): A05"));
}

TEST_CASE("counter matrix exports: 8x12 and 16x24 with preamble, footer and blank cells", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const PlateFormat f = GENERATE(PlateFormat{8, 12}, PlateFormat{16, 24});
  const char delim = GENERATE(',', '\t', ';');
  CAPTURE(seed, f.cols, delim);
  const Counts gold = random_counts(seed, f, true);
  std::mt19937 rng(seed);
  std::set<WellId> blank;
  for (int i = 0; i < 5; ++i) blank.insert({int(rng() % unsigned(f.rows)), int(rng() % unsigned(f.cols))});
  const auto r = io::parse_counter_text(join(matrix_lines(gold, f, delim, blank), true, true), "m.csv", {}, f);
  REQUIRE(r.format == CounterFormat::kMatrix);
  REQUIRE(r.delimiter == delim);
  REQUIRE(r.header_line == 6);
  require_values(r, gold, blank);
  for (const auto& v : r.values) REQUIRE(v.line == 7 + v.well.row);
  REQUIRE(has_note(r, "skipped 4 preamble lines (lines 1-4"));
  REQUIRE(has_note(r, "skipped 1 footer line"));
  REQUIRE(has_note(r, "no value for " + std::to_string(blank.size()) + " wells (blank matrix cells): " + blank.begin()->str()));
}

TEST_CASE("counter header is found by rule, not by position", "[unit]") {
  const Counts gold = random_counts(3, k96, false);
  auto lines = list_lines(gold, {',', false, false, true, false});
  // Preamble lines that mention one column name only, or the names inside longer cells, are not headers.
  lines.insert(lines.begin() + 1, {"Well,notes", "CPM mode: normal", "Counted wells and cpm,all"});
  const auto r = io::parse_counter_text(join(lines, false, false), "x.csv", {}, k96);
  REQUIRE(r.header_line == 9);
  require_values(r, gold);
  // The matrix shape is looked for only when asked for (or in auto mode).
  CounterParams as_matrix;
  as_matrix.format = CounterFormat::kMatrix;
  REQUIRE_THROWS_WITH(io::parse_counter_text(join(lines, false, false), "x.csv", as_matrix, k96),
                      Contains("x.csv: no matrix column row"));
  // A matrix column row needs exactly 1..12 (or 1..24), in order.
  auto m = matrix_lines(gold, k96, ',', {});
  m.insert(m.begin() + 1, ",1,2,3,4,5,6,7,8,9,10,11");  // 11 columns: not a plate
  REQUIRE(io::parse_counter_text(join(m, false, false), "m.csv", {}, k96).header_line == 7);
}

TEST_CASE("counter errors are one line naming file, line and column", "[unit]") {
  auto lines = small_list();  // header on line 6, A01 on line 7, ..., A08 on line 14
  auto with = [&](std::size_t line, const std::string& text) {
    auto copy = lines;
    copy[line - 1] = text;
    return join(copy, false, false);
  };
  REQUIRE_THAT(error_of(with(14, "1,A08,,n/a,1,2")), Contains("counts.csv:14: column 'CPM': not a number, got 'n/a'"));
  REQUIRE_THAT(error_of(with(9, "1,A03,,\"1,234\",1,2")),
               Contains("counts.csv:9: column 'CPM': not a number, got '1,234'; write counts with '.'"));
  REQUIRE_THAT(error_of(with(10, "1,A04,,-12,1,2")), Contains("counts.csv:10: column 'CPM': negative count, got '-12'"));
  REQUIRE_THAT(error_of(with(11, "1,P13,,500,1,2")),
               Contains("counts.csv:11: column 'Well': well P13 is outside the 96-well plate"));
  REQUIRE_THAT(error_of(with(11, "1,A13,,500,1,2")), Contains("counts.csv:11: column 'Well': well A13 is outside"));
  REQUIRE_THAT(error_of(with(20, "1,a2,,500,1,2")),
               Contains("counts.csv:20: column 'Well': well A02 appears twice, got 'a2'; first at line 8"));
  // A gap inside the table would cut it short: the rows after it are refused, not dropped.
  REQUIRE_THAT(error_of(with(30, "")),
               Contains("counts.csv:31: column 'Well': a well row after the end of the table, got 'C01'"));
  REQUIRE_THAT(error_of(with(30, "Subtotal,,,,,")), Contains("counts.csv:31: column 'Well': a well row after"));
  REQUIRE_THAT(error_of(with(7, "")), Contains("counts.csv:6: header: no data rows follow the header"));
  REQUIRE_THAT(error_of(with(6, "Plate,Well,Sample,CPM,CPM,x")),
               Contains("counts.csv:6: header: column 'CPM' appears twice (columns 4 and 5)"));
}

TEST_CASE("counter errors: missing header, empty and unreadable files, bad matrices", "[unit]") {
  auto lines = small_list();
  lines[5] = "Plate,Position,Sample,CCPM1,Time";
  const std::string missing = error_of(join(lines, false, false));
  REQUIRE_THAT(missing, Contains("counts.csv:6: no header row with columns 'well' and 'cpm'"));
  REQUIRE_THAT(missing, Contains("columns: Plate, Position, Sample, CCPM1, Time"));
  REQUIRE_THAT(missing, Contains("did you mean 'CCPM1' for 'cpm' (chromium.counter.cpm_column)?"));
  REQUIRE_THAT(error_of("A01,12\nA02,13\n"), Contains("no header row with columns 'well' and 'cpm'"));
  REQUIRE_THAT(error_of(""), Contains("counts.csv: the file is empty"));
  REQUIRE_THAT(error_of("\xEF\xBB\xBF\r\n  \r\n"), Contains("counts.csv: the file is empty"));
  test::TempDir dir;
  REQUIRE_THROWS_WITH(io::read_counter_file(dir / "nope.csv", {}, k96), Contains("nope.csv: cannot read the file"));
  REQUIRE_THROWS_WITH(io::read_counter_file(dir.path(), {}, k96), Contains("is a folder"));

  auto m = matrix_lines(random_counts(5, k96, false), k96, ',', {});  // column row on line 6, A on 7
  auto edit = [&](std::size_t line, std::size_t cell, const std::string& text) {
    auto copy = m;
    auto& l = copy[line - 1];
    std::size_t pos = 0;
    for (std::size_t i = 0; i < cell; ++i) pos = l.find(',', pos) + 1;
    l = l.substr(0, pos) + text + l.substr(std::min(l.find(',', pos), l.size()));
    return join(copy, false, false);
  };
  REQUIRE_THAT(error_of(edit(9, 7, "x")), Contains("counts.csv:9: column 7 (well C07): not a number, got 'x'"));
  REQUIRE_THAT(error_of(edit(10, 0, "E")), Contains("counts.csv:10: matrix row label: expected row D, got 'E'"));
  REQUIRE_THAT(error_of(edit(15, 0, "I")), Contains("counts.csv:15: matrix row label: the matrix has more rows"));
  REQUIRE_THAT(error_of(join(matrix_lines(random_counts(5, k384, false), k384, ',', {}), false, false)),
               Contains("counts.csv:6: matrix column row: columns 1-24 do not fit the 96-well plate"));
  REQUIRE_THAT(error_of(edit(8, 3, "-5")), Contains("counts.csv:8: column 3 (well B03): negative count, got '-5'"));
  std::set<WellId> all;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 12; ++c) all.insert({r, c});
  REQUIRE_THAT(error_of(join(matrix_lines(random_counts(5, k96, false), k96, ',', all), false, false)),
               Contains("counts.csv:6: the table under this header holds no counts"));
}

TEST_CASE("counter wells are checked against the layout", "[unit]") {
  const PlateLayout layout = config::load_layout(std::string(LYSISQ_SOURCE_DIR) + "/configs/examples/layout_96.yaml");
  auto lines = small_list();
  lines.erase(lines.begin() + 6 + 15, lines.begin() + 6 + 17);  // B04, B05
  const auto r = io::parse_counter_text(join(lines, false, false), "counts.csv", {}, k96);
  REQUIRE_THROWS_AS(io::check_counter_wells(r, layout), InputError);
  REQUIRE_THROWS_WITH(io::check_counter_wells(r, layout), Contains("counts.csv: missing wells B04, B05:"));
  const auto full = io::parse_counter_text(join(small_list(), false, false), "counts.csv", {}, k96);
  const auto notes = io::check_counter_wells(full, layout);
  REQUIRE(notes.size() == 1);  // E10-E12, F10-F12 and G07-G12 are counted but unused
  REQUIRE_THAT(notes[0], Contains("counts for 12 wells not in the layout are ignored: E10, E11, E12, F10, F11, F12, "
                                  "G07, G08, G09, G10, G11, G12"));
}

TEST_CASE("example counter files: list and matrix agree and match the example layout", "[unit]") {
  const std::string ex = std::string(LYSISQ_SOURCE_DIR) + "/configs/examples/";
  const PlateLayout layout = config::load_layout(ex + "layout_96.yaml");
  const auto list = io::read_counter_file(ex + "counts_list.csv", {}, layout.format);
  const auto matrix = io::read_counter_file(ex + "counts_matrix.csv", {}, layout.format);
  REQUIRE(list.format == CounterFormat::kList);
  REQUIRE(matrix.format == CounterFormat::kMatrix);
  REQUIRE(list.values.size() == 96);
  REQUIRE(matrix.values.size() == 96);
  for (std::size_t i = 0; i < 96; ++i) {
    REQUIRE(list.values[i].well == matrix.values[i].well);
    REQUIRE(list.values[i].cpm == matrix.values[i].cpm);
  }
  io::check_counter_wells(list, layout);
  // Realistic controls: spontaneous about 500 cpm, maximum about 5000 cpm.
  std::map<WellRole, std::pair<double, int>> sums;
  for (const auto& w : layout.wells) {
    auto& [sum, n] = sums[w.role];
    sum += list.find(w.well)->cpm;
    ++n;
  }
  const auto mean = [&](WellRole role) { return sums[role].first / sums[role].second; };
  REQUIRE(mean(WellRole::kSpontaneous) == Approx(500).epsilon(0.1));
  REQUIRE(mean(WellRole::kMaximum) == Approx(5000).epsilon(0.1));
  REQUIRE(mean(WellRole::kBackground) < 100);
}
