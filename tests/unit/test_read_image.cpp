// SPDX-License-Identifier: MIT
// read_image_u16 / page_count: fixtures written here with libtiff and OpenCV (independent
// writers), read back equal; corrupt, truncated, float, colour and missing files are errors.
#include <catch2/catch.hpp>
#include <tiffio.h>

#include <cstring>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

Image<u16> random_image(int w, int h, int max_value, std::uint32_t seed) {
  std::mt19937 rng(seed);
  Image<u16> img(w, h);
  for (auto& v : img.pixels()) v = static_cast<u16>(rng() % static_cast<unsigned>(max_value + 1));
  return img;
}

struct TiffSpec {
  int bits = 16;
  uint16_t compression = COMPRESSION_NONE;
  bool tiled = false;
  bool big_endian = false;
};

constexpr uint32_t kTile = 16;
constexpr uint32_t kRowsPerStrip = 5;

void write_block(TIFF* t, const Image<u16>& img, const TiffSpec& s, uint32_t x0, uint32_t y0, uint32_t bw, uint32_t bh) {
  const int bytes = s.bits / 8;
  std::vector<unsigned char> buf(std::size_t(bw) * bh * bytes, 0);
  for (uint32_t y = 0; y < bh && y0 + y < uint32_t(img.height()); ++y)
    for (uint32_t x = 0; x < bw && x0 + x < uint32_t(img.width()); ++x) {
      const u16 v = img.at(int(x0 + x), int(y0 + y));
      if (bytes == 1) buf[y * bw + x] = static_cast<unsigned char>(v);
      else std::memcpy(&buf[(y * bw + x) * 2], &v, 2);
    }
  const tmsize_t n = tmsize_t(buf.size());
  const tmsize_t rc = s.tiled ? TIFFWriteEncodedTile(t, TIFFComputeTile(t, x0, y0, 0, 0), buf.data(), n)
                              : TIFFWriteEncodedStrip(t, TIFFComputeStrip(t, y0, 0), buf.data(), n);
  REQUIRE(rc >= 0);
}

/// libtiff, as an external program would write it: several strips (or 16x16 tiles), any codec.
void write_fixture(const fs::path& p, const std::vector<Image<u16>>& pages, const TiffSpec& s) {
  TIFF* t = TIFFOpen(p.c_str(), s.big_endian ? "wb" : "wl");
  REQUIRE(t);
  for (const auto& img : pages) {
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(img.width()));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(img.height()));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, s.bits);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_COMPRESSION, s.compression);
    if (s.tiled) {
      TIFFSetField(t, TIFFTAG_TILEWIDTH, kTile);
      TIFFSetField(t, TIFFTAG_TILELENGTH, kTile);
      for (uint32_t y = 0; y < uint32_t(img.height()); y += kTile)
        for (uint32_t x = 0; x < uint32_t(img.width()); x += kTile) write_block(t, img, s, x, y, kTile, kTile);
    } else {
      TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, kRowsPerStrip);
      for (uint32_t y = 0; y < uint32_t(img.height()); y += kRowsPerStrip)
        write_block(t, img, s, 0, y, uint32_t(img.width()), std::min(kRowsPerStrip, uint32_t(img.height()) - y));
    }
    REQUIRE(TIFFWriteDirectory(t));
  }
  TIFFClose(t);
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Expects an InputError whose message names the file and contains each of `parts`.
void require_input_error(const fs::path& file, std::initializer_list<std::string> parts, int page = 0) {
  try {
    (void)io::read_image_u16(file, page);
    FAIL("no InputError for " + file.string());
  } catch (const InputError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    REQUIRE_THAT(msg, Contains(file.string()));
    for (const auto& p : parts) REQUIRE_THAT(msg, Contains(p));
  }
}

