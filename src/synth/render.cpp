// SPDX-License-Identifier: MIT
// Renders one synthetic field: noise-free signal layers (textured, anti-aliased nuclei; labelled
// target bodies with a bleed-through halo), a Gaussian blur for the optics, then background
// (offset, linear ramp, vignetting), Poisson shot noise and Gaussian read noise, rounded to u16.
#include <algorithm>
#include <cmath>

#include "rng.hpp"
#include "synth_detail.hpp"

namespace lysisq::synth::detail {

namespace {

constexpr double kTextureCellPx = 3.0;    ///< lattice spacing of the chromatin texture
constexpr double kNucleusTexture = 0.15;  ///< +-15 % texture on nuclei
constexpr double kBodyTexture = 0.08;     ///< cytoplasmic label is smoother
constexpr double kHaloFraction = 0.12;    ///< bleed-through just outside a body, of its level
constexpr double kHaloLengthPx = 3.0;     ///< e-folding length of the halo
constexpr double kCameraOffset = 100;     ///< camera bias, grey values
constexpr double kBackground[3] = {50, 70, 40};  ///< autofluorescence / out-of-focus light per channel
/// A 12-bit CCD-like camera: 4 photoelectrons per grey value, so the shot noise of a background
/// of 50 grey values is sqrt(200) / 4 = 3.5 grey values; read noise 6 e- = 1.5 grey values.
constexpr double kElectronsPerGrey = 8.0;
constexpr double kReadNoiseSd = 1.5;      ///< grey values
constexpr double kFullScale = 4095;       ///< 12-bit camera

struct Layers {
  int w, h;
  std::array<std::vector<float>, 3> sig;
  std::vector<float> best_rho;  ///< nearest nucleus so far (normalised radius), for the labels
  LabelImage labels;
  Layers(int width, int height)
      : w(width), h(height), best_rho(std::size_t(width) * std::size_t(height), 1.0f), labels(width, height) {
    for (auto& s : sig) s.assign(best_rho.size(), 0.0f);
  }
  std::size_t at(int x, int y) const { return std::size_t(y) * std::size_t(w) + std::size_t(x); }
};

/// Smooth value noise in [-1, 1]: bilinear (smoothstep) interpolation of hashed lattice values.
double value_noise(std::uint64_t key, double x, double y) {
  const double gx = x / kTextureCellPx, gy = y / kTextureCellPx;
  const double fx0 = std::floor(gx), fy0 = std::floor(gy);
  const int ix = int(fx0), iy = int(fy0);
  double fx = gx - fx0, fy = gy - fy0;
  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  const double top = hash_signed(key, ix, iy) * (1 - fx) + hash_signed(key, ix + 1, iy) * fx;
  const double bottom = hash_signed(key, ix, iy + 1) * (1 - fx) + hash_signed(key, ix + 1, iy + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/// Nucleus into w1 and w3 (max-composited: neighbours sit side by side, not stacked) and into the
/// label image (a pixel centre with rho < 1 belongs to the nucleus whose rho is smallest).
void draw_nucleus(Layers& L, const Cell& c, int label) {
  const int x0 = std::max(0, int(std::floor(c.x - c.a - 2))), x1 = std::min(L.w - 1, int(std::ceil(c.x + c.a + 2)));
  const int y0 = std::max(0, int(std::floor(c.y - c.a - 2))), y1 = std::min(L.h - 1, int(std::ceil(c.y + c.a + 2)));
  const double ct = std::cos(c.theta), st = std::sin(c.theta);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const double dx = x - c.x, dy = y - c.y;
      const double u = (dx * ct + dy * st) / c.a, v = (-dx * st + dy * ct) / c.b;
      const double rho = std::sqrt(u * u + v * v), dist = std::hypot(dx, dy);
      // Signed distance to the outline along the ray from the centre (exact for circles, close
      // for these mild ellipses); a 1 px ramp around it anti-aliases the edge.
      const double edge = rho > 1e-9 ? dist * (1.0 - 1.0 / rho) : -c.b;
      const double cover = std::clamp(0.5 - edge, 0.0, 1.0);
      if (cover <= 0) continue;
      const double tex = 1.0 + kNucleusTexture * value_noise(c.texture_key, x, y);
      const std::size_t i = L.at(x, y);
      L.sig[0][i] = std::max(L.sig[0][i], float(cover * c.level[0] * tex));
      L.sig[2][i] = std::max(L.sig[2][i], float(cover * c.level[2] * tex));
      if (rho < 1.0 && float(rho) < L.best_rho[i]) {
        L.best_rho[i] = float(rho);
        L.labels[i] = label;
      }
    }
}

/// Target cell body into w2: a disc with a faint exponential halo that reaches neighbours.
void draw_body(Layers& L, const Cell& c) {
  const double reach = c.body_r + 5 * kHaloLengthPx;
  const int x0 = std::max(0, int(std::floor(c.body_x - reach))), x1 = std::min(L.w - 1, int(std::ceil(c.body_x + reach)));
  const int y0 = std::max(0, int(std::floor(c.body_y - reach))), y1 = std::min(L.h - 1, int(std::ceil(c.body_y + reach)));
  const std::uint64_t key = c.texture_key ^ 0xB0D1ull;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const double edge = std::hypot(x - c.body_x, y - c.body_y) - c.body_r;
      const double body = std::clamp(0.5 - edge, 0.0, 1.0);
      const double halo = kHaloFraction * std::exp(-std::max(edge, 0.0) / kHaloLengthPx);
      const double tex = body > 0 ? 1.0 + kBodyTexture * value_noise(key, x, y) : 1.0;
      const std::size_t i = L.at(x, y);
      L.sig[1][i] = std::max(L.sig[1][i], float(c.level[1] * std::max(body * tex, halo)));
    }
}

/// Normalised Gaussian taps for `sigma`, radius max(3, ceil(3 sigma)): radius 3 for the normal
/// optics (sigma 0.8, as before faults existed, so clean plates keep their bytes).
std::vector<float> gaussian_taps(double sigma) {
  const int r = std::max(3, int(std::ceil(3 * sigma)));
  std::vector<double> k(std::size_t(2 * r + 1));
  double sum = 0;
  for (int i = -r; i <= r; ++i) sum += k[std::size_t(i + r)] = std::exp(-i * i / (2 * sigma * sigma));
  std::vector<float> taps;
  for (double v : k) taps.push_back(float(v / sum));
  return taps;
}

/// Separable Gaussian blur in place, edges clamped; `tmp` is reused between channels.
void blur(std::vector<float>& img, std::vector<float>& tmp, int w, int h, const std::vector<float>& k) {
  const int kR = int(k.size() / 2);
  tmp.resize(img.size());
  auto idx = [w](int x, int y) { return std::size_t(y) * std::size_t(w) + std::size_t(x); };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float acc = 0;
      for (int i = -kR; i <= kR; ++i) acc += k[i + kR] * img[idx(std::clamp(x + i, 0, w - 1), y)];
      tmp[idx(x, y)] = acc;
    }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float acc = 0;
      for (int i = -kR; i <= kR; ++i) acc += k[i + kR] * tmp[idx(x, std::clamp(y + i, 0, h - 1))];
      img[idx(x, y)] = acc;
    }
}

