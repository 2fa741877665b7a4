// SPDX-License-Identifier: MIT
// days_since_epoch against std::chrono's calendar (an independent implementation) over random
// dates, and the malformed inputs it must refuse.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <random>

#include "lysisq/civil_date.hpp"

using namespace lysisq;

TEST_CASE("days_since_epoch agrees with std::chrono over random dates", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 2000; ++i) {
    const int y = 1600 + int(rng() % 900);
    const auto m = static_cast<unsigned>(1 + rng() % 12), d = static_cast<unsigned>(1 + rng() % 31);
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, m, d);
    CAPTURE(text);
    const auto got = days_since_epoch(text);
    REQUIRE(got.has_value() == ymd.ok());
    if (ymd.ok()) REQUIRE(*got == std::chrono::sys_days{ymd}.time_since_epoch().count());
  }
}

TEST_CASE("days_since_epoch: timestamps give their date, malformed text nothing", "[unit]") {
  REQUIRE(days_since_epoch("1970-01-01") == 0);
  REQUIRE(days_since_epoch("2026-03-14T10:15:00Z") == days_since_epoch("2026-03-14"));
  REQUIRE(*days_since_epoch("2026-03-14") - *days_since_epoch("2025-06-10") == 277);
  REQUIRE(days_since_epoch("2024-02-29"));
  for (const char* bad : {"", "2023-02-29", "2026-13-01", "2026-00-10", "2026-01-32", "2026-1-01", "2026/01/01",
                          "20260101", "2026-01-01Z", "2026-01-0x", "today"}) {
    CAPTURE(bad);
    REQUIRE_FALSE(days_since_epoch(bad));
  }
}