/// Hand-made little-endian 16-bit TIFF whose directory comes before the pixel data (libtiff
/// always writes it after), so that cutting the file loses pixels, not the directory.
std::string ifd_first_tiff(const Image<u16>& img) {
  auto put16 = [](std::string& s, uint16_t v) { s += char(v & 0xff); s += char(v >> 8); };
  auto put32 = [&](std::string& s, uint32_t v) { put16(s, uint16_t(v & 0xffff)); put16(s, uint16_t(v >> 16)); };
  const uint32_t w = uint32_t(img.width()), h = uint32_t(img.height()), n_entries = 9;
  const uint32_t data_at = 8 + 2 + n_entries * 12 + 4;
  std::string s = "II*";
  s += '\0';
  put32(s, 8);
  put16(s, uint16_t(n_entries));
  const uint32_t entries[][3] = {{256, 4, w}, {257, 4, h},       {258, 3, 16},    {259, 3, 1},        {262, 3, 1},
                                 {273, 4, data_at}, {277, 3, 1}, {278, 4, h}, {279, 4, w * h * 2}};
  for (const auto& e : entries) {
    put16(s, uint16_t(e[0]));
    put16(s, uint16_t(e[1]));  // 3 = SHORT, 4 = LONG
    put32(s, 1);
    if (e[1] == 3) {
      put16(s, uint16_t(e[2]));
      put16(s, 0);
    } else {
      put32(s, e[2]);
    }
  }
  put32(s, 0);  // no next directory
  for (u16 v : img.pixels()) put16(s, v);
  return s;
}

}  // namespace

TEST_CASE("TIFF fixtures read back equal: 8/16-bit, codecs, strips/tiles, byte order, pages", "[unit]") {
  const int bits = GENERATE(8, 16);
  const uint16_t compression = GENERATE(uint16_t(COMPRESSION_NONE), uint16_t(COMPRESSION_LZW), uint16_t(COMPRESSION_ADOBE_DEFLATE));
  const bool tiled = GENERATE(false, true);
  const bool big_endian = GENERATE(false, true);
  CAPTURE(bits, compression, tiled, big_endian);
  test::TempDir dir;
  // 37x23: not a multiple of the tile or strip size, so edge blocks are partial.
  const std::vector<Image<u16>> pages = {random_image(37, 23, bits == 8 ? 255 : 65535, 1),
                                         random_image(37, 23, bits == 8 ? 255 : 65535, 2),
                                         random_image(19, 41, bits == 8 ? 255 : 65535, 3)};
  const auto file = dir / "fixture.tif";
  write_fixture(file, pages, {bits, compression, tiled, big_endian});
  REQUIRE(io::page_count(file) == 3);
  for (int p = 0; p < 3; ++p) {
    CAPTURE(p);
    REQUIRE(io::read_image_u16(file, p) == pages[std::size_t(p)]);
  }
  require_input_error(file, {"page 3 requested but the file has 3"}, 3);
}

TEST_CASE("a TIFF written with its directory first reads back", "[unit]") {
  test::TempDir dir;
  const Image<u16> img = random_image(13, 7, 65535, 9);
  const auto file = dir.write("ifd_first.tif", ifd_first_tiff(img));
  REQUIRE(io::read_image_u16(file) == img);
}

TEST_CASE("PNG 8- and 16-bit read back equal (OpenCV writes them)", "[unit]") {
  test::TempDir dir;
  for (int bits : {8, 16}) {
    CAPTURE(bits);
    const Image<u16> img = random_image(29, 17, bits == 8 ? 255 : 65535, 5);
    cv::Mat m(img.height(), img.width(), bits == 8 ? CV_8UC1 : CV_16UC1);
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) {
        if (bits == 8) m.at<u8>(y, x) = static_cast<u8>(img.at(x, y));
        else m.at<u16>(y, x) = img.at(x, y);
      }
    const auto file = dir / ("img" + std::to_string(bits) + ".png");
    REQUIRE(cv::imwrite(file.string(), m));
    REQUIRE(io::read_image_u16(file) == img);
    REQUIRE(io::page_count(file) == 1);
    require_input_error(file, {"page 1 requested but the file has 1"}, 1);

    cv::Mat grey3;
    cv::merge(std::vector<cv::Mat>{m, m, m}, grey3);
    const auto file3 = dir / ("grey3_" + std::to_string(bits) + ".png");
    REQUIRE(cv::imwrite(file3.string(), grey3));
    REQUIRE(io::read_image_u16(file3) == img);
  }
}

