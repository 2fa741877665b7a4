// SPDX-License-Identifier: MIT
// read_plate_image on scans rendered here (an independent model: Gaussian spots of known integral,
// optional halo, ramp background, Gaussian noise): grid nodes, cpm equivalents, blank wells,
// saturation, spill-over, and clear failures on scans that are not plates.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "lysisq/errors.hpp"
#include "lysisq/plate_image.hpp"

using namespace lysisq;

namespace {

struct ScanSpec {
  PlateFormat fmt;
  int width = 420, height = 300;
  double pitch = 28;
  double angle_deg = 0;
  double shift_x = 0, shift_y = 0;   ///< grid centre relative to the scan centre
  double sigma_frac = 0.1;           ///< spot Gaussian sigma, fraction of the pitch
  double halo_frac = 0;              ///< share of each spot's signal in a wide halo (bleed)
  double halo_sigma_frac = 0.3;
  double bg = 1000, ramp_x = 800, ramp_y = -300;  ///< background and its change across the scan
  double noise_sd = 10;
  double gain = 200;                 ///< signal units per cpm (peak of a 6000 cpm spot ~ 24000 at pitch 28)
  std::uint64_t seed = 1;
  std::vector<double> signal;        ///< integrated signal per well, row-major; 0 = blank
};

struct Rendered {
  Image<u16> img;
  std::vector<double> node_x, node_y;  ///< row-major truth
};

double node_x(const ScanSpec& s, int c, int r) {
  const double a = s.angle_deg * std::numbers::pi / 180, u = (c - 0.5 * (s.fmt.cols - 1)) * s.pitch,
               v = (r - 0.5 * (s.fmt.rows - 1)) * s.pitch;
  return 0.5 * (s.width - 1) + s.shift_x + u * std::cos(a) - v * std::sin(a);
}
double node_y(const ScanSpec& s, int c, int r) {
  const double a = s.angle_deg * std::numbers::pi / 180, u = (c - 0.5 * (s.fmt.cols - 1)) * s.pitch,
               v = (r - 0.5 * (s.fmt.rows - 1)) * s.pitch;
  return 0.5 * (s.height - 1) + s.shift_y + u * std::sin(a) + v * std::cos(a);
}

void add_gaussian(std::vector<double>& acc, const ScanSpec& s, double cx, double cy, double total, double sigma) {
  const double k = total / (2 * std::numbers::pi * sigma * sigma), reach = 6 * sigma;
  for (int y = std::max(0, int(cy - reach)); y <= std::min(s.height - 1, int(cy + reach)); ++y)
    for (int x = std::max(0, int(cx - reach)); x <= std::min(s.width - 1, int(cx + reach)); ++x) {
      const double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      acc[std::size_t(y) * std::size_t(s.width) + std::size_t(x)] += k * std::exp(-d2 / (2 * sigma * sigma));
    }
}

Rendered render(const ScanSpec& s) {
  std::vector<double> acc(std::size_t(s.width) * std::size_t(s.height), 0.0);
  Rendered out;
  for (int r = 0; r < s.fmt.rows; ++r)
    for (int c = 0; c < s.fmt.cols; ++c) {
      const double x = node_x(s, c, r), y = node_y(s, c, r);
      out.node_x.push_back(x);
      out.node_y.push_back(y);
      const double total = s.signal.empty() ? 0 : s.signal[std::size_t(r * s.fmt.cols + c)];
      if (total <= 0) continue;
      add_gaussian(acc, s, x, y, total * (1 - s.halo_frac), s.sigma_frac * s.pitch);
      if (s.halo_frac > 0) add_gaussian(acc, s, x, y, total * s.halo_frac, s.halo_sigma_frac * s.pitch);
    }
  std::mt19937_64 rng(s.seed);
  std::normal_distribution<double> noise(0.0, s.noise_sd);
  out.img = Image<u16>(s.width, s.height);
  for (int y = 0; y < s.height; ++y)
    for (int x = 0; x < s.width; ++x) {
      const double bg = s.bg + s.ramp_x * x / s.width + s.ramp_y * y / s.height;
      const double v = acc[std::size_t(y) * std::size_t(s.width) + std::size_t(x)] + bg + noise(rng);
      out.img.at(x, y) = u16(std::clamp(std::lround(v), 0L, 65535L));
    }
  return out;
}

/// Signals of a plausible release plate: 300..6000 cpm x `gain`, a few per row.
std::vector<double> plate_signals(PlateFormat f, std::uint64_t seed, double gain) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> cpm(300, 6000);
  std::vector<double> s(std::size_t(f.well_count()));
  for (double& v : s) v = cpm(rng) * gain;
  return s;
}

/// Fraction of a Gaussian spot inside the default integration disc (0.35 pitch): the
/// calibration that turns the measured net signal back into the rendered integral.
double capture(const ScanSpec& s, const PlateImageParams& p) {
  const double r = p.disc_radius_frac / s.sigma_frac;
  return 1 - std::exp(-0.5 * r * r);
}

constexpr double kGain = 200;  // ScanSpec's default gain

