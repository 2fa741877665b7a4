// SPDX-License-Identifier: MIT
// Internal to src/io: a column table whose cells are typed values, so that one declaration gives
// both the CSV file and the same rows in run.json (CellProfiler get_measurement_columns style).
#pragma once
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "csv_util.hpp"

namespace lysisq::io::detail {

using Json = nlohmann::ordered_json;  // keeps keys in column order

/// One cell: nothing, a number (non-finite = nothing), an integer, or text.
using Cell = std::variant<std::monostate, double, std::int64_t, std::string>;

template <class Row>
struct ValueColumn {
  ColumnInfo info;
  Cell (*get)(const Row& row);
};

template <class Row, std::size_t N>
std::vector<ColumnInfo> column_infos(const ValueColumn<Row> (&table)[N]) {
  std::vector<ColumnInfo> v;
  for (const auto& c : table) v.push_back(c.info);
  return v;
}

inline void append_cell(std::string& out, const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) append_number(out, *d);
  else if (const auto* i = std::get_if<std::int64_t>(&c)) append_int(out, *i);
  else if (const auto* s = std::get_if<std::string>(&c)) append_field(out, *s);
}

/// Numbers as numbers, text as strings; empty cells (and NaN) as null, empty text as "".
inline Json cell_json(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return std::isfinite(*d) ? Json(*d) : Json(nullptr);
  if (const auto* i = std::get_if<std::int64_t>(&c)) return Json(*i);
  if (const auto* s = std::get_if<std::string>(&c)) return Json(*s);
  return Json(nullptr);
}

template <class Row>
std::string table_csv(std::span<const ValueColumn<Row>> cols, const std::vector<Row>& rows) {
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    append_field(out, cols[i].info.name);
  }
  out += '\n';
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i) out += ',';
      append_cell(out, cols[i].get(r));
    }
    out += '\n';
  }
  return out;
}

/// The rows as an array of objects keyed by column name.
template <class Row>
Json table_json(std::span<const ValueColumn<Row>> cols, const std::vector<Row>& rows) {
  Json a = Json::array();
  for (const Row& r : rows) {
    Json o = Json::object();
    for (const auto& c : cols) o[std::string(c.info.name)] = cell_json(c.get(r));
    a.push_back(std::move(o));
  }
  return a;
}

inline Cell text(std::string s) { return Cell(std::move(s)); }
inline Cell integer(std::int64_t v) { return Cell(v); }

}  // namespace lysisq::io::detail