/// Illumination of the field: vignetting (shared by all channels: same optics) and one linear
/// background ramp per channel (uneven excitation), drawn per field.
struct Illumination {
  double cx, cy, inv_r2, vignette;
  std::array<double, 3> ramp_cos, ramp_sin, ramp_amp;
};

Illumination draw_illumination(int w, int h, Rng& rng) {
  Illumination il{};
  il.cx = w * rng.uniform(0.45, 0.55);
  il.cy = h * rng.uniform(0.45, 0.55);
  il.inv_r2 = 1.0 / (0.25 * (double(w) * w + double(h) * h));
  il.vignette = rng.uniform(0.15, 0.25);  // corners get 75-85 % of the centre's light
  for (int c = 0; c < 3; ++c) {
    const double phi = rng.uniform(0.0, 6.283185307179586);
    il.ramp_cos[std::size_t(c)] = std::cos(phi) / (0.5 * std::max(w, h));
    il.ramp_sin[std::size_t(c)] = std::sin(phi) / (0.5 * std::max(w, h));
    il.ramp_amp[std::size_t(c)] = rng.uniform(0.1, 0.3);  // background +-10-30 % across the field
  }
  return il;
}

Image<u16> compose_channel(const std::vector<float>& sig, int c, const Illumination& il, int w, int h, Rng& rng) {
  Image<u16> out(w, h);
  const std::size_t k = std::size_t(c);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double dx = x - il.cx, dy = y - il.cy;
      const double light = 1.0 - il.vignette * (dx * dx + dy * dy) * il.inv_r2;
      const double ramp = 1.0 + il.ramp_amp[k] * (dx * il.ramp_cos[k] + dy * il.ramp_sin[k]);
      const std::size_t i = std::size_t(y) * std::size_t(w) + std::size_t(x);
      const double electrons = kElectronsPerGrey * light * (kBackground[k] * ramp + sig[i]);
      const double v = kCameraOffset + rng.poisson(electrons) / kElectronsPerGrey + kReadNoiseSd * rng.normal();
      out[i] = u16(std::clamp(std::floor(v + 0.5), 0.0, kFullScale));
    }
  return out;
}

/// An over-exposed field: the gain that maps the 94th percentile to 65535, so that at least 6 %
/// of the pixels (the bright nuclear cores) clip there; the rest keeps its shape, scaled.
void saturate(Image<u16>& img) {
  std::vector<u16> v(img.data(), img.data() + img.size());
  const auto k = static_cast<std::ptrdiff_t>(double(v.size()) * 0.94);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  const double gain = 65535.0 / std::max<double>(1.0, v[std::size_t(k)]);
  for (std::size_t i = 0; i < img.size(); ++i)
    img[i] = u16(std::min(65535.0, std::floor(img[i] * gain + 0.5)));
}

}  // namespace

FieldImages render_field(const std::vector<Cell>& cells, int width, int height, const FieldSpec& f) {
  Layers L(width, height);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].body_r > 0) draw_body(L, cells[i]);
    draw_nucleus(L, cells[i], int(i + 1));
  }
  std::vector<float> tmp;
  const std::vector<float> taps = gaussian_taps(f.blur_sigma_px);
  for (auto& s : L.sig) blur(s, tmp, width, height, taps);

  const std::uint64_t key = f.key;
  Rng illum_rng(derive(key, 2));
  const Illumination il = draw_illumination(width, height, illum_rng);
  FieldImages out;
  for (int c = 0; c < 3; ++c) {
    Rng noise(derive(key, 10 + std::uint64_t(c)));
    out.channels[std::size_t(c)] = compose_channel(L.sig[std::size_t(c)], c, il, width, height, noise);
  }
  if (f.saturate_nuclear) saturate(out.channels[0]);
  out.labels = std::move(L.labels);
  return out;
}

}  // namespace lysisq::synth::detail
