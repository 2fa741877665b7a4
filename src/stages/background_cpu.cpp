// SPDX-License-Identifier: MIT
// White top-hat on the CPU: opening = erosion then dilation by a (2r+1)^2 square, each done as a
// row pass and a column pass of the van Herk / Gil-Werman running min/max (kernels/ops).
#include "background_cpu.hpp"

#include <algorithm>
#include <vector>

#include "kernels/ops/background_op.hpp"
#include "parallel_cpu.hpp"

namespace lysisq::cpu {
namespace {

using U16Out = ImageView<u16>;

// Every row is an independent line; each thread keeps its own g/h scratch.
template <class Op>
void pass_rows(U16View in, U16Out out, int r) {
  const int n = in.width;
  const bool par = go_parallel(in.pixel_count());
#pragma omp parallel if (par)
  {
    std::vector<u16> g(std::size_t(n) + 2 * std::size_t(r)), h(g.size());
#pragma omp for schedule(static)
    for (int y = 0; y < in.height; ++y) ops::vhgw_line<Op>(in.row(y), 1, out.row(y), 1, n, r, g.data(), h.data());
  }
}

// Columns run the same recurrences on strips of kStrip columns, a whole strip row at a time, so
// memory is read along rows (a column-at-a-time walk would touch a new cache line per sample) and
// the inner loops vectorise. Each thread's g/h scratch holds one padded strip (height + 2r rows).
constexpr int kStrip = 128;

template <class Op>
void pass_cols(U16View in, U16Out out, int r) {
  const int w = in.width, n = in.height, k = 2 * r + 1, m = n + 2 * r;
  const bool par = go_parallel(in.pixel_count());
  const std::vector<u16> pad(std::size_t(w), Op::kIdentity);
  auto src = [&](int j) { return (j - r >= 0 && j - r < n) ? in.row(j - r) : pad.data(); };
  const int strips = (w + kStrip - 1) / kStrip;
#pragma omp parallel if (par)
  {
    std::vector<u16> g(std::size_t(m) * kStrip), h(g.size());
#pragma omp for schedule(static)
    for (int s = 0; s < strips; ++s) {
      const int x0 = s * kStrip, sw = std::min(kStrip, w - x0);
      for (int j0 = 0; j0 < m; j0 += k) {
        const int j1 = std::min(m, j0 + k);
        std::copy_n(src(j0) + x0, sw, &g[std::size_t(j0) * kStrip]);
        for (int j = j0 + 1; j < j1; ++j) {
          const u16* v = src(j) + x0;
          u16* gj = &g[std::size_t(j) * kStrip];
          for (int x = 0; x < sw; ++x) gj[x] = Op::apply(gj[x - kStrip], v[x]);
        }
        std::copy_n(src(j1 - 1) + x0, sw, &h[std::size_t(j1 - 1) * kStrip]);
        for (int j = j1 - 2; j >= j0; --j) {
          const u16* v = src(j) + x0;
          u16* hj = &h[std::size_t(j) * kStrip];
          for (int x = 0; x < sw; ++x) hj[x] = Op::apply(hj[x + kStrip], v[x]);
        }
      }
      for (int y = 0; y < n; ++y) {
        const u16* hy = &h[std::size_t(y) * kStrip];
        const u16* gy = &g[std::size_t(y + k - 1) * kStrip];
        u16* o = out.row(y) + x0;
        for (int x = 0; x < sw; ++x) o[x] = Op::apply(hy[x], gy[x]);
      }
    }
  }
}

}  // namespace

Image<u16> subtract_background(U16View img, const BackgroundParams& p) {
  if (p.method == BackgroundMethod::kNone) return to_image(img);
  const int r = p.radius_px;
  Image<u16> a(img.width, img.height), b(img.width, img.height);
  pass_rows<ops::MinOp>(img, a.view(), r);
  pass_cols<ops::MinOp>(a.cview(), b.view(), r);  // b = erosion
  pass_rows<ops::MaxOp>(b.cview(), a.view(), r);
  pass_cols<ops::MaxOp>(a.cview(), b.view(), r);  // b = opening
  const bool par = go_parallel(img.pixel_count());
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < img.height; ++y) {
    const u16* v = img.row(y);
    u16* o = b.view().row(y);
    for (int x = 0; x < img.width; ++x) o[x] = ops::tophat_pixel(v[x], o[x]);
  }
  return b;
}

}  // namespace lysisq::cpu
