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

/// True where the forward scan g restarts (first sample of a block).
LYSISQ_HD inline bool vhgw_block_start(int j, int k) { return j % k == 0; }

/// True where the backward scan h restarts (last sample of a block, or of the padded line).
LYSISQ_HD inline bool vhgw_block_end(int j, int k, int m) { return j % k == k - 1 || j == m - 1; }

/// One line: out[i] = Op over the clipped window [i - r, i + r]. g and h are scratch of n + 2r.
template <class Op>
LYSISQ_HD void vhgw_line(const std::uint16_t* in, std::ptrdiff_t in_step, std::uint16_t* out,
                         std::ptrdiff_t out_step, int n, int r, std::uint16_t* g, std::uint16_t* h) {
  const int k = 2 * r + 1, m = n + 2 * r;
  for (int j = 0; j < m; ++j) {
    const std::uint16_t v = vhgw_padded<Op>(in, in_step, n, r, j);
    g[j] = vhgw_block_start(j, k) ? v : Op::apply(g[j - 1], v);
  }
  for (int j = m - 1; j >= 0; --j) {
    const std::uint16_t v = vhgw_padded<Op>(in, in_step, n, r, j);
    h[j] = vhgw_block_end(j, k, m) ? v : Op::apply(h[j + 1], v);
  }
  for (int i = 0; i < n; ++i) out[i * out_step] = Op::apply(h[i], g[i + k - 1]);
}

/// White top-hat pixel: the image minus its opening (opening <= image, so never negative).
LYSISQ_HD inline std::uint16_t tophat_pixel(std::uint16_t v, std::uint16_t opened) {
  return static_cast<std::uint16_t>(v - opened);
}

}  // namespace lysisq::ops
