// SPDX-License-Identifier: MIT
// Test helper: a result CSV read back by the independent parser (csv_oracle.hpp) and checked
// against the columns its writer declares, with cells looked up by column name.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lysisq/results.hpp"

namespace lysisq::test {

struct ResultTable {
  std::vector<std::string> names;               ///< the declared columns, in order
  std::vector<std::vector<std::string>> rows;   ///< rows[0] is the header

  /// The cell of data row `row` (1 = first after the header) in column `name`; FAILs when the
  /// table has no such column.
  std::string cell(std::size_t row, std::string_view name) const;
};

/// Parses `text`, REQUIREs that the header is exactly `names` and that every row has one cell
/// per column.
ResultTable read_result_table(const std::string& text, std::vector<std::string> names);
ResultTable read_result_table(const std::string& text, std::span<const io::ColumnInfo> cols);

/// REQUIREs that `json` (run.json's array of row objects keyed by column name) holds the same
/// rows as `csv`: equal text, numbers equal to the CSV's 10 significant digits, null for an empty
/// cell.
void require_same_rows(const ResultTable& csv, const nlohmann::json& json);

}  // namespace lysisq::test
