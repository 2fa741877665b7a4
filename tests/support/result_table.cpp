// SPDX-License-Identifier: MIT
#include "support/result_table.hpp"

#include <catch2/catch.hpp>

#include "support/csv_oracle.hpp"

namespace lysisq::test {

std::string ResultTable::cell(std::size_t row, std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return rows.at(row).at(i);
  FAIL("no column " << name);
  return {};
}

ResultTable read_result_table(const std::string& text, std::vector<std::string> names) {
  ResultTable t{std::move(names), parse_csv(text)};
  REQUIRE(t.rows.size() >= 1);
  REQUIRE(t.rows[0] == t.names);
  for (const auto& r : t.rows) REQUIRE(r.size() == t.names.size());
  return t;
}

ResultTable read_result_table(const std::string& text, std::span<const io::ColumnInfo> cols) {
  std::vector<std::string> names;
  for (const auto& c : cols) names.emplace_back(c.name);
  return read_result_table(text, std::move(names));
}

void require_same_rows(const ResultTable& csv, const nlohmann::json& json) {
  REQUIRE(json.is_array());
  REQUIRE(json.size() + 1 == csv.rows.size());
  for (std::size_t row = 1; row < csv.rows.size(); ++row) {
    const nlohmann::json& obj = json[row - 1];
    REQUIRE(obj.size() == csv.names.size());
    for (const auto& name : csv.names) {
      const std::string cell = csv.cell(row, name);
      const nlohmann::json& value = obj.at(name);
      CAPTURE(row, name, cell, value.dump());
      if (value.is_null())
        REQUIRE(cell.empty());
      else if (value.is_string())
        REQUIRE(cell == value.get<std::string>());
      else if (value.is_number_integer())
        REQUIRE(cell == std::to_string(value.get<std::int64_t>()));
      else
        REQUIRE(std::stod(cell) == Approx(value.get<double>()).epsilon(1e-9).margin(1e-9));
    }
  }
}

}  // namespace lysisq::test
