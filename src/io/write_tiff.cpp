// SPDX-License-Identifier: MIT
// 16-bit greyscale TIFF writers (images and label images), atomic via write_atomically().
#include <algorithm>
#include <cstring>
#include <vector>

#include "atomic_write.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "tiff_file.hpp"

namespace lysisq::io {
namespace {

namespace fs = std::filesystem;

// ~64 KiB strips: deflate compresses a large strip better than libtiff's 8 KiB default, and a
// reader still never needs more than one strip in memory.
constexpr std::size_t kStripBytes = 64 * 1024;

void set_u16_tags(TIFF* tif, int width, int height, TiffCompression c) {
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(width));
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(height));
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_SOFTWARE, "lysisq");
  if (c == TiffCompression::kDeflate) {
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    // Horizontal differencing: neighbouring pixels of a micrograph are close, so differences
    // compress far better than raw 16-bit values.
    TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    // zlib level 3: noisy 16-bit fields compress to the same size as at the default level 6
    // (57.9 % on a 512x512 synthetic field) in a third of the time (13.4 vs 38.8 ms).
    TIFFSetField(tif, TIFFTAG_ZIPQUALITY, 3);
  } else {
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
  }
  const std::size_t row_bytes = std::size_t(width) * 2;
  const auto rows = static_cast<uint32_t>(std::clamp<std::size_t>(kStripBytes / row_bytes, 1, std::size_t(height)));
  TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows);
}

/// Writes rows produced by `fill_row(y, dst)` (dst: width u16) as a TIFF at `file`, atomically.
template <class FillRow>
void write_u16_rows(const fs::path& file, int width, int height, TiffCompression c, FillRow fill_row) {
  LYSISQ_EXPECTS(width > 0 && height > 0, "write_tiff: empty image for " + file.string());
  detail::write_atomically(file, [&](const fs::path& tmp) {
    detail::TiffFile out(tmp, "w", file);
    set_u16_tags(out.get(), width, height, c);
    // One scratch row: libtiff may modify the buffer in place (predictor, byte swapping), so
    // the caller's pixels are never handed to it directly.
    std::vector<u16> row(static_cast<std::size_t>(width));
    for (int y = 0; y < height; ++y) {
      fill_row(y, row.data());
      if (TIFFWriteScanline(out.get(), row.data(), static_cast<uint32_t>(y), 0) < 0)
        throw InputError(file.string() + ": writing TIFF failed (" + out.errors() + ")");
    }
    out.close_checked();
  });
}

}  // namespace

void write_tiff_u16(const fs::path& file, U16View img, TiffCompression c) {
  write_u16_rows(file, img.width, img.height, c, [&](int y, u16* dst) {
    std::memcpy(dst, img.row(y), std::size_t(img.width) * sizeof(u16));
  });
}

void write_label_tiff(const fs::path& file, const LabelImage& labels) {
  if (!labels.empty()) {
    const auto [lo, hi] = std::minmax_element(labels.pixels().begin(), labels.pixels().end());
    if (*hi > 65535)
      throw InputError(file.string() + ": label " + std::to_string(*hi) +
                       " does not fit a 16-bit label TIFF, got more than 65535 objects; "
                       "set output.label_images: false or split the field");
    LYSISQ_EXPECTS(*lo >= 0, "write_label_tiff: negative label in " + file.string());
  }
  write_u16_rows(file, labels.width(), labels.height(), TiffCompression::kDeflate, [&](int y, u16* dst) {
    const i32* src = labels.data() + std::size_t(y) * std::size_t(labels.width());
    for (int x = 0; x < labels.width(); ++x) dst[x] = static_cast<u16>(src[x]);
  });
}

}  // namespace lysisq::io