PlateImageParams calibrated(const ScanSpec& s) {
  PlateImageParams p;
  p.calibration_slope = 1.0 / (s.gain * capture(s, p));
  return p;
}

/// Noise of one well's reading here: the annulus median (~173 px of noise SD 10 on a ramp) times
/// the ~302 px disc, plus the disc's own noise: SD 2.85 cpm, measured over 16,740 wells of 180
/// scans, whatever the well's cpm. Five SD of it, plus 1 % for calibration and placement.
constexpr double kReadingNoiseCpm = 15.0;

/// Every node within 1 px of truth; non-blank wells within 1 % + kReadingNoiseCpm of their cpm,
/// blank ones near 0.
void check_reading(const ScanSpec& s, const Rendered& r, const PlateImageReading& got) {
  REQUIRE(got.wells.size() == std::size_t(s.fmt.well_count()));
  for (std::size_t i = 0; i < got.wells.size(); ++i) {
    const WellImageSignal& w = got.wells[i];
    CAPTURE(w.well.str(), w.x_px, w.y_px, r.node_x[i], r.node_y[i], w.cpm, s.signal[i] / s.gain);
    CHECK(std::hypot(w.x_px - r.node_x[i], w.y_px - r.node_y[i]) < 1.0);
    if (s.signal[i] > 0) {
      const double truth = s.signal[i] / s.gain;
      CHECK(std::fabs(w.cpm - truth) <= 0.01 * truth + kReadingNoiseCpm);
      CHECK((w.flags & kWellNoSpot) == 0);
    } else {
      CHECK(std::fabs(w.cpm) <= kReadingNoiseCpm);
      CHECK((w.flags & kWellNoSpot) != 0);
    }
    CHECK((w.flags & (kWellSaturated | kWellSpillover)) == 0);
  }
  CHECK(got.grid.angle_deg == Approx(s.angle_deg).margin(0.2));
  CHECK(got.grid.pitch_x_px == Approx(s.pitch).epsilon(0.01));
  CHECK(got.grid.pitch_y_px == Approx(s.pitch).epsilon(0.01));
  CHECK_FALSE(got.grid_residual_flag);
  CHECK(got.saturated_spots == 0);
}

}  // namespace

TEST_CASE("read_plate_image fits a rotated 96-well grid on a ramp and recovers every well's cpm", "[unit]") {
  const double angle = GENERATE(-4.0, 0.0, 3.0);
  const std::uint64_t seed = GENERATE(take(2, random(0u, 1000000u)));
  CAPTURE(angle, seed);
  ScanSpec s;
  s.angle_deg = angle;
  s.seed = seed;
  s.shift_x = double(seed % 7) - 3;
  s.shift_y = double(seed % 5) - 2;
  s.signal = plate_signals(s.fmt, seed, kGain);
  for (int k : {5, 40, 77}) s.signal[std::size_t(k)] = 0;  // a few blank wells
  const Rendered r = render(s);
  const PlateImageReading got = read_plate_image(r.img.cview(), s.fmt, calibrated(s));
  check_reading(s, r, got);
  CHECK(got.spots_fitted == 93);
  CHECK(got.grid_residual_px < 0.3);
}

TEST_CASE("read_plate_image copes with a blank row, a mostly blank row and a blank edge row", "[unit]") {
  ScanSpec s;
  s.angle_deg = 2.0;
  s.signal = plate_signals(s.fmt, 7, kGain);
  SECTION("row E blank, row B blank but for two wells") {
    for (int c = 0; c < 12; ++c) s.signal[std::size_t(4 * 12 + c)] = 0;
    for (int c = 2; c < 12; ++c) s.signal[std::size_t(1 * 12 + c)] = 0;
  }
  SECTION("row A and column 12 blank: anchored by the scan centre") {
    for (int c = 0; c < 12; ++c) s.signal[std::size_t(c)] = 0;
    for (int r = 0; r < 8; ++r) s.signal[std::size_t(r * 12 + 11)] = 0;
  }
  SECTION("corner G10-H12 unused, as in the synthetic design") {
    for (int r = 6; r < 8; ++r)
      for (int c = 9; c < 12; ++c) s.signal[std::size_t(r * 12 + c)] = 0;
  }
  const Rendered r = render(s);
  check_reading(s, r, read_plate_image(r.img.cview(), s.fmt, calibrated(s)));
}

TEST_CASE("read_plate_image fits a 384-well grid", "[unit]") {
  ScanSpec s;
  s.fmt = {16, 24};
  s.pitch = 14;
  s.width = 380;
  s.height = 260;
  s.angle_deg = -2.5;
  s.gain = 60;  // spots of a quarter the area: keep the brightest below saturation
  s.signal = plate_signals(s.fmt, 11, s.gain);
  for (int k : {0, 100, 383}) s.signal[std::size_t(k)] = 0;
  const Rendered r = render(s);
  check_reading(s, r, read_plate_image(r.img.cview(), s.fmt, calibrated(s)));
}

