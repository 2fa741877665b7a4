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

// Columns run the same recurrences, but a whole padded row at a time, so memory is read along
// rows (a column-at-a-time walk would touch a new cache line per sample). g and h hold the
// padded image (height + 2r rows); blocks of k rows are independent.
template <class Op>
void pass_cols(U16View in, U16Out out, int r) {
  const int w = in.width, n = in.height, k = 2 * r + 1, m = n + 2 * r;
  const bool par = go_parallel(in.pixel_count());
  std::vector<u16> g(std::size_t(m) * w), h(g.size());
  const std::vector<u16> pad(std::size_t(w), Op::kIdentity);
  auto src = [&](int j) { return (j - r >= 0 && j - r < n) ? in.row(j - r) : pad.data(); };
  auto at = [w](std::vector<u16>& v, int j) { return v.data() + std::size_t(j) * w; };
  const int blocks = (m + k - 1) / k;
#pragma omp parallel for schedule(static) if (par)
  for (int b = 0; b < blocks; ++b) {
    const int j0 = b * k, j1 = std::min(m, j0 + k);
    for (int j = j0; j < j1; ++j) {
      const u16* v = src(j);
      u16* gj = at(g, j);
      if (ops::vhgw_block_start(j, k)) std::copy(v, v + w, gj);
      else for (int x = 0; x < w; ++x) gj[x] = Op::apply(gj[x - w], v[x]);
    }
    for (int j = j1 - 1; j >= j0; --j) {
      const u16* v = src(j);
      u16* hj = at(h, j);
      if (ops::vhgw_block_end(j, k, m)) std::copy(v, v + w, hj);
      else for (int x = 0; x < w; ++x) hj[x] = Op::apply(hj[x + w], v[x]);
    }
  }
#pragma omp parallel for schedule(static) if (par)
  for (int y = 0; y < n; ++y) {
    const u16* hy = at(h, y);
    const u16* gy = at(g, y + k - 1);
    u16* o = out.row(y);
    for (int x = 0; x < w; ++x) o[x] = Op::apply(hy[x], gy[x]);
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
