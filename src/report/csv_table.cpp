// SPDX-License-Identifier: MIT
// A small RFC 4180 reader for the result tables the report reads back.
#include "report/csv_table.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "lysisq/errors.hpp"

namespace lysisq::report::detail {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

const std::string& CsvTable::cell(std::size_t row, std::string_view name) const {
  static const std::string kEmpty;
  const auto c = column(name);
  if (!c || row >= rows.size() || *c >= rows[row].size()) return kEmpty;
  return rows[row][*c];
}

std::optional<double> CsvTable::number(std::size_t row, std::string_view name) const {
  return parse_number(cell(row, name));
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

namespace {

bool blank(const std::vector<std::string>& record) {
  return record.empty() || (record.size() == 1 && record[0].empty());
}

}  // namespace

CsvTable parse_csv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  bool quoted = false;
  auto end_record = [&] {
    record.push_back(std::move(cell));
    cell.clear();
    if (!blank(record)) records.push_back(std::move(record));
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') cell += c;
      else if (i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      end_record();
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty() || !record.empty()) end_record();
  CsvTable t;
  if (records.empty()) return t;
  t.header = std::move(records.front());
  t.rows.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
  return t;
}

std::optional<CsvTable> read_csv_if_exists(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw InputError(file.string() + ": cannot read the file");
  return parse_csv(text.str());
}

}  // namespace lysisq::report::detail
