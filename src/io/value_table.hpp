// SPDX-License-Identifier: MIT
// Internal to src/io: the one column-table mechanism of every result table. A table is an array
// of columns (name, description, getter returning a typed cell); that one declaration gives the
// CSV file, the same rows in run.json and the ColumnInfo list for docs (CellProfiler
// get_measurement_columns style). A *_tables.cpp holds only its tables and thin writers.
#pragma once
#include <cmath>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "csv_util.hpp"

namespace lysisq::io::detail {

using Json = nlohmann::ordered_json;  // keeps keys in column order

/// One cell: nothing, a number (non-finite = nothing), an integer, or text. Typed rather than
/// pre-formatted so that CSV and JSON each write it their own way from the same getter.
using Cell = std::variant<std::monostate, double, std::int64_t, std::string>;

inline Cell text(std::string s) { return Cell(std::move(s)); }
inline Cell number(double v) { return Cell(v); }
inline Cell integer(std::int64_t v) { return Cell(v); }

/// A column of a table over `Row`. Plain function pointers (captureless lambdas) keep tables
/// static constant arrays, built without any allocation.
template <class Row>
struct Column {
  using RowType = Row;
  ColumnInfo info;
  Cell (*get)(const Row& row);
};

/// The row type of a column table (a C array or a std::vector of Column<Row>).
template <class Columns>
using RowOf = typename std::remove_cvref_t<decltype(*std::begin(std::declval<const Columns&>()))>::RowType;

/// One Row per item of `items`, each `Row{lead..., item}`: the rows of the tables whose rows are an
/// input item plus fields shared by all rows (plate name, lysis measure).
template <class Row, class Items, class... Lead>
std::vector<Row> rows_of(const Items& items, const Lead&... lead) {
  std::vector<Row> rows;
  rows.reserve(std::size(items));
  for (const auto& item : items) rows.push_back(Row{lead..., item});
  return rows;
}

/// CSV: RFC 4180 text, csv_number() numbers, nothing for an empty cell (or NaN).
inline void append_cell(std::string& out, const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) append_number(out, *d);
  else if (const auto* i = std::get_if<std::int64_t>(&c)) append_int(out, *i);
  else if (const auto* s = std::get_if<std::string>(&c)) append_field(out, *s);
}

/// JSON: numbers as numbers, text as strings; empty cells (and NaN) as null, empty text as "".
inline Json cell_json(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return std::isfinite(*d) ? Json(*d) : Json(nullptr);
  if (const auto* i = std::get_if<std::int64_t>(&c)) return Json(*i);
  if (const auto* s = std::get_if<std::string>(&c)) return Json(*s);
  return Json(nullptr);
}

/// The header line and one line per row of `rows` (any range whose elements bind to
/// `const Row&`, e.g. a std::vector<Row> or a std::span<const Row>).
template <class Columns, class Rows>
std::string table_csv(const Columns& cols, const Rows& rows) {
  std::string out;
  const char* sep = "";
  for (const auto& c : cols) {
    out += std::exchange(sep, ",");
    append_field(out, c.info.name);
  }
  out += '\n';
  bool reserved = false;
  for (const RowOf<Columns>& r : rows) {
    const std::size_t row_start = out.size();
    sep = "";
    for (const auto& c : cols) {
      out += std::exchange(sep, ",");
      append_cell(out, c.get(r));
    }
    out += '\n';
    // One reservation sized from the first row (+25 % for longer cells) instead of a copy per
    // doubling: objects.csv of 200k rows (22 MB) 150 -> 130 ms (2-core build machine, 2026-11).
    if (!std::exchange(reserved, true))
      out.reserve(out.size() + (out.size() - row_start) * std::size(rows) * 5 / 4);
  }
  return out;
}

/// The rows as an array of objects keyed by column name.
template <class Columns, class Rows>
Json table_json(const Columns& cols, const Rows& rows) {
  Json a = Json::array();
  for (const RowOf<Columns>& r : rows) {
    Json o = Json::object();
    for (const auto& c : cols) o[std::string(c.info.name)] = cell_json(c.get(r));
    a.push_back(std::move(o));
  }
  return a;
}

/// The ColumnInfo of a static table, built once: what the public *_columns() functions return.
template <const auto& Table>
std::span<const ColumnInfo> column_infos() {
  static const std::vector<ColumnInfo> kInfos = [] {
    std::vector<ColumnInfo> v;
    for (const auto& c : Table) v.push_back(c.info);
    return v;
  }();
  return kInfos;
}

}  // namespace lysisq::io::detail
