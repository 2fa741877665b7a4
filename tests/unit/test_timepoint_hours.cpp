// SPDX-License-Identifier: MIT
// io::timepoint_hours: hours of each time point from Incucyte labels (date-time, elapsed) or from
// kinetics.interval_h. Expected hours are worked out by hand or by std::chrono's calendar, never
// by lysisq's own date arithmetic.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;

namespace {

/// A manifest with one field of well B02 per time point; `labels` as discovery would fill them.
io::PlateManifest manifest(const std::vector<int>& points, std::map<int, std::string> labels = {}) {
  io::PlateManifest m;
  m.dir = "/plates/kinetic-7";
  for (int t : points) {
    io::FieldFiles f;
    f.well = *WellId::parse("B02");
    f.timepoint = t;
    f.channels[1] = m.dir / ("B02_t" + std::to_string(t) + ".tif");
    m.fields.push_back(f);
  }
  m.timepoint_labels = std::move(labels);
  return m;
}

std::string date_time_label(int y, int mo, int d, int h, int mi) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04dy%02dm%02dd_%02dh%02dm", y, mo, d, h, mi);
  return buf;
}

/// Hours since 1970 by std::chrono's proleptic Gregorian calendar: the independent oracle.
double chrono_hours(int y, int mo, int d, int h, int mi) {
  using namespace std::chrono;
  const sys_days date{year{y} / month{unsigned(mo)} / day{unsigned(d)}};
  return double(date.time_since_epoch().count()) * 24 + h + mi / 60.0;
}

using Hours = std::map<int, double>;

void require_hours(const Hours& got, const Hours& want) {
  REQUIRE(got.size() == want.size());
  for (const auto& [t, h] : want) {
    CAPTURE(t);
    REQUIRE(got.count(t) == 1);
    REQUIRE(got.at(t) == Approx(h).margin(1e-12));
  }
}

}  // namespace

TEST_CASE("timepoint_hours: Incucyte date-times across month, year and February", "[unit]") {
  const auto m = manifest({1, 2, 3, 4}, {{1, "2026y12m31d_23h00m"},
                                         {2, "2027y01m01d_01h30m"},
                                         {3, "2027y03m01d_00h00m"},
                                         {4, "2028y03m01d_00h00m"}});
  // 31 Dec 23:00 -> 1 Mar 00:00 is 1 h + 31 (Jan) + 28 (Feb 2027) days; a year later adds 366
  // days, since the leap day 29 Feb 2028 lies in between.
  require_hours(io::timepoint_hours(m, 0), {{1, 0}, {2, 2.5}, {3, 59 * 24 + 1}, {4, (59 + 366) * 24 + 1}});
  // Labels win over an interval: the files' own times are the truth.
  require_hours(io::timepoint_hours(m, 7), {{1, 0}, {2, 2.5}, {3, 59 * 24 + 1}, {4, (59 + 366) * 24 + 1}});
}

TEST_CASE("timepoint_hours: random date-times agree with std::chrono's calendar", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::map<int, std::string> labels;
  std::vector<double> absolute;
  std::vector<int> points;
  for (int t = 1; t <= 4; ++t) {
    const int y = 1999 + int(rng() % 103), mo = 1 + int(rng() % 12), d = 1 + int(rng() % 28), h = int(rng() % 24),
              mi = int(rng() % 60);
    labels[t] = date_time_label(y, mo, d, h, mi);
    absolute.push_back(chrono_hours(y, mo, d, h, mi));
    points.push_back(t);
  }
  // Hours are after the earliest label, whichever time point number it has.
  const double earliest = *std::min_element(absolute.begin(), absolute.end());
  Hours want;
  for (int t = 1; t <= 4; ++t) want[t] = absolute[std::size_t(t - 1)] - earliest;
  CAPTURE(labels);
  require_hours(io::timepoint_hours(manifest(points, labels), 0), want);
}

TEST_CASE("timepoint_hours: elapsed labels are d x 24 + h + m / 60 after the earliest", "[unit]") {
  const auto m = manifest({1, 2, 3, 4}, {{1, "0d00h00m"}, {2, "0d06h15m"}, {3, "1d02h30m"}, {4, "10d00h00m"}});
  require_hours(io::timepoint_hours(m, 0), {{1, 0}, {2, 6.25}, {3, 26.5}, {4, 240}});
  require_hours(io::timepoint_hours(manifest({1, 2}, {{1, "2d00h00m"}, {2, "2d12h45m"}}), 0), {{1, 0}, {2, 12.75}});
}

