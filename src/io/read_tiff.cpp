// SPDX-License-Identifier: MIT
// TIFF via libtiff: 8/16-bit greyscale, any codec libtiff has (none, LZW, deflate, ...), strips
// or tiles, multi-page. Truncated and corrupt files are errors, never partly-zero images: the
// header and every strip/tile extent are checked against the file size before decoding, and
// any error libtiff reports while decoding fails the read.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

#include "lysisq/errors.hpp"
#include "readers.hpp"
#include "tiff_file.hpp"

namespace lysisq::io::detail {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& file, const std::string& what) { throw InputError(file.string() + ": " + what); }

std::string libtiff_says(const TiffFile& t) { return t.errors().empty() ? "" : " (libtiff: " + t.errors() + ")"; }

/// The first directory must start inside the file; libtiff writes it after the pixel data, so
/// a file cut short loses it first and libtiff would only say "cannot read directory".
void check_header(const fs::path& file, std::uintmax_t size) {
  std::ifstream in(file, std::ios::binary);
  unsigned char h[16] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  const auto n = static_cast<std::size_t>(in.gcount());
  const bool le = h[0] == 'I';
  const bool big = (le ? h[2] : h[3]) == 43;
  const std::size_t offset_bytes = big ? 8 : 4, at = big ? 8 : 4;
  if (n < at + offset_bytes) fail(file, "truncated (the file has " + std::to_string(size) + " bytes, less than a TIFF header)");
  std::uint64_t off = 0;
  for (std::size_t i = 0; i < offset_bytes; ++i) {
    const std::size_t b = le ? at + offset_bytes - 1 - i : at + i;
    off = (off << 8) | h[b];
  }
  if (off + 2 > size)
    fail(file, "truncated (the image directory should be at byte " + std::to_string(off) + " but the file has " +
                   std::to_string(size) + " bytes)");
}

/// Every strip/tile must lie inside the file (a short file is not "a few zero rows").
void check_extents(TIFF* tif, const fs::path& file, std::uintmax_t size) {
  const uint32_t n = TIFFIsTiled(tif) ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
  std::uint64_t total = 0, end = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const std::uint64_t off = TIFFGetStrileOffset(tif, i), len = TIFFGetStrileByteCount(tif, i);
    total += len;
    end = std::max(end, off + len);
  }
  if (end > size)
    fail(file, "truncated (expected " + std::to_string(total) + " bytes of pixel data, but the file ends " +
                   std::to_string(end - size) + " bytes early)");
}

struct Layout {
  uint32_t width = 0, height = 0;
  uint16_t bits = 0;
};

Layout check_format(TIFF* tif, const fs::path& file) {
  Layout l;
  uint16_t spp = 1, fmt = SAMPLEFORMAT_UINT, photometric = PHOTOMETRIC_MINISBLACK, compression = COMPRESSION_NONE;
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &l.width);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &l.height);
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &l.bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &fmt);
  TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
  TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
  const std::string bits = std::to_string(l.bits) + "-bit";
  const char* expected = "; expected 8- or 16-bit greyscale";
  if (fmt == SAMPLEFORMAT_IEEEFP) fail(file, bits + " float images are not supported" + expected);
  if (fmt == SAMPLEFORMAT_INT) fail(file, bits + " signed-integer images are not supported" + expected);
  if (spp != 1)
    fail(file, std::to_string(spp) + " samples per pixel" + (spp >= 3 ? " (colour)" : "") + "; expected greyscale");
  if (photometric == PHOTOMETRIC_PALETTE) fail(file, "palette (colour-mapped) image; expected greyscale");
  if (photometric == PHOTOMETRIC_MINISWHITE)
    fail(file, "min-is-white (inverted) greyscale is not supported; expected min-is-black");
  if (l.bits != 8 && l.bits != 16) fail(file, bits + " images are not supported" + expected);
  if (!TIFFIsCODECConfigured(compression))
    fail(file, "compression scheme " + std::to_string(compression) + " is not supported by this libtiff");
  // Image<T> indexes with int; 2^30 pixels (2 GiB of u16) is far above any camera field.
  if (l.width == 0 || l.height == 0 || std::uint64_t(l.width) * l.height > (1ull << 30))
    fail(file, "unsupported image size " + std::to_string(l.width) + "x" + std::to_string(l.height));
  return l;
}

