// SPDX-License-Identifier: MIT
// The device's filter drivers (kernels/cuda/filters.cu) emulated on the host with the same ops
// calls and the same data layout: van Herk column passes over chunks of columns (g/h with stride
// = chunk width, one thread per (column, block)) and transposes for the rows; the Gaussian as a
// padded row pass through ops::gaussian_taps and a column pass of gaussian_centre/tap_step,
// with the top-hat fused into the row pass. Top-hat must equal the CPU twin and a naive
// clipped-window oracle; the Gaussian must equal the CPU twin bit for bit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "kernels/ops/background_op.hpp"
#include "kernels/ops/smooth_op.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

using namespace lysisq;

namespace {

using Plane = std::vector<u16>;

/// column_pass<Op> of filters.cu with `cols` columns per chunk (radius clamped as there).
template <class Op>
Plane column_pass(const Plane& in, int width, int n, int r, int cols) {
  r = std::min(r, n - 1);
  const int k = 2 * r + 1, m = n + 2 * r, nblocks = (m + k - 1) / k;
  Plane out(in.size()), g(std::size_t(m) * cols), h(g.size());
  for (int x0 = 0; x0 < width; x0 += cols) {
    const int c = std::min(cols, width - x0);
    for (int b = nblocks - 1; b >= 0; --b)  // any thread order: blocks write disjoint rows
      for (int cx = 0; cx < c; ++cx)
        ops::vhgw_block<Op>(in.data() + x0 + cx, width, n, r, b * k, g.data() + cx, h.data() + cx, c);
    for (int i = 0; i < n; ++i)
      for (int cx = 0; cx < c; ++cx)
        out[std::size_t(i) * width + std::size_t(x0 + cx)] = ops::vhgw_window<Op>(g.data() + cx, h.data() + cx, c, i, r);
  }
  return out;
}

Plane transpose(const Plane& in, int width, int height) {
  Plane out(in.size());
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) out[std::size_t(x) * height + y] = in[std::size_t(y) * width + x];
  return out;
}

/// opening() of filters.cu.
Plane device_opening(const Plane& in, int w, int h, int r, int cols) {
  Plane a = column_pass<ops::MinOp>(in, w, h, r, cols);
  a = transpose(a, w, h);
  a = column_pass<ops::MinOp>(a, h, w, r, cols);
  a = column_pass<ops::MaxOp>(a, h, w, r, cols);
  a = transpose(a, h, w);
  return column_pass<ops::MaxOp>(a, w, h, r, cols);
}

/// Independent oracle: min then max over clipped (2r+1)^2 windows, by brute force.
Plane naive_opening(const Plane& in, int w, int h, int r) {
  auto window = [&](const Plane& src, bool is_min) {
    Plane out(src.size());
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        u16 v = is_min ? 65535 : 0;
        for (int yy = std::max(0, y - r); yy <= std::min(h - 1, y + r); ++yy)
          for (int xx = std::max(0, x - r); xx <= std::min(w - 1, x + r); ++xx) {
            const u16 s = src[std::size_t(yy) * w + xx];
            v = is_min ? std::min(v, s) : std::max(v, s);
          }
        out[std::size_t(y) * w + x] = v;
      }
    return out;
  };
  return window(window(in, true), false);
}

/// smooth() of filters.cu on (in - sub) (sub may be empty).
Plane device_smooth(const Plane& in, const Plane& sub, int w, int h, double sigma) {
  const int radius = ops::gaussian_radius(sigma);
  std::vector<float> wt(std::size_t(radius) + 1);
  ops::gaussian_half_kernel(sigma, radius, wt.data());
  std::vector<float> tmp(in.size()), line(std::size_t(w) + 2 * std::size_t(radius));
  for (int y = 0; y < h; ++y) {  // gauss_rows_kernel with one block spanning the row
    for (int j = 0; j < w + 2 * radius; ++j) {
      const std::size_t p = std::size_t(y) * w + std::size_t(ops::reflect101(j - radius, w));
      line[std::size_t(j)] = float(sub.empty() ? in[p] : ops::tophat_pixel(in[p], sub[p]));
    }
    for (int x = 0; x < w; ++x) tmp[std::size_t(y) * w + x] = ops::gaussian_taps(line.data() + radius + x, wt.data(), radius);
  }
  Plane out(in.size());
  for (int y = 0; y < h; ++y)  // gauss_cols_kernel
    for (int x = 0; x < w; ++x) {
      auto at = [&](int yy) { return tmp[std::size_t(ops::reflect101(yy, h)) * w + x]; };
      float acc = ops::gaussian_centre(wt[0], at(y));
      for (int i = 1; i <= radius; ++i) acc = ops::gaussian_tap_step(acc, wt[std::size_t(i)], at(y - i), at(y + i));
      out[std::size_t(y) * w + x] = ops::round_to_u16(acc);
    }
  return out;
}

}  // namespace

TEST_CASE("filters: chunked van Herk columns + transposes give the CPU top-hat", "[ops]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{37, 29}, std::pair{1, 23}, std::pair{23, 1}, std::pair{64, 9});
  const int r = GENERATE(0, 1, 4, 30);
  const int cols = GENERATE(32, 1000);  // several chunks, or one
  CAPTURE(seed, w, h, r, cols);
  const Image<u16> img = test::random_blobs(w, h, 4, seed);
  const Plane in = img.pixels();
  const Plane open = device_opening(in, w, h, r, cols);
  REQUIRE(open == naive_opening(in, w, h, r));
  Plane tophat(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) tophat[i] = ops::tophat_pixel(in[i], open[i]);
  REQUIRE(tophat == subtract_background(img.cview(), {BackgroundMethod::kTophat, r}, Backend::kCpu).pixels());
}

TEST_CASE("filters: device Gaussian order is bit-identical to the CPU twin, top-hat fused", "[ops]") {
  const std::uint32_t seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto [w, h] = GENERATE(std::pair{41, 30}, std::pair{1, 17}, std::pair{17, 1}, std::pair{5, 6});
  const double sigma = GENERATE(0.0, 0.5, 1.3, 2.0, 4.0);  // 4.0: radius 12 > the small sides
  CAPTURE(seed, w, h, sigma);
  const Image<u16> img = test::random_blobs(w, h, 3, seed);
  REQUIRE(device_smooth(img.pixels(), {}, w, h, sigma) == smooth(img.cview(), {sigma}, Backend::kCpu).pixels());
  const BackgroundParams bg{BackgroundMethod::kTophat, 3};
  const Image<u16> flat = subtract_background(img.cview(), bg, Backend::kCpu);
  const Plane open = naive_opening(img.pixels(), w, h, 3);
  REQUIRE(device_smooth(img.pixels(), open, w, h, sigma) == smooth(flat.cview(), {sigma}, Backend::kCpu).pixels());
}