TEST_CASE("timepoint_hours: numbered time points use the interval from the first", "[unit]") {
  require_hours(io::timepoint_hours(manifest({2, 3, 5, 3}), 0.5), {{2, 0}, {3, 0.5}, {5, 1.5}});
  // Labels that are no time (a user pattern's own), or a time point without a label, mean the
  // files carry no times: the interval decides.
  require_hours(io::timepoint_hours(manifest({1, 2}, {{1, "T1"}, {2, "T2"}}), 2), {{1, 0}, {2, 2}});
  require_hours(io::timepoint_hours(manifest({1, 2}, {{1, "0d00h00m"}}), 3), {{1, 0}, {2, 3}});
}

TEST_CASE("timepoint_hours: no times and no interval is a one-line ConfigError", "[unit]") {
  for (const auto& m : {manifest({1, 2, 3}), manifest({1, 2}, {{1, "T1"}, {2, "T2"}})}) {
    try {
      (void)io::timepoint_hours(m, 0);
      FAIL("no ConfigError");
    } catch (const ConfigError& e) {
      const std::string what = e.what();
      CAPTURE(what);
      REQUIRE(what.find("kinetics.interval_h") != std::string::npos);
      REQUIRE(what.find("kinetic-7") != std::string::npos);
      REQUIRE(what.find('\n') == std::string::npos);
    }
  }
  REQUIRE_THROWS_AS(io::timepoint_hours(manifest({1, 2}), -1), ConfigError);
}

TEST_CASE("timepoint_hours: a plate without time points has no hours", "[unit]") {
  REQUIRE(io::timepoint_hours(manifest({}), 0).empty());
  REQUIRE(io::timepoint_hours(manifest({0, 0, 0}), 0).empty());
  REQUIRE(io::timepoint_hours(manifest({0}), 2).empty());
}

TEST_CASE("timepoint_hours: a time label with an impossible field is an InputError naming it", "[unit]") {
  const auto label = GENERATE(as<std::string>{}, "2026y13m01d_10h00m", "2026y02m29d_10h00m", "2026y04m31d_10h00m",
                              "2026y01m01d_24h00m", "2026y01m01d_10h60m", "1d02h75m", "1d24h00m");
  CAPTURE(label);
  const auto m = manifest({1, 2}, {{1, label}, {2, label[4] == 'y' ? "2026y01m01d_00h00m" : "0d00h00m"}});
  // Even with an interval: a damaged name is reported, not papered over.
  REQUIRE_THROWS_WITH(io::timepoint_hours(m, 1), Catch::Contains(label));
  REQUIRE_THROWS_AS(io::timepoint_hours(m, 1), InputError);
  // 29 February of a leap year is real.
  REQUIRE(io::timepoint_hours(manifest({1, 2}, {{1, "2028y02m28d_00h00m"}, {2, "2028y02m29d_00h00m"}}), 0).at(2) == 24);
}

TEST_CASE("timepoint_hours: date-times and elapsed times mixed is an InputError", "[unit]") {
  const auto m = manifest({1, 2}, {{1, "2026y01m01d_00h00m"}, {2, "1d00h00m"}});
  REQUIRE_THROWS_AS(io::timepoint_hours(m, 1), InputError);
}

TEST_CASE("timepoint_hours: the labels discover_plate reads from Incucyte names", "[unit]") {
  test::TempDir dir;
  // Written out of order; discovery numbers scans chronologically.
  for (const char* label : {"2026y11m02d_08h00m", "2026y10m31d_20h00m", "2026y11m01d_02h30m"})
    test::write_tiny_tiff(dir.path(), std::string("Vessel 1_B2_1_") + label + ".tif");
  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.layout == "incucyte");
  // 31 Oct 20:00 -> 1 Nov 02:30 is 6.5 h; -> 2 Nov 08:00 is 36 h.
  require_hours(io::timepoint_hours(m, 0), {{1, 0}, {2, 6.5}, {3, 36}});
}
