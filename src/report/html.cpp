// SPDX-License-Identifier: MIT
// HTML escaping, number formatting, base64 and URL encoding for the report.
#include "report/html.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "report/csv_table.hpp"

namespace lysisq::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace lysisq::report

namespace lysisq::report::detail {

std::string fmt_num(std::optional<double> v, int significant) {
  if (!v) return "";
  const double a = std::fabs(*v);
  char buf[64];
  if (a < 1e12 && *v == std::round(*v)) {
    // Counts and E:T ratios are whole numbers: "14", not "14.00".
    std::snprintf(buf, sizeof buf, "%.0f", *v);
  } else if (a < 1e-3 || a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.*e", significant - 1, *v);
  } else {
    const int magnitude = a == 0 ? 0 : static_cast<int>(std::floor(std::log10(a)));
    const int decimals = std::max(0, std::min(6, significant - 1 - magnitude));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  }
  std::string s = buf;
  if (s == "-0") s = "0";
  return s;
}

std::string fmt_cell(std::string_view cell) {
  // Integers stay as written (well counts, E:T 40); only fractional values are rounded.
  if (cell.find_first_of(".eE") == std::string_view::npos) return std::string(cell);
  const auto v = parse_number(cell);
  return v ? fmt_num(v) : std::string(cell);
}

std::string json_for_script(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k)
      v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kDigits[(v >> (18 - 6 * k)) & 63u] : '=';
  }
  return out;
}

std::string url_segment(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15u];
    }
  }
  return out;
}

int verdict_rank(std::string_view verdict) {
  if (verdict == "fail") return 2;
  if (verdict == "warn") return 1;
  if (verdict == "pass") return 0;
  return -1;
}

std::string verdict_chip(std::string_view verdict) {
  const std::string cls = verdict_rank(verdict) >= 0 ? std::string(verdict) : "other";
  return "<span class=\"chip " + cls + "\">" + esc(verdict) + "</span>";
}

}  // namespace lysisq::report::detail
