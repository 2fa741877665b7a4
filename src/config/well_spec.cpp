// SPDX-License-Identifier: MIT
// Well-range notation of plate layouts (see well_spec.hpp).
#include "well_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lysisq::config::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// "row H" -> "H"; "" if `item` does not start with `word` followed by a space.
std::string_view after_word(std::string_view item, std::string_view word) {
  if (item.size() <= word.size() || lower(item.substr(0, word.size())) != word) return {};
  if (!std::isspace(static_cast<unsigned char>(item[word.size()]))) return {};
  return trim(item.substr(word.size()));
}

constexpr const char* kSyntaxHint =
    " (write a well 'B7', a rectangle 'A1-C3', 'row H', 'col 12' or a comma-separated list)";

/// Appends the wells of one list item; returns an error text or "".
std::string expand_item(std::string_view item, PlateFormat fmt, std::vector<WellId>& out) {
  if (auto r = after_word(item, "row"); !r.empty()) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
    if (r.size() != 1 || c < 'A' || c > 'Z') return "malformed row '" + std::string(item) + "'" + kSyntaxHint;
    if (c - 'A' >= fmt.rows) return "row " + std::string(1, c) + " is outside " + describe_plate(fmt);
    for (int col = 0; col < fmt.cols; ++col) out.push_back({c - 'A', col});
    return "";
  }
  auto cspec = after_word(item, "column");
  if (cspec.empty()) cspec = after_word(item, "col");
  if (!cspec.empty()) {
    int col = 0;
    const auto [end, ec] = std::from_chars(cspec.data(), cspec.data() + cspec.size(), col);
    if (ec != std::errc() || end != cspec.data() + cspec.size() || col < 1)
      return "malformed column '" + std::string(item) + "'" + kSyntaxHint;
    if (col > fmt.cols) return "column " + std::to_string(col) + " is outside " + describe_plate(fmt);
    for (int row = 0; row < fmt.rows; ++row) out.push_back({row, col - 1});
    return "";
  }
  const auto dash = item.find('-');
  const std::string_view first = trim(item.substr(0, dash));
  const std::string_view last = dash == std::string_view::npos ? first : trim(item.substr(dash + 1));
  const auto a = WellId::parse(first);
  const auto b = WellId::parse(last);
  if (!a || !b) return "malformed well or range '" + std::string(item) + "'" + kSyntaxHint;
  for (const WellId& w : {*a, *b})
    if (!fmt.contains(w)) return "well " + w.str() + " is outside " + describe_plate(fmt);
  for (int row = std::min(a->row, b->row); row <= std::max(a->row, b->row); ++row)
    for (int col = std::min(a->col, b->col); col <= std::max(a->col, b->col); ++col) out.push_back({row, col});
  return "";
}

}  // namespace

std::string describe_plate(PlateFormat fmt) {
  return "the " + std::to_string(fmt.well_count()) + "-well plate (rows A-" + std::string(1, char('A' + fmt.rows - 1)) +
         ", columns 1-" + std::to_string(fmt.cols) + ")";
}

WellSpec expand_well_spec(std::string_view spec, PlateFormat fmt) {
  WellSpec out;
  if (trim(spec).empty()) {
    out.error = std::string("malformed well list (empty)") + kSyntaxHint;
    return out;
  }
  while (true) {
    const auto comma = spec.find(',');
    const std::string_view item = trim(spec.substr(0, comma));
    if (item.empty()) {
      out.error = std::string("malformed well list (empty item)") + kSyntaxHint;
      return out;
    }
    out.error = expand_item(item, fmt, out.wells);
    if (!out.error.empty()) return out;
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace lysisq::config::detail
