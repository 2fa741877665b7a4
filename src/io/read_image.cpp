// SPDX-License-Identifier: MIT
// read_image_u16() / page_count(): recognise the format by its signature bytes (not by the file
// name, so a garbage ".tif" is reported as what it is) and hand over to the format's reader.
#include <array>
#include <cstring>
#include <fstream>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "readers.hpp"

namespace lysisq::io {
namespace {

namespace fs = std::filesystem;

enum class Format { kTiff, kPng };

Format sniff(const fs::path& file) {
  std::error_code ec;
  const auto st = fs::status(file, ec);
  if (!fs::exists(st)) throw InputError(file.string() + ": no such file");
  if (fs::is_directory(st)) throw InputError(file.string() + ": is a folder, expected an image file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot open (permission denied?)");
  std::array<char, 8> sig{};
  in.read(sig.data(), sig.size());
  const auto n = static_cast<std::size_t>(in.gcount());
  // Classic TIFF "II*\0" / "MM\0*", BigTIFF "II+\0" / "MM\0+"; PNG's 8-byte signature.
  const bool tiff = n >= 4 && ((std::memcmp(sig.data(), "II", 2) == 0 && (sig[2] == 42 || sig[2] == 43) && sig[3] == 0) ||
                               (std::memcmp(sig.data(), "MM", 2) == 0 && sig[2] == 0 && (sig[3] == 42 || sig[3] == 43)));
  if (tiff) return Format::kTiff;
  if (n == 8 && std::memcmp(sig.data(), "\x89PNG\r\n\x1a\n", 8) == 0) return Format::kPng;
  throw InputError(file.string() + ": not a TIFF or PNG image" + (n == 0 ? " (the file is empty)" : ""));
}

}  // namespace

Image<u16> read_image_u16(const fs::path& file, int page) {
  const Format f = sniff(file);
  if (page < 0) throw InputError(file.string() + ": page " + std::to_string(page) + " requested; pages count from 0");
  if (f == Format::kTiff) return detail::read_tiff_u16(file, page);
  if (page != 0) throw InputError(file.string() + ": page " + std::to_string(page) + " requested but the file has 1 (a PNG)");
  return detail::read_png_u16(file);
}

int page_count(const fs::path& file) {
  return sniff(file) == Format::kTiff ? detail::tiff_page_count(file) : 1;
}

}  // namespace lysisq::io
