// SPDX-License-Identifier: MIT
// TIFF writers and atomic file replacement. Written TIFFs are checked with OpenCV's decoder as
// an independent oracle, and with our own reader.
#include <catch2/catch.hpp>
#include <tiffio.h>

#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>
#include <thread>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "support/temp_dir.hpp"
#include "support/read_text.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

Image<u16> random_image(int w, int h, std::uint32_t seed) {
  std::mt19937 rng(seed);
  Image<u16> img(w, h);
  for (auto& v : img.pixels()) v = static_cast<u16>(rng());
  return img;
}

/// OpenCV's TIFF decoder: independent of src/io's libtiff reader.
Image<u16> gold_read(const fs::path& p) {
  const cv::Mat m = cv::imread(p.string(), cv::IMREAD_UNCHANGED);
  REQUIRE(m.type() == CV_16UC1);
  Image<u16> out(m.cols, m.rows);
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) out.at(x, y) = m.at<u16>(y, x);
  return out;
}

uint16_t compression_of(const fs::path& p) {
  TIFF* t = TIFFOpen(p.c_str(), "r");
  REQUIRE(t);
  uint16_t c = 0;
  TIFFGetField(t, TIFFTAG_COMPRESSION, &c);
  TIFFClose(t);
  return c;
}

}  // namespace

TEST_CASE("write_tiff_u16 round-trips, deflate and uncompressed", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  const auto c = GENERATE(io::TiffCompression::kDeflate, io::TiffCompression::kNone);
  std::mt19937 rng(seed);
  const int w = 1 + int(rng() % 300), h = 1 + int(rng() % 300);  // up to several 64 KiB strips
  CAPTURE(seed, w, h, int(c));
  test::TempDir dir;
  const Image<u16> img = random_image(w, h, seed);
  const auto file = dir / "out.tif";
  io::write_tiff_u16(file, img.cview(), c);
  REQUIRE(gold_read(file) == img);
  REQUIRE(io::read_image_u16(file) == img);
  REQUIRE(compression_of(file) == (c == io::TiffCompression::kDeflate ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE));
  REQUIRE(dir.names() == std::vector<std::string>{"out.tif"});
}

TEST_CASE("write_tiff_u16 honours the view's stride", "[unit]") {
  test::TempDir dir;
  const Image<u16> big = random_image(40, 30, 3);
  const U16View sub{big.data() + 3 * 40 + 5, 20, 17, 40};
  io::write_tiff_u16(dir / "sub.tif", sub);
  REQUIRE(io::read_image_u16(dir / "sub.tif") == to_image(sub));
}

TEST_CASE("write_tiff_u16 replaces an existing file and fails cleanly on a missing folder", "[unit]") {
  test::TempDir dir;
  io::write_tiff_u16(dir / "a.tif", random_image(8, 8, 1).cview());
  const Image<u16> second = random_image(9, 5, 2);
  io::write_tiff_u16(dir / "a.tif", second.cview());
  REQUIRE(io::read_image_u16(dir / "a.tif") == second);
  REQUIRE_THROWS_WITH(io::write_tiff_u16(dir / "no_such_dir" / "b.tif", second.cview()), Contains("b.tif"));
  REQUIRE(dir.names() == std::vector<std::string>{"a.tif"});
}

TEST_CASE("write_label_tiff round-trips labels up to 65535 and rejects larger ones", "[unit]") {
  test::TempDir dir;
  LabelImage labels(50, 20);
  std::mt19937 rng(11);
  for (auto& v : labels.pixels()) v = static_cast<i32>(rng() % 65536);
  labels[0] = 65535;
  io::write_label_tiff(dir / "labels.tif", labels);
  const Image<u16> back = gold_read(dir / "labels.tif");
  for (std::size_t i = 0; i < labels.size(); ++i) REQUIRE(i32(back[i]) == labels[i]);
  REQUIRE(compression_of(dir / "labels.tif") == COMPRESSION_ADOBE_DEFLATE);

  labels[7] = 65536;
  REQUIRE_THROWS_AS(io::write_label_tiff(dir / "too_many.tif", labels), InputError);
  REQUIRE_THROWS_WITH(io::write_label_tiff(dir / "too_many.tif", labels), Contains("too_many.tif") && Contains("65536"));
  REQUIRE(dir.names() == std::vector<std::string>{"labels.tif"});
}

TEST_CASE("write_file_atomic writes, replaces, and leaves no temporary file", "[unit]") {
  test::TempDir dir;
  io::write_file_atomic(dir / "run.json", "{\"a\": 1}\n");
  REQUIRE(test::read_text(dir / "run.json") == "{\"a\": 1}\n");
  const std::string big(1 << 20, 'x');
  io::write_file_atomic(dir / "run.json", big);
  REQUIRE(test::read_text(dir / "run.json") == big);
  io::write_file_atomic(dir / "empty.txt", "");
  REQUIRE(fs::file_size(dir / "empty.txt") == 0);
  REQUIRE(dir.names() == std::vector<std::string>{"empty.txt", "run.json"});
}

TEST_CASE("write_file_atomic failures keep the old state and remove the temporary file", "[unit]") {
  test::TempDir dir;
  REQUIRE_THROWS_AS(io::write_file_atomic(dir / "missing" / "x.txt", "data"), InputError);
  // A non-empty folder under the target name: rename(2) fails after the temporary is written.
  fs::create_directory(dir / "taken");
  std::ofstream(dir / "taken" / "keep.txt") << "keep";
  REQUIRE_THROWS_WITH(io::write_file_atomic(dir / "taken", "data"), Contains("taken"));
  REQUIRE(dir.names() == std::vector<std::string>{"taken"});
  REQUIRE(test::read_text(dir / "taken" / "keep.txt") == "keep");
}

TEST_CASE("concurrent atomic writers leave one complete file", "[unit]") {
  test::TempDir dir;
  const std::string a(100'000, 'a'), b(200'000, 'b');
  auto writer = [&](const std::string& content) {
    for (int i = 0; i < 20; ++i) io::write_file_atomic(dir / "shared.txt", content);
  };
  std::thread t1(writer, std::cref(a)), t2(writer, std::cref(b));
  t1.join();
  t2.join();
  const std::string got = test::read_text(dir / "shared.txt");
  REQUIRE((got == a || got == b));
  REQUIRE(dir.names() == std::vector<std::string>{"shared.txt"});
}
