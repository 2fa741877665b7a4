// SPDX-License-Identifier: MIT
// The phosphor scan of a synthetic 51Cr plate: blurred-disc spots holding each well's signal,
// a seeded background ramp, read noise and signal-dependent (shot-like) noise.
#include <algorithm>
#include <cmath>
#include <vector>

#include "chromium_detail.hpp"
#include "lysisq/synth.hpp"
#include "rng.hpp"

namespace lysisq::synth {

namespace {

using namespace chromium_detail;

/// Read noise of the scanner (grey levels) and the shot-like term: variance 0.5 per grey level of
/// spot signal, so bright spots are noisier, as photostimulated luminescence is.
constexpr double kReadNoise = 12;
constexpr double kShotVarPerLevel = 0.5;

/// Adds one spot: profile 0.5 erfc((r - r0) / (sqrt 2 sigma)) (a disc of radius r0 blurred by a
/// Gaussian of sigma, in the usual edge approximation), scaled so that the pixels it touches sum
/// to `signal` exactly. `buf` holds the profile between the two passes (no per-pixel allocation).
void add_spot(std::vector<double>& acc, int width, int height, double x, double y, double signal, double pitch,
              std::vector<double>& buf) {
  const double r0 = kSpotRadiusFrac * pitch, sigma = kSpotBlurFrac * pitch, reach = kSpotReachFrac * pitch;
  const int x0 = std::max(0, int(std::floor(x - reach))), x1 = std::min(width - 1, int(std::ceil(x + reach)));
  const int y0 = std::max(0, int(std::floor(y - reach))), y1 = std::min(height - 1, int(std::ceil(y + reach)));
  buf.clear();
  double sum = 0;
  for (int py = y0; py <= y1; ++py)
    for (int px = x0; px <= x1; ++px) {
      const double r = std::hypot(px - x, py - y);
      const double v = r <= reach ? 0.5 * std::erfc((r - r0) / (std::sqrt(2.0) * sigma)) : 0.0;
      buf.push_back(v);
      sum += v;
    }
  if (sum <= 0) return;
  const double scale = signal / sum;
  std::size_t k = 0;
  for (int py = y0; py <= y1; ++py)
    for (int px = x0; px <= x1; ++px) acc[std::size_t(py) * std::size_t(width) + std::size_t(px)] += scale * buf[k++];
}

}  // namespace

Image<u16> render_chromium_scan(const ChromiumSynthParams& p, const ChromiumPlateTruth& truth) {
  const ChromiumScanTruth& s = truth.scan;
  std::vector<double> acc(std::size_t(s.width) * std::size_t(s.height), 0.0), buf;
  for (const ChromiumWellTruth& w : truth.wells)
    if (w.scan_signal > 0) add_spot(acc, s.width, s.height, w.x_px, w.y_px, w.scan_signal, s.pitch_px, buf);

  // An uneven background: base 1200-1600 grey levels, a ramp of up to +-500 across the width and
  // +-300 down the height (uneven exposure or plate fog), always positive.
  detail::Rng bg_rng(detail::derive(p.seed, kBackgroundStream));
  const double base = bg_rng.uniform(1200, 1600), ramp_x = bg_rng.uniform(-500, 500), ramp_y = bg_rng.uniform(-300, 300);
  detail::Rng noise(detail::derive(p.seed, kNoiseStream));
  Image<u16> img(s.width, s.height);
  for (int y = 0; y < s.height; ++y)
    for (int x = 0; x < s.width; ++x) {
      const double spot = acc[std::size_t(y) * std::size_t(s.width) + std::size_t(x)];
      const double bg = base + ramp_x * (x / double(s.width) - 0.5) + ramp_y * (y / double(s.height) - 0.5);
      const double sd = std::sqrt(kReadNoise * kReadNoise + kShotVarPerLevel * spot);
      const double v = std::round(bg + spot + sd * noise.normal());
      img.at(x, y) = u16(std::clamp(v, 0.0, 65535.0));
    }
  return img;
}

}  // namespace lysisq::synth
