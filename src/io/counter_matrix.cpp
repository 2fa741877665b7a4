// SPDX-License-Identifier: MIT
// Matrix-shaped counter exports: a column row 1..12 (or 1..24), then one row per plate row A, B...
#include <charconv>

#include "../config/delimited_text.hpp"
#include "../config/well_spec.hpp"
#include "counter_detail.hpp"

namespace lysisq::io::detail {
namespace {

using config::detail::split_cells;
using config::detail::to_lower;

/// Widths of the plate formats lysisq knows (PlateFormat::from_well_count).
constexpr int kMatrixWidths[] = {12, 24};

std::optional<int> as_int(const std::string& cell) {
  int v = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec != std::errc() || end != cell.data() + cell.size() || cell.empty()) return std::nullopt;
  return v;
}

/// Number of columns if `cells` is a matrix column row: 1..N, optionally after a corner cell that
/// is not a number, then only empty cells. 0 otherwise.
int matrix_width(const std::vector<std::string>& cells) {
  std::size_t used = cells.size();
  while (used > 0 && cells[used - 1].empty()) --used;
  for (const int n : kMatrixWidths) {
    const std::size_t un = static_cast<std::size_t>(n);
    for (const std::size_t first : {std::size_t{0}, std::size_t{1}}) {
      if (used != first + un || (first == 1 && as_int(cells[0]))) continue;
      bool ok = true;
      for (std::size_t k = 0; k < un && ok; ++k) ok = as_int(cells[first + k]) == static_cast<int>(k + 1);
      if (ok) return n;
    }
  }
  return 0;
}

std::string row_name(int row) { return std::string(1, static_cast<char>('A' + row)); }

bool is_row_label(const std::vector<std::string>& cells, int row) {
  return !cells.empty() && to_lower(cells[0]) == to_lower(row_name(row));
}

/// Reads the values of one matrix row; blank cells go to `blank`.
void read_row(const CounterText& t, std::size_t line, const std::vector<std::string>& cells, int row, int width,
              char delim, CounterReading& r, std::vector<WellId>& blank) {
  for (int col = 0; col < width; ++col) {
    const WellId w{row, col};
    const std::size_t k = static_cast<std::size_t>(col) + 1;  // cell 0 is the row letter
    const std::string label = "column " + std::to_string(col + 1) + " (well " + w.str() + ")";
    const auto v = read_count(t, line, label, k < cells.size() ? cells[k] : std::string(), delim);
    if (v)
      r.values.push_back({w, *v, static_cast<int>(line + 1)});
    else
      blank.push_back(w);
  }
}

}  // namespace

std::optional<TableHeader> match_matrix_header(const CounterText& t, std::size_t line,
                                               const std::vector<char>& delims) {
  for (const char d : delims) {
    auto cells = split_cells(t.lines[line], d);
    if (matrix_width(cells) > 0) return TableHeader{line, d, std::move(cells)};
  }
  return std::nullopt;
}

void read_matrix_table(const CounterText& t, const TableHeader& h, PlateFormat plate, CounterReading& r) {
  const int width = matrix_width(h.cells);
  const std::string rows = "rows A-" + row_name(plate.rows - 1);
  if (width != plate.cols)
    fail_at(t, h.line, "matrix column row", "columns 1-" + std::to_string(width) + " do not fit " +
                                                config::detail::describe_plate(plate),
            "", "check the plate format of the layout");
  std::vector<WellId> blank;
  for (int row = 0; row < plate.rows; ++row) {
    const std::size_t i = h.line + 1 + static_cast<std::size_t>(row);
    if (i >= t.lines.size())
      fail_at(t, i - 1, "matrix", "the file ends before matrix row " + row_name(row), "",
              rows + " must follow the column row at line " + std::to_string(h.line + 1));
    const auto cells = split_cells(t.lines[i], h.delim);
    if (!is_row_label(cells, row))
      fail_at(t, i, "matrix row label", "expected row " + row_name(row), shown_cell(cells.empty() ? "" : cells[0]),
              rows + " must follow the column row at line " + std::to_string(h.line + 1) + " in order");
    read_row(t, i, cells, row, width, h.delim, r, blank);
  }
  const std::size_t end = h.line + 1 + static_cast<std::size_t>(plate.rows);
  if (end < t.lines.size()) {
    const auto cells = split_cells(t.lines[end], h.delim);
    if (is_row_label(cells, plate.rows))
      fail_at(t, end, "matrix row label", "the matrix has more rows than " + config::detail::describe_plate(plate),
              shown_cell(cells[0]), "check the plate format of the layout");
  }
  for (std::size_t i = end; i < t.lines.size(); ++i)
    if (match_matrix_header(t, i, {h.delim}))
      r.notes.push_back("a further matrix starts at line " + std::to_string(i + 1) + "; only the first (line " +
                        std::to_string(h.line + 1) + ") is read");
  note_skipped(t, end, t.lines.size(), "footer", r);
  if (!blank.empty())
    r.notes.push_back("no value for " + std::to_string(blank.size()) + " wells (blank matrix cells): " +
                      well_list(blank));
}

}  // namespace lysisq::io::detail
