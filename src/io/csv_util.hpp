// SPDX-License-Identifier: MIT
// CSV building blocks shared by the result writers (private to src/io/).
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/plate.hpp"
#include "lysisq/results.hpp"

namespace lysisq::io::detail {

void append_field(std::string& out, std::string_view s);  ///< RFC 4180 quoting when needed
void append_number(std::string& out, double v);           ///< csv_number()
void append_int(std::string& out, std::int64_t v);

/// Condition labels as "key=value;key=value" (sorted by key).
std::string labels_text(const std::map<std::string, std::string>& labels);
/// Wells as "B03 B04 B05".
std::string wells_text(const std::vector<WellId>& wells);

/// A column of a table over `Row`: its name/description and how to write one cell.
template <class Row>
struct Column {
  ColumnInfo info;
  void (*cell)(std::string& out, const Row& row);
};

template <class Row>
void append_header(std::string& out, std::span<const Column<Row>> cols) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    append_field(out, cols[i].info.name);
  }
  out += '\n';
}

template <class Row>
void append_row(std::string& out, std::span<const Column<Row>> cols, const Row& row) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    cols[i].cell(out, row);
  }
  out += '\n';
}

}  // namespace lysisq::io::detail
