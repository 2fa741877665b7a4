// SPDX-License-Identifier: MIT
// "YYYY-MM-DD" -> day number (Howard Hinnant's days_from_civil, exact for every Gregorian date).
#include "lysisq/civil_date.hpp"

#include <cctype>

namespace lysisq {

namespace {

long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                  // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;   // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             // [0, 146096]
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool is_leap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned digits(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

}  // namespace

std::optional<long long> days_since_epoch(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != 'T') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  const long long y = digits(text.substr(0, 4));
  const unsigned m = digits(text.substr(5, 2)), d = digits(text.substr(8, 2));
  static constexpr unsigned kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > kMonthDays[m - 1] + (m == 2 && is_leap(y) ? 1u : 0u)) return std::nullopt;
  return days_from_civil(y, m, d);
}

}  // namespace lysisq