TEST_CASE("read_plate_image applies the linear calibration", "[unit]") {
  ScanSpec s;
  s.signal = plate_signals(s.fmt, 3, kGain);
  const Rendered r = render(s);
  PlateImageParams a, b;
  b.calibration_slope = 0.25;
  b.calibration_offset = 40;
  const PlateImageReading ra = read_plate_image(r.img.cview(), s.fmt, a);
  const PlateImageReading rb = read_plate_image(r.img.cview(), s.fmt, b);
  for (std::size_t i = 0; i < ra.wells.size(); ++i) {
    CHECK(ra.wells[i].cpm == Approx(ra.wells[i].net_signal));
    CHECK(rb.wells[i].cpm == Approx(0.25 * ra.wells[i].net_signal + 40));
    CHECK(ra.wells[i].net_signal ==
          Approx(ra.wells[i].raw_signal - ra.wells[i].background * ra.wells[i].disc_area_px));
  }
}

TEST_CASE("read_plate_image flags a saturated spot", "[unit]") {
  ScanSpec s;
  s.signal = plate_signals(s.fmt, 5, kGain);
  s.signal[30] = 5e7;  // peak ~ 1e6 grey levels: clipped at 65535
  const Rendered r = render(s);
  const PlateImageReading got = read_plate_image(r.img.cview(), s.fmt, calibrated(s));
  CHECK(got.saturated_spots == 1);
  CHECK((got.wells[30].flags & kWellSaturated) != 0);
  CHECK(got.wells[30].saturated_px > 10);
  CHECK(well_image_flag_names(got.wells[30].flags).find("saturated") != std::string::npos);
  CHECK(got.wells[30].cpm < 5e7 / kGain);  // clipping loses signal: that is why it is flagged
}

TEST_CASE("read_plate_image flags spill-over from a bright well with a halo into a blank neighbour", "[unit]") {
  ScanSpec s;
  s.signal = plate_signals(s.fmt, 9, kGain);
  const std::size_t bright = 3 * 12 + 5, blank = 3 * 12 + 6;  // D06 hot, D07 empty
  s.signal[bright] = 6000 * kGain;
  s.signal[blank] = 0;
  SECTION("no halo: nothing flagged") {
    const Rendered r = render(s);
    const PlateImageReading got = read_plate_image(r.img.cview(), s.fmt, calibrated(s));
    CHECK(got.spillover_wells == 0);
    CHECK(got.wells[blank].spillover_frac < 0.002);
    CHECK(got.wells[blank].spillover_from == got.wells[bright].well);
  }
  SECTION("10 % of the hot well's signal in a halo") {
    for (double& v : s.signal)
      if (&v != &s.signal[bright]) v = std::min(v, 1000 * kGain);  // only D06 is hot
    s.halo_frac = 0.1;
    const Rendered r = render(s);
    const PlateImageReading got = read_plate_image(r.img.cview(), s.fmt, calibrated(s));
    CAPTURE(got.wells[blank].spillover_frac);
    CHECK((got.wells[blank].flags & kWellSpillover) != 0);
    CHECK(got.wells[blank].spillover_from == got.wells[bright].well);
    CHECK(got.wells[blank].spillover_frac > kSpilloverFlagFrac);
    CHECK((got.wells[bright].flags & kWellSpillover) == 0);  // the source is not a victim
  }
}

TEST_CASE("read_plate_image refuses scans that show no plate", "[unit]") {
  ScanSpec s;
  const PlateImageParams p;
  auto expect_no_grid = [&](const Image<u16>& img, PlateFormat f) {
    try {
      read_plate_image(img.cview(), f, p);
      FAIL("a grid was fitted");
    } catch (const InputError& e) {
      CAPTURE(e.what());
      CHECK(std::string(e.what()).rfind("no well grid found: ", 0) == 0);
    }
  };
  SECTION("blank") { expect_no_grid(Image<u16>(420, 300, 1000), s.fmt); }
  SECTION("all zero") { expect_no_grid(Image<u16>(420, 300, 0), s.fmt); }
  SECTION("noise on a ramp") { expect_no_grid(render(s).img, s.fmt); }
  SECTION("a single blob") {
    s.signal.assign(96, 0);
    s.signal[40] = 3000 * kGain;
    expect_no_grid(render(s).img, s.fmt);
  }
  SECTION("scattered blobs of many sizes (a natural image, not a plate)") {
    const std::uint64_t seed = GENERATE(take(3, random(0u, 1000000u)));
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(10, 410), uy(10, 290), size(1.5, 8), amp(500, 4000);
    std::vector<double> acc(420 * 300, 0.0);
    for (int k = 0; k < 90; ++k) {
      const double sg = size(rng);
      add_gaussian(acc, s, ux(rng), uy(rng), amp(rng) * 2 * std::numbers::pi * sg * sg, sg);
    }
    Image<u16> img(420, 300);
    for (std::size_t i = 0; i < acc.size(); ++i) img[i] = u16(std::min(65535.0, 800 + acc[i]));
    expect_no_grid(img, s.fmt);
  }
  SECTION("a 384-well plate read as 96 wells") {
    ScanSpec t;
    t.fmt = {16, 24};
    t.pitch = 14;
    t.width = 380;
    t.height = 260;
    t.signal = plate_signals(t.fmt, 2, kGain);
    expect_no_grid(render(t).img, s.fmt);
  }
}
