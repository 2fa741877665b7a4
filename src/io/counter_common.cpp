// SPDX-License-Identifier: MIT
// Shared cell rules of the counter-export reader: counts, well names, messages and notes.
#include <cctype>
#include <charconv>
#include <cmath>

#include "../config/delimited_text.hpp"
#include "../config/well_spec.hpp"
#include "counter_detail.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io::detail {

std::vector<char> delimiters_for(const std::string& setting) {
  if (setting == "auto") return {'\t', ';', ','};
  if (setting == "comma") return {','};
  if (setting == "tab") return {'\t'};
  if (setting == "semicolon") return {';'};
  throw ConfigError("chromium.counter.delimiter: unknown delimiter, got '" + setting +
                    "'; accepted: auto, comma, tab, semicolon");
}

void fail_at(const CounterText& t, std::size_t line, const std::string& column, const std::string& what,
             const std::string& got, const std::string& hint) {
  std::string m = t.origin + ":" + std::to_string(line + 1) + ": ";
  if (!column.empty()) m += column + ": ";
  m += what;
  if (!got.empty()) m += ", got " + got;
  if (!hint.empty()) m += "; " + hint;
  throw InputError(m);
}

std::string shown_cell(std::string_view s) {
  if (s.empty()) return "an empty cell";
  std::string out(1, '\'');
  return out.append(s).append(1, '\'');
}

std::optional<double> read_count(const CounterText& t, std::size_t line, const std::string& column,
                                 const std::string& cell, char delim) {
  if (cell.empty()) return std::nullopt;
  std::string s = cell;
  // Semicolon-separated files come from spreadsheets in decimal-comma locales: "1234,5" there is
  // 1234.5. With other delimiters a comma inside a number is ambiguous (thousands?) and refused.
  if (delim == ';' && s.find('.') == std::string::npos && s.find(',') == s.rfind(',')) {
    if (const auto c = s.find(','); c != std::string::npos) s[c] = '.';
  }
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(v)) {
    const bool comma = cell.find(',') != std::string::npos;
    fail_at(t, line, column, "not a number", shown_cell(cell),
            comma ? "write counts with '.' as the decimal point and no thousands separator" : "");
  }
  if (v < 0) fail_at(t, line, column, "negative count", shown_cell(cell), "counts are >= 0; check the export");
  return v == 0 ? 0.0 : v;  // no "-0"
}

bool looks_like_well(std::string_view cell) {
  std::size_t letters = 0;
  while (letters < cell.size() && std::isalpha(static_cast<unsigned char>(cell[letters]))) ++letters;
  const std::size_t digits = cell.size() - letters;
  if (letters < 1 || letters > 2 || digits < 1 || digits > 3) return false;
  for (std::size_t i = letters; i < cell.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(cell[i]))) return false;
  return true;
}

WellId read_well(const CounterText& t, std::size_t line, const std::string& column, const std::string& cell,
                 PlateFormat plate) {
  const auto w = WellId::parse(cell);
  if (!w) fail_at(t, line, column, "not a well name", shown_cell(cell), "expected e.g. B7 or B07");
  if (!plate.contains(*w))
    fail_at(t, line, column, "well " + w->str() + " is outside " + config::detail::describe_plate(plate), shown_cell(cell),
            "check the plate format of the layout");
  return *w;
}

std::string line_span(std::size_t first, std::size_t last) {
  if (first == last) return "line " + std::to_string(first + 1);
  return "lines " + std::to_string(first + 1) + "-" + std::to_string(last + 1);
}

std::string well_list(const std::vector<WellId>& wells, std::size_t shown) {
  std::string out;
  for (std::size_t i = 0; i < wells.size() && i < shown; ++i) out += (i ? ", " : "") + wells[i].str();
  if (wells.size() > shown) out += " and " + std::to_string(wells.size() - shown) + " more";
  return out;
}

void note_skipped(const CounterText& t, std::size_t first, std::size_t end, const char* what, CounterReading& r) {
  std::size_t count = 0, lo = end, hi = end;
  for (std::size_t i = first; i < end; ++i) {
    if (config::detail::trim(t.lines[i]).empty()) continue;
    if (count++ == 0) lo = i;
    hi = i;
  }
  if (count == 0) return;
  std::string text(config::detail::trim(t.lines[lo]));
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  r.notes.push_back("skipped " + std::to_string(count) + " " + what + (count == 1 ? " line" : " lines") + " (" +
                    line_span(lo, hi) + ", from '" + text + "')");
}

}  // namespace lysisq::io::detail
