// SPDX-License-Identifier: MIT
// YAML scalar formatting for the writers (see yaml_text.hpp).
#include "yaml_text.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace lysisq::config::detail {
namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+';
}

// Words YAML 1.1 (yaml-cpp, PyYAML) reads as bool or null when plain.
bool is_reserved(std::string_view s) {
  static constexpr std::array<std::string_view, 11> kReserved{"true", "false", "yes", "no", "on", "off",
                                                              "y", "n", "null", "nan", "inf"};
  std::string lower(s);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto r : kReserved)
    if (lower == r) return true;
  return false;
}

bool plain_ok(std::string_view s) {
  if (s.empty() || is_reserved(s)) return false;
  // A leading letter or '_' rules out numbers, '-' (list item), '.' (.inf) and other indicators.
  if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
  for (char c : s)
    if (!is_word_char(c)) return false;
  return true;
}

bool has_control(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string yaml_quote(std::string_view s) {
  if (plain_ok(s)) return std::string(s);
  if (has_control(s)) return double_quoted(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';  // the only escape in single-quoted YAML: '' for '
    out += c;
  }
  return out + "'";
}

std::string yaml_number(double v) {
  if (std::isnan(v)) return ".nan";
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string out(buf, res.ptr);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

}  // namespace lysisq::config::detail
