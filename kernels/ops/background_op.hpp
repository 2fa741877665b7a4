// SPDX-License-Identifier: MIT
// Grey-scale erosion/dilation with a flat line segment of 2r+1 samples, by van Herk / Gil-Werman:
// O(1) per sample whatever r. Windows are clipped at the ends of the line, which is the same as
// padding r identity samples (65535 for min, 0 for max) at each end; OpenCV's BORDER_REPLICATE
// and its default constant border for erode/dilate give the same result.
//
// The padded line p[0 .. m) (m = n + 2r) is cut into blocks of k = 2r+1 samples; g is the
// running Op from each block's start, h the running Op from each block's end. A window
// p[i .. i+k) spans at most two blocks, so its value is Op(h[i], g[i+k-1]).
#pragma once
#include <cstddef>
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

struct MinOp {
  static constexpr std::uint16_t kIdentity = 0xFFFF;
  LYSISQ_HD static std::uint16_t apply(std::uint16_t a, std::uint16_t b) { return a < b ? a : b; }
};
struct MaxOp {
  static constexpr std::uint16_t kIdentity = 0;
  LYSISQ_HD static std::uint16_t apply(std::uint16_t a, std::uint16_t b) { return a > b ? a : b; }
};

/// Sample j of a line of n samples (spaced `step` apart) padded with r identity samples each side.
template <class Op>
LYSISQ_HD std::uint16_t vhgw_padded(const std::uint16_t* line, std::ptrdiff_t step, int n, int r, int j) {
  const int i = j - r;
  return (i >= 0 && i < n) ? line[i * step] : Op::kIdentity;
}

/// One block of k = 2r + 1 padded samples starting at j0 (a multiple of k; the last block may be
/// shorter): g[j] = Op from j0 to j, h[j] = Op from j to the block's end. g and h are indexed by
/// padded position j with stride gh_step (1 for a CPU line, the image width for a GPU column).
template <class Op>
LYSISQ_HD void vhgw_block(const std::uint16_t* in, std::ptrdiff_t in_step, int n, int r, int j0,
                          std::uint16_t* g, std::uint16_t* h, std::ptrdiff_t gh_step) {
  const int k = 2 * r + 1, m = n + 2 * r;
  const int j1 = j0 + k < m ? j0 + k : m;
  g[j0 * gh_step] = vhgw_padded<Op>(in, in_step, n, r, j0);
  for (int j = j0 + 1; j < j1; ++j)
    g[j * gh_step] = Op::apply(g[(j - 1) * gh_step], vhgw_padded<Op>(in, in_step, n, r, j));
  h[(j1 - 1) * gh_step] = vhgw_padded<Op>(in, in_step, n, r, j1 - 1);
  for (int j = j1 - 2; j >= j0; --j)
    h[j * gh_step] = Op::apply(h[(j + 1) * gh_step], vhgw_padded<Op>(in, in_step, n, r, j));
}

/// Output sample i (0 <= i < n): the window p[i .. i + 2r] spans at most two blocks.
template <class Op>
LYSISQ_HD std::uint16_t vhgw_window(const std::uint16_t* g, const std::uint16_t* h, std::ptrdiff_t gh_step,
                                    int i, int r) {
  return Op::apply(h[i * gh_step], g[(i + 2 * r) * gh_step]);
}

/// One line: out[i] = Op over the clipped window [i - r, i + r]. g and h are scratch of n + 2r.
template <class Op>
LYSISQ_HD void vhgw_line(const std::uint16_t* in, std::ptrdiff_t in_step, std::uint16_t* out,
                         std::ptrdiff_t out_step, int n, int r, std::uint16_t* g, std::uint16_t* h) {
  const int k = 2 * r + 1, m = n + 2 * r;
  for (int j0 = 0; j0 < m; j0 += k) vhgw_block<Op>(in, in_step, n, r, j0, g, h, 1);
  for (int i = 0; i < n; ++i) out[i * out_step] = vhgw_window<Op>(g, h, 1, i, r);
}

/// White top-hat pixel: the image minus its opening (opening <= image, so never negative).
LYSISQ_HD inline std::uint16_t tophat_pixel(std::uint16_t v, std::uint16_t opened) {
  return static_cast<std::uint16_t>(v - opened);
}

}  // namespace lysisq::ops