TEST_CASE("colour PNG, truncated PNG are errors", "[unit]") {
  test::TempDir dir;
  cv::Mat colour(8, 8, CV_8UC3, cv::Scalar(10, 20, 30));
  const auto file = dir / "colour.png";
  REQUIRE(cv::imwrite(file.string(), colour));
  require_input_error(file, {"3 samples per pixel (colour); expected greyscale"});

  cv::Mat big(64, 64, CV_16UC1);
  cv::randu(big, 0, 65535);
  const auto whole = dir / "whole.png";
  REQUIRE(cv::imwrite(whole.string(), big));
  const std::string bytes = read_bytes(whole);
  const auto cut = dir.write("cut.png", bytes.substr(0, bytes.size() / 2));
  require_input_error(cut, {});
}

TEST_CASE("corrupt, truncated, float, colour and missing TIFFs are InputErrors naming the file", "[unit]") {
  test::TempDir dir;
  SECTION("garbage bytes with a .tif name") {
    require_input_error(dir.write("garbage.tif", "this is not an image at all, just text"), {"not a TIFF or PNG image"});
    require_input_error(dir.write("empty.tif", ""), {"not a TIFF or PNG image"});
  }
  SECTION("missing file") { require_input_error(dir / "missing.tif", {"no such file"}); }
  SECTION("cut in half, libtiff writer (directory lost)") {
    const uint16_t compression = GENERATE(uint16_t(COMPRESSION_NONE), uint16_t(COMPRESSION_ADOBE_DEFLATE));
    CAPTURE(compression);
    const auto whole = dir / "whole.tif";
    write_fixture(whole, {random_image(64, 64, 65535, 4)}, {16, compression, false, false});
    const std::string bytes = read_bytes(whole);
    require_input_error(dir.write("half.tif", bytes.substr(0, bytes.size() / 2)), {"truncated"});
  }
  SECTION("cut in half, directory first (pixel data lost)") {
    const std::string bytes = ifd_first_tiff(random_image(32, 32, 65535, 6));
    require_input_error(dir.write("half.tif", bytes.substr(0, bytes.size() / 2)),
                        {"truncated (expected 2048 bytes of pixel data"});
  }
  SECTION("second page cut off") {
    const auto whole = dir / "two.tif";
    write_fixture(whole, {random_image(32, 32, 65535, 7), random_image(32, 32, 65535, 8)}, {});
    const std::string bytes = read_bytes(whole);
    require_input_error(dir.write("cut.tif", bytes.substr(0, bytes.size() * 3 / 4)), {});
  }
  SECTION("corrupt deflate data") {
    const auto whole = dir / "deflate.tif";
    write_fixture(whole, {random_image(32, 32, 65535, 10)}, {16, COMPRESSION_ADOBE_DEFLATE, false, false});
    std::string bytes = read_bytes(whole);
    for (std::size_t i = 8; i < 40; ++i) bytes[i] = char(0xA5);  // the first strip starts at byte 8
    require_input_error(dir.write("corrupt.tif", bytes), {"corrupt"});
  }
  SECTION("32-bit float") {
    const auto file = dir / "float.tif";
    TIFF* t = TIFFOpen(file.c_str(), "w");
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 4u);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, 2u);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 32);
    TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_IEEEFP);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    float row[4] = {0.5f, 1.5f, 2.5f, 3.5f};
    for (uint32_t y = 0; y < 2; ++y) TIFFWriteScanline(t, row, y, 0);
    TIFFClose(t);
    require_input_error(file, {"32-bit float images are not supported; expected 8- or 16-bit greyscale"});
  }
  SECTION("RGB") {
    const auto file = dir / "rgb.tif";
    TIFF* t = TIFFOpen(file.c_str(), "w");
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 4u);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, 2u);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    unsigned char row[12] = {};
    for (uint32_t y = 0; y < 2; ++y) TIFFWriteScanline(t, row, y, 0);
    TIFFClose(t);
    require_input_error(file, {"3 samples per pixel (colour); expected greyscale"});
  }
}
