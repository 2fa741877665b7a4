// SPDX-License-Identifier: MIT
// Gaussian smoothing on the CPU: a row pass into a float image, then a column pass that walks
// whole rows (cache-friendly, vectorisable) and rounds to u16.
#include "smooth_cpu.hpp"

#include <vector>

#include "kernels/ops/smooth_op.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {
namespace {

// Both passes sweep a whole row per tap (ops::gaussian_taps' order, loops interchanged) so the
// inner loop runs along x and vectorises.
void rows_pass(U16View in, std::vector<float>& tmp, const std::vector<float>& w, int radius) {
  const int n = in.width;
  const bool par = go_parallel(in.pixel_count());
#pragma omp parallel if (par)
  {
    std::vector<float> line(std::size_t(n) + 2 * std::size_t(radius));  // reflect-101 padded row
#pragma omp for schedule(static)
    for (int y = 0; y < in.height; ++y) {
      const u16* src = in.row(y);
      float* c = line.data() + radius;
      for (int x = 0; x < n; ++x) c[x] = src[x];
      for (int j = 1; j <= radius; ++j) c[-j] = src[ops::reflect101(-j, n)], c[n - 1 + j] = src[ops::reflect101(n - 1 + j, n)];
      float* dst = tmp.data() + std::size_t(y) * n;
      for (int x = 0; x < n; ++x) dst[x] = w[0] * c[x];
      for (int i = 1; i <= radius; ++i)
        for (int x = 0; x < n; ++x) dst[x] = ops::gaussian_tap_step(dst[x], w[std::size_t(i)], c[x - i], c[x + i]);
    }
  }
}

void cols_pass(const std::vector<float>& tmp, Image<u16>& out, const std::vector<float>& w, int radius) {
  const int n = out.width(), h = out.height();
  const bool par = go_parallel(out.size());
  auto row = [&](int y) { return tmp.data() + std::size_t(ops::reflect101(y, h)) * n; };
#pragma omp parallel if (par)
  {
    std::vector<float> acc(static_cast<std::size_t>(n));
#pragma omp for schedule(static)
    for (int y = 0; y < h; ++y) {
      const float* c = row(y);
      for (int x = 0; x < n; ++x) acc[std::size_t(x)] = w[0] * c[x];
      for (int i = 1; i <= radius; ++i) {
        const float* up = row(y - i);
        const float* down = row(y + i);
        for (int x = 0; x < n; ++x) acc[std::size_t(x)] = ops::gaussian_tap_step(acc[std::size_t(x)], w[std::size_t(i)], up[x], down[x]);
      }
      u16* o = out.data() + std::size_t(y) * n;
      for (int x = 0; x < n; ++x) o[x] = ops::round_to_u16(acc[std::size_t(x)]);
    }
  }
}

}  // namespace

Image<u16> smooth(U16View img, const SmoothParams& p) {
  if (p.sigma_px == 0.0) return to_image(img);
  const int radius = ops::gaussian_radius(p.sigma_px);
  std::vector<float> w(std::size_t(radius) + 1);
  ops::gaussian_half_kernel(p.sigma_px, radius, w.data());
  std::vector<float> tmp(img.pixel_count());
  rows_pass(img, tmp, w, radius);
  Image<u16> out(img.width, img.height);
  cols_pass(tmp, out, w, radius);
  return out;
}

}  // namespace lysisq::cpu
