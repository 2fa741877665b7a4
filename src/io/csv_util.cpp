// SPDX-License-Identifier: MIT
// RFC 4180 fields and locale-independent numbers, so the CSVs open the same in any spreadsheet.
#include "csv_util.hpp"

#include <charconv>
#include <cmath>

namespace lysisq::io {

std::string csv_field(std::string_view s) {
  std::string out;
  detail::append_field(out, s);
  return out;
}

std::string csv_number(double v) {
  std::string out;
  detail::append_number(out, v);
  return out;
}

namespace detail {

void append_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) return;  // an empty cell: spreadsheets read it as "no value"
  // Means of values that cancel exactly (killing of the reference wells themselves) come out as
  // +-1e-15 from rounding; nothing lysisq writes is meaningful below 1e-9, so show those as 0.
  if (std::fabs(v) < 1e-9) v = 0;  // also turns "-0" into "0"
  char buf[32];
  // std::to_chars ignores the locale: always '.' as decimal separator. 10 significant digits are
  // far beyond the precision of counts-derived percentages and keep files readable.
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
  out.append(buf, res.ptr);
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

std::string labels_text(const std::map<std::string, std::string>& labels) {
  std::string s;
  for (const auto& [k, v] : labels) {
    if (!s.empty()) s += ';';
    s += k + "=" + v;
  }
  return s;
}

std::string wells_text(const std::vector<WellId>& wells) {
  std::string s;
  for (const auto& w : wells) {
    if (!s.empty()) s += ' ';
    s += w.str();
  }
  return s;
}

}  // namespace detail
}  // namespace lysisq::io
