// SPDX-License-Identifier: MIT
// PNG via OpenCV imgcodecs: 8/16-bit greyscale; a 3-channel PNG whose channels are all equal
// (greyscale saved as RGB by some viewers) is accepted as grey.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "lysisq/errors.hpp"
#include "readers.hpp"

namespace lysisq::io::detail {
namespace {

template <class T>
Image<u16> to_u16(const cv::Mat& m) {
  Image<u16> out(m.cols, m.rows);
  const int ch = m.channels();
  for (int y = 0; y < m.rows; ++y) {
    const T* src = m.ptr<T>(y);
    u16* dst = out.data() + std::size_t(y) * std::size_t(m.cols);
    for (int x = 0; x < m.cols; ++x) dst[x] = src[std::size_t(x) * std::size_t(ch)];
  }
  return out;
}

template <class T>
bool channels_equal(const cv::Mat& m) {
  for (int y = 0; y < m.rows; ++y) {
    const T* p = m.ptr<T>(y);
    for (int x = 0; x < m.cols; ++x, p += 3)
      if (p[0] != p[1] || p[0] != p[2]) return false;
  }
  return true;
}

}  // namespace

Image<u16> read_png_u16(const std::filesystem::path& file) {
  cv::Mat m;
  try {
    m = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw InputError(file.string() + ": cannot decode PNG (" + e.what() + ")");
  }
  if (m.empty()) throw InputError(file.string() + ": corrupt or truncated PNG (the decoder stopped before the end)");
  const int depth = m.depth();
  if (depth != CV_8U && depth != CV_16U)
    throw InputError(file.string() + ": PNG bit depth not supported; expected 8- or 16-bit greyscale");
  const bool is8 = depth == CV_8U;
  if (m.channels() == 3 && !(is8 ? channels_equal<u8>(m) : channels_equal<u16>(m)))
    throw InputError(file.string() + ": 3 samples per pixel (colour); expected greyscale");
  if (m.channels() != 1 && m.channels() != 3)
    throw InputError(file.string() + ": " + std::to_string(m.channels()) +
                     " samples per pixel (colour or grey with alpha); expected greyscale");
  return is8 ? to_u16<u8>(m) : to_u16<u16>(m);
}

}  // namespace lysisq::io::detail
