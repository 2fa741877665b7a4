// SPDX-License-Identifier: MIT
// Plate images, step 1: flatten the scan (light smoothing, smooth background removed, noise
// estimate) and detect spot candidates as connected regions above a noise-based level.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "lysisq/errors.hpp"
#include "plate_image_detail.hpp"

namespace lysisq::plate_image_detail {

namespace {

/// Binomial [1 4 6 4 1] / 16 (sigma 1 px) along x then y, borders clamped. Noise SD shrinks by
/// the kernel's L2 norm: (70/256) for the separable 2-D kernel.
constexpr float kBinomial[5] = {1.f / 16, 4.f / 16, 6.f / 16, 4.f / 16, 1.f / 16};
constexpr double kBinomialNoiseGain = 70.0 / 256.0;

/// One 5-tap pass along a line of n samples `in[i * step]`; borders clamped.
template <class T>
void binomial_line(const T* in, std::ptrdiff_t step, int n, float* out, std::ptrdiff_t out_step) {
  auto at = [&](int i) { return float(in[std::ptrdiff_t(std::clamp(i, 0, n - 1)) * step]); };
  for (int i = 0; i < n; ++i) {
    float acc;
    if (i >= 2 && i + 2 < n) {  // interior: no clamping
      const T* p = in + std::ptrdiff_t(i) * step;
      acc = kBinomial[0] * float(p[-2 * step]) + kBinomial[1] * float(p[-step]) + kBinomial[2] * float(p[0]) +
            kBinomial[3] * float(p[step]) + kBinomial[4] * float(p[2 * step]);
    } else {
      acc = 0;
      for (int k = -2; k <= 2; ++k) acc += kBinomial[k + 2] * at(i + k);
    }
    out[std::ptrdiff_t(i) * out_step] = acc;
  }
}

Image<float> smooth_binomial(U16View scan) {
  const int w = scan.width, h = scan.height;
  Image<float> tmp(w, h), out(w, h);
  for (int y = 0; y < h; ++y) binomial_line(scan.row(y), 1, w, tmp.data() + std::ptrdiff_t(y) * w, 1);
  for (int x = 0; x < w; ++x) binomial_line(tmp.data() + x, w, h, out.data() + x, w);
  return out;
}

/// Robust noise SD of the raw scan from horizontal neighbour differences: 1.4826 MAD(d) / sqrt 2.
/// Differences cancel any smooth background and spots change slowly, so the MAD sees the noise.
/// At most ~2 x 10^4 differences are used (every k-th row), plenty for a 1 % precise MAD.
double raw_noise_sd(U16View scan) {
  if (scan.width < 2) return 0;
  const int step = std::max(1, int(scan.pixel_count() / 20000));
  std::vector<float> d;
  d.reserve(scan.pixel_count() / std::size_t(step) + 1);
  for (int y = 0; y < scan.height; y += step)
    for (int x = 0; x + 1 < scan.width; ++x)
      d.push_back(std::fabs(float(scan.at(x + 1, y)) - float(scan.at(x, y))));
  const auto mid = d.begin() + std::ptrdiff_t(d.size() / 2);
  std::nth_element(d.begin(), mid, d.end());
  return 1.4826 * double(*mid) / std::sqrt(2.0);
}

float median_in_place(std::vector<float>& v) {
  const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

/// Background level of one block: median after iterative 3-sigma clipping (sigma from the MAD).
/// Spots are clipped away, and what remains is symmetric about the block's centre value even on
/// a ramp (a low percentile would sit a fixed fraction of the block's ramp below it, enough to
/// lift the floor of the flattened scan above the spot level). `buf` is reordered; `tmp` scratch.
float clipped_median(std::vector<float>& buf, std::vector<float>& tmp) {
  // Start low (25th percentile): on the floor even when spots cover up to 3/4 of the block.
  const auto q = buf.begin() + std::ptrdiff_t(buf.size() / 4);
  std::nth_element(buf.begin(), q, buf.end());
  float m = *q;
  for (int it = 0; it < 3; ++it) {
    tmp.clear();
    for (float v : buf) tmp.push_back(std::fabs(v - m));
    const float limit = 3.f * std::max(0.5f, 1.4826f * median_in_place(tmp));
    tmp.clear();
    for (float v : buf)
      if (std::fabs(v - m) <= limit) tmp.push_back(v);
    if (tmp.empty()) break;
    const float prev = m;
    m = median_in_place(tmp);
    if (std::fabs(m - prev) < 0.05f * limit) break;  // converged: the spots are clipped away
  }
  return m;
}

/// Background by blocks of about one well pitch (clipped median of each block), bilinear between
/// block centres. Follows a ramp or a gentle curvature, never the spots.
Image<float> block_background(const Image<float>& img, int block) {
  const int w = img.width(), h = img.height();
  const int nbx = (w + block - 1) / block, nby = (h + block - 1) / block;
  std::vector<float> level(static_cast<std::size_t>(nbx * nby));
  std::vector<float> cx(static_cast<std::size_t>(nbx)), cy(static_cast<std::size_t>(nby));
  std::vector<float> buf, tmp;
  buf.reserve(std::size_t(block) * std::size_t(block));
  tmp.reserve(buf.capacity());
  for (int by = 0; by < nby; ++by)
    for (int bx = 0; bx < nbx; ++bx) {
      const int x0 = bx * block, y0 = by * block;
      const int x1 = std::min(w, x0 + block), y1 = std::min(h, y0 + block);
      buf.clear();
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) buf.push_back(img.at(x, y));
      level[std::size_t(by) * std::size_t(nbx) + std::size_t(bx)] = clipped_median(buf, tmp);
      cx[std::size_t(bx)] = 0.5f * float(x0 + x1 - 1);
      cy[std::size_t(by)] = 0.5f * float(y0 + y1 - 1);
    }
  // Bilinear weights per axis: index of the left centre and the fraction towards the right one.
  auto axis = [](const std::vector<float>& c, float v, int& i0, float& f) {
    const int n = int(c.size());
    i0 = 0;
    while (i0 + 1 < n - 1 && v > c[std::size_t(i0 + 1)]) ++i0;
    // Linear extrapolation beyond the outer block centres keeps a ramp exact up to the border
    // (clamping would leave the corners half a block of ramp too low: false spots there).
    f = n == 1 ? 0.f : (v - c[std::size_t(i0)]) / (c[std::size_t(i0 + 1)] - c[std::size_t(i0)]);
  };
  Image<float> bg(w, h);
  std::vector<int> ix(static_cast<std::size_t>(w));
  std::vector<float> fx(static_cast<std::size_t>(w));
  for (int x = 0; x < w; ++x) axis(cx, float(x), ix[std::size_t(x)], fx[std::size_t(x)]);
  for (int y = 0; y < h; ++y) {
    int iy = 0;
    float fy = 0;
    axis(cy, float(y), iy, fy);
    const int iy1 = std::min(iy + 1, nby - 1);
    for (int x = 0; x < w; ++x) {
      const int i0 = ix[std::size_t(x)], i1 = std::min(i0 + 1, nbx - 1);
      const float f = fx[std::size_t(x)];
      auto at = [&](int bx, int by) { return level[std::size_t(by) * std::size_t(nbx) + std::size_t(bx)]; };
      const float top = at(i0, iy) + f * (at(i1, iy) - at(i0, iy));
      const float bot = at(i0, iy1) + f * (at(i1, iy1) - at(i0, iy1));
      bg.at(x, y) = top + fy * (bot - top);
    }
  }
  return bg;
}

}  // namespace

void no_grid(const std::string& why) { throw InputError("no well grid found: " + why); }

double FlatScan::threshold() const { return kSpotSigmas * noise_sd; }

FlatScan flatten_scan(U16View scan, PlateFormat fmt) {
  FlatScan s;
  s.flat = smooth_binomial(scan);
  // Half a grey level after smoothing: the floor for noiseless (e.g. blank or synthetic) scans.
  s.noise_sd = std::max(0.5, raw_noise_sd(scan) * kBinomialNoiseGain);
  const int pitch_bound = std::max(scan.width / std::max(1, fmt.cols), scan.height / std::max(1, fmt.rows));
  s.background = block_background(s.flat, std::max(4, pitch_bound));
  for (std::size_t i = 0; i < s.flat.size(); ++i) s.flat[i] -= s.background[i];
  return s;
}

std::vector<Spot> detect_spots(const FlatScan& s) {
  // 8-connected regions above the threshold, by flood fill with one reused stack: sequential and
  // allocation-light (a scan has ~100-400 small spots; a threaded labeller only adds overhead).
  const Image<float>& f = s.flat;
  const int w = f.width(), h = f.height();
  const float t = float(s.threshold());
  Mask seen(w, h);
  std::vector<Spot> acc;
  std::vector<std::pair<int, int>> stack;
  for (int y0 = 0; y0 < h; ++y0)
    for (int x0 = 0; x0 < w; ++x0) {
      if (seen.at(x0, y0) || !(f.at(x0, y0) > t)) continue;
      Spot sp;
      seen.at(x0, y0) = 1;
      stack.assign(1, {x0, y0});
      while (!stack.empty()) {
        const auto [x, y] = stack.back();
        stack.pop_back();
        const double v = f.at(x, y);
        sp.mass += v;
        sp.x += v * x;
        sp.y += v * y;
        sp.area += 1;
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = x + dx, ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h || seen.at(nx, ny) || !(f.at(nx, ny) > t)) continue;
            seen.at(nx, ny) = 1;
            stack.push_back({nx, ny});
          }
      }
      acc.push_back(sp);
    }
  std::vector<int> areas;
  for (const Spot& sp : acc) areas.push_back(sp.area);
  int median_area = 0;
  if (!areas.empty()) {
    std::nth_element(areas.begin(), areas.begin() + std::ptrdiff_t(areas.size() / 2), areas.end());
    median_area = areas[areas.size() / 2];
  }
  // Specks of 1-2 px (hot pixels, dust) and fragments far below the typical spot are not wells.
  const int min_area = std::max(3, median_area / 10);
  std::vector<Spot> spots;
  for (Spot sp : acc) {
    if (sp.area < min_area || sp.mass <= 0) continue;
    sp.x /= sp.mass;
    sp.y /= sp.mass;
    spots.push_back(sp);
  }
  return spots;
}

}  // namespace lysisq::plate_image_detail
