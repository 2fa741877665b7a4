// SPDX-License-Identifier: MIT
// List-shaped counter exports: a header row naming the well and count columns, one row per well.
#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

#include "../config/delimited_text.hpp"
#include "counter_detail.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io::detail {
namespace {

using config::detail::all_empty;
using config::detail::split_cells;
using config::detail::to_lower;

/// Index of the header cell named `name` (case-insensitive); throws if it appears twice.
std::size_t column_of(const CounterText& t, const TableHeader& h, const std::string& name, const char* key) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < h.cells.size(); ++i) {
    if (to_lower(h.cells[i]) != to_lower(name)) continue;
    if (found)
      fail_at(t, h.line, "header", "column '" + h.cells[i] + "' appears twice (columns " + std::to_string(*found + 1) +
                                       " and " + std::to_string(i + 1) + ")",
              "", std::string("rename one, or map another column with chromium.counter.") + key);
    found = i;
  }
  return *found;  // match_list_header found it
}

bool is_number(const std::string& cell) {
  double v = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  return !cell.empty() && ec == std::errc() && end == cell.data() + cell.size();
}

/// Rows after the table's end must not hold well data: a blank line or a stray text row inside
/// the table would otherwise cut it short without anyone noticing.
void check_footer(const CounterText& t, const TableHeader& h, std::size_t well_col, std::size_t end,
                  const std::string& well_label) {
  for (std::size_t i = end + 1; i < t.lines.size(); ++i) {
    const auto cells = split_cells(t.lines[i], h.delim);
    if (well_col < cells.size() && looks_like_well(cells[well_col]))
      fail_at(t, i, well_label, "a well row after the end of the table", shown_cell(cells[well_col]),
              "the table under the header at line " + std::to_string(h.line + 1) + " ends at " +
                  line_span(end, end) + " (a blank or non-well row); one plate per file, no gaps in the table");
  }
}

}  // namespace

std::optional<TableHeader> match_list_header(const CounterText& t, std::size_t line, const CounterParams& p,
                                             const std::vector<char>& delims) {
  const std::string well = to_lower(p.well_column), cpm = to_lower(p.cpm_column);
  for (const char d : delims) {
    auto cells = split_cells(t.lines[line], d);
    bool has_well = false, has_cpm = false;
    for (const auto& c : cells) {
      const std::string lc = to_lower(c);
      has_well = has_well || lc == well;
      has_cpm = has_cpm || lc == cpm;
    }
    if (has_well && has_cpm) return TableHeader{line, d, std::move(cells)};
  }
  return std::nullopt;
}

void read_list_table(const CounterText& t, const TableHeader& h, const CounterParams& p, PlateFormat plate,
                     CounterReading& r) {
  const std::size_t wc = column_of(t, h, p.well_column, "well_column");
  const std::size_t cc = column_of(t, h, p.cpm_column, "cpm_column");
  if (wc == cc) fail_at(t, h.line, "header", "the well and count columns are the same column", shown_cell(h.cells[wc]));
  r.count_column = h.cells[cc];
  const std::string well_label = "column '" + h.cells[wc] + "'", count_label = "column '" + h.cells[cc] + "'";
  std::map<WellId, std::size_t> seen;  // well -> line index
  std::vector<WellId> blank;
  std::size_t i = h.line + 1;
  for (; i < t.lines.size(); ++i) {
    const auto cells = split_cells(t.lines[i], h.delim);
    // The table ends at a blank row or at the first row whose well cell is not meant as a well.
    if (all_empty(cells) || wc >= cells.size() || !looks_like_well(cells[wc])) break;
    const WellId w = read_well(t, i, well_label, cells[wc], plate);
    if (const auto [it, fresh] = seen.emplace(w, i); !fresh)
      fail_at(t, i, well_label, "well " + w.str() + " appears twice", shown_cell(cells[wc]),
              "first at line " + std::to_string(it->second + 1) + "; one plate per file");
    const auto count = read_count(t, i, count_label, cc < cells.size() ? cells[cc] : std::string(), h.delim);
    if (count)
      r.values.push_back({w, *count, static_cast<int>(i + 1)});
    else
      blank.push_back(w);
  }
  if (i == h.line + 1)
    fail_at(t, h.line, "header", "no data rows follow the header", "",
            "a list export has one row per well (e.g. 'A01" + std::string(1, h.delim) + "523') under its header");
  if (i < t.lines.size()) check_footer(t, h, wc, i, well_label);
  note_skipped(t, i, t.lines.size(), "footer", r);
  if (!blank.empty())
    r.notes.push_back("no count for " + std::to_string(blank.size()) + " wells (blank cells in " + count_label +
                      "): " + well_list(blank));
}

void fail_no_list_header(const CounterText& t, const CounterParams& p, const std::vector<char>& delims,
                         bool matrix_too) {
  const std::string expected = "no header row with columns '" + p.well_column + "' and '" + p.cpm_column + "'" +
                               (matrix_too ? " (nor a matrix column row 1..12 or 1..24)" : "");
  const std::string keys = "set chromium.counter.well_column and chromium.counter.cpm_column to the export's names";
  // The most header-like row: the one with the most non-empty cells, none of them a number.
  std::optional<TableHeader> best;
  std::size_t best_n = 1;
  for (std::size_t i = 0; i < t.lines.size(); ++i)
    for (const char d : delims) {
      auto cells = split_cells(t.lines[i], d);
      std::size_t n = 0;
      bool numbers = false;
      for (const auto& c : cells) {
        n += !c.empty();
        numbers = numbers || is_number(c);
      }
      if (!numbers && n > best_n) {
        best_n = n;
        best = TableHeader{i, d, std::move(cells)};
      }
    }
  if (!best) throw InputError(t.origin + ": " + expected + " in " + std::to_string(t.lines.size()) + " lines; " + keys);
  std::string seen, hint;
  for (const auto& c : best->cells)
    if (!c.empty()) seen += (seen.empty() ? "" : ", ") + c;
  for (const auto& [name, key] : {std::pair{p.well_column, "well_column"}, std::pair{p.cpm_column, "cpm_column"}}) {
    const bool present = std::any_of(best->cells.begin(), best->cells.end(),
                                     [&](const std::string& c) { return to_lower(c) == to_lower(name); });
    if (present) continue;
    std::optional<std::string> match;
    const int len = static_cast<int>(name.size());
    int best_d = std::max(2, len / 3) + 1;  // the same typo bound as config keys' did-you-mean
    for (const auto& c : best->cells) {
      const int d = config::edit_distance(to_lower(name), to_lower(c));
      if (!c.empty() && d < best_d && d < len) {
        best_d = d;
        match = c;
      }
    }
    if (match) hint += "did you mean '" + *match + "' for '" + name + "' (chromium.counter." + key + ")? ";
  }
  fail_at(t, best->line, "", expected, "", "the header-like row here has columns: " + seen + "; " +
                                               (hint.empty() ? keys : hint.substr(0, hint.size() - 1)));
}

}  // namespace lysisq::io::detail
