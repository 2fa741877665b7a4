// SPDX-License-Identifier: MIT
// Overlay PNGs and report thumbnails: the OpenCV (imgcodecs) side of lysisq/overlay.hpp.
#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/overlay.hpp"

namespace lysisq::io {

namespace {

std::string encode_png(const cv::Mat& bgr, const std::filesystem::path& file) {
  std::vector<uchar> bytes;
  try {
    if (!cv::imencode(".png", bgr, bytes)) throw InputError(file.string() + ": PNG encoding failed");
  } catch (const cv::Exception& e) {
    throw InputError(file.string() + ": PNG encoding failed: " + e.what());
  }
  return std::string(bytes.begin(), bytes.end());
}

/// Box average over factor x factor blocks (the last row/column of blocks may be partial).
cv::Mat shrink_by(const cv::Mat& bgr, int factor) {
  const int w = (bgr.cols + factor - 1) / factor, h = (bgr.rows + factor - 1) / factor;
  cv::Mat out(h, w, CV_8UC3);
  for (int by = 0; by < h; ++by)
    for (int bx = 0; bx < w; ++bx) {
      unsigned sum[3] = {0, 0, 0}, n = 0;
      for (int y = by * factor; y < std::min(bgr.rows, (by + 1) * factor); ++y)
        for (int x = bx * factor; x < std::min(bgr.cols, (bx + 1) * factor); ++x, ++n) {
          const auto& p = bgr.at<cv::Vec3b>(y, x);
          for (int c = 0; c < 3; ++c) sum[c] += p[c];
        }
      auto& q = out.at<cv::Vec3b>(by, bx);
      for (int c = 0; c < 3; ++c) q[c] = static_cast<uchar>((sum[c] + n / 2) / n);
    }
  return out;
}

}  // namespace

void write_rgb_png(const std::filesystem::path& file, const RgbImage& img) {
  if (img.empty()) throw InputError(file.string() + ": cannot write an empty overlay");
  cv::Mat bgr(img.height(), img.width(), CV_8UC3);
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) {
      const Rgb& p = img.at(x, y);
      bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(p[2], p[1], p[0]);
    }
  write_file_atomic(file, encode_png(bgr, file));
}

void write_overlay_png(const std::filesystem::path& file, U16View channel, const LabelImage& labels,
                       std::span<const std::optional<ObjectClass>> classes) {
  write_rgb_png(file, render_overlay(channel, labels.cview(), classes));
}

std::string png_thumbnail(const std::filesystem::path& file, int max_side) {
  LYSISQ_EXPECTS(max_side > 0, "png_thumbnail: max_side must be positive");
  std::error_code ec;
  // Checked here: OpenCV would print its own warning on stderr before returning an empty image.
  if (!std::filesystem::is_regular_file(file, ec)) throw InputError(file.string() + ": no such image file");
  cv::Mat bgr;
  try {
    bgr = cv::imread(file.string(), cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw InputError(file.string() + ": cannot read image: " + e.what());
  }
  if (bgr.empty()) throw InputError(file.string() + ": cannot read image (missing or not an image)");
  const int side = std::max(bgr.cols, bgr.rows);
  const int factor = (side + max_side - 1) / max_side;
  return encode_png(factor > 1 ? shrink_by(bgr, factor) : bgr, file);
}

}  // namespace lysisq::io