/// Copies a decoded block (strip or tile: `bw` x `rows` samples) into `img` at (x0, y0), clipped.
void put_block(Image<u16>& img, const std::vector<unsigned char>& buf, const Layout& l, uint32_t x0, uint32_t y0,
               uint32_t bw, uint32_t rows) {
  const uint32_t w = std::min(bw, l.width - x0), h = std::min(rows, l.height - y0);
  for (uint32_t r = 0; r < h; ++r) {
    u16* dst = img.data() + std::size_t(y0 + r) * l.width + x0;
    if (l.bits == 16) {
      std::memcpy(dst, buf.data() + std::size_t(r) * bw * 2, std::size_t(w) * 2);  // libtiff byte-swapped already
    } else {
      const unsigned char* src = buf.data() + std::size_t(r) * bw;
      for (uint32_t x = 0; x < w; ++x) dst[x] = src[x];
    }
  }
}

void read_blocks(const TiffFile& t, const fs::path& file, const Layout& l, Image<u16>& img) {
  TIFF* tif = t.get();
  const bool tiled = TIFFIsTiled(tif);
  uint32_t bw = l.width, bh = 0;
  if (tiled) {
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &bw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &bh);
  } else {
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &bh);
    bh = std::min(bh, l.height);
  }
  if (bw == 0 || bh == 0) fail(file, "corrupt TIFF (zero tile or strip size)" + libtiff_says(t));
  const tmsize_t block_bytes = tmsize_t(bw) * bh * (l.bits / 8);
  std::vector<unsigned char> buf(static_cast<std::size_t>(block_bytes));  // one block, reused
  for (uint32_t y = 0; y < l.height; y += bh)
    for (uint32_t x = 0; x < l.width; x += (tiled ? bw : l.width)) {
      const uint32_t rows = tiled ? bh : std::min(bh, l.height - y);
      const tmsize_t want = tiled ? block_bytes : tmsize_t(bw) * rows * (l.bits / 8);
      const tmsize_t got = tiled ? TIFFReadEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, 0), buf.data(), want)
                                 : TIFFReadEncodedStrip(tif, TIFFComputeStrip(tif, y, 0), buf.data(), want);
      if (got < 0) fail(file, "corrupt TIFF, pixel data cannot be decoded" + libtiff_says(t));
      if (got < want)
        fail(file, "truncated (expected " + std::to_string(want) + " bytes of pixel data in the block at row " +
                       std::to_string(y) + ", decoded " + std::to_string(got) + ")" + libtiff_says(t));
      put_block(img, buf, l, x, y, bw, rows);
    }
}

}  // namespace

int tiff_page_count(const fs::path& file) {
  check_header(file, fs::file_size(file));
  TiffFile t(file, "r", file);
  const tdir_t n = TIFFNumberOfDirectories(t.get());
  if (!t.errors().empty()) fail(file, "truncated or corrupt TIFF: the chain of pages is broken" + libtiff_says(t));
  return static_cast<int>(n);
}

Image<u16> read_tiff_u16(const fs::path& file, int page) {
  const std::uintmax_t size = fs::file_size(file);
  check_header(file, size);
  TiffFile t(file, "r", file);
  const int pages = static_cast<int>(TIFFNumberOfDirectories(t.get()));
  if (!t.errors().empty()) fail(file, "truncated or corrupt TIFF: the chain of pages is broken" + libtiff_says(t));
  if (page >= pages)
    fail(file, "page " + std::to_string(page) + " requested but the file has " + std::to_string(pages) +
                   " (pages count from 0)");
  if (!TIFFSetDirectory(t.get(), static_cast<tdir_t>(page)))
    fail(file, "corrupt TIFF, cannot read page " + std::to_string(page) + libtiff_says(t));
  const Layout l = check_format(t.get(), file);
  check_extents(t.get(), file, size);
  Image<u16> img(static_cast<int>(l.width), static_cast<int>(l.height));
  read_blocks(t, file, l, img);
  if (!t.errors().empty()) fail(file, "corrupt TIFF" + libtiff_says(t));
  return img;
}

}  // namespace lysisq::io::detail
