// SPDX-License-Identifier: MIT
// Internal to src/report: result CSVs read back by column name, so the report tolerates columns
// being added, reordered or (when optional) missing.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lysisq::report::detail {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::optional<std::size_t> column(std::string_view name) const;
  bool has(std::string_view name) const { return column(name).has_value(); }
  /// The cell, or "" when the column is missing or the row is short.
  const std::string& cell(std::size_t row, std::string_view name) const;
  /// The cell as a finite number; nullopt when empty, missing, not a number, inf or nan.
  std::optional<double> number(std::size_t row, std::string_view name) const;
  std::size_t size() const { return rows.size(); }
};

/// RFC 4180: commas, double-quoted cells ("" is a quote; line breaks allowed inside quotes),
/// LF or CRLF line ends, an optional UTF-8 byte-order mark. The first record is the header;
/// blank lines are skipped.
CsvTable parse_csv(std::string_view text);

/// parse_csv() of the file; nullopt when it does not exist, InputError when it cannot be read.
std::optional<CsvTable> read_csv_if_exists(const std::filesystem::path& file);

/// A number from text (the whole text must parse); nullopt otherwise or when not finite.
std::optional<double> parse_number(std::string_view text);

}  // namespace lysisq::report::detail
