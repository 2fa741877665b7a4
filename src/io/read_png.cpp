// SPDX-License-Identifier: MIT
// PNG via libpng: 8/16-bit greyscale (1/2/4-bit grey is widened to 8); a colour PNG whose channels
// are all equal (greyscale saved as RGB or as a palette by some viewers) is accepted as grey.
// libpng rather than OpenCV: reading images then needs only libpng and libtiff, which keeps the
// GPU test bundle (scripts/gpu-bundle) small.
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <vector>

#include "lysisq/errors.hpp"
#include "readers.hpp"

namespace lysisq::io::detail {
namespace {

/// The decoder's state. Everything with a destructor lives here, outside the function that
/// calls setjmp, so that libpng's longjmp on an error skips no destructor.
struct PngDecode {
  std::FILE* file = nullptr;
  png_structp png = nullptr;
  png_infop info = nullptr;
  char error[200] = "";
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0, channels = 0;
  std::vector<unsigned char> pixels;  ///< rows of width * channels samples, host byte order
  std::vector<png_bytep> rows;
  ~PngDecode() {
    if (png) png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    if (file) std::fclose(file);
  }
};

void on_error(png_structp png, png_const_charp message) {
  auto* d = static_cast<PngDecode*>(png_get_error_ptr(png));
  std::snprintf(d->error, sizeof d->error, "%s", message);
  png_longjmp(png, 1);
}
void on_warning(png_structp, png_const_charp) {}

/// Header, then the whole image; false (with d.error set) where libpng gives up.
bool decode(PngDecode& d) {
  if (setjmp(png_jmpbuf(d.png))) return false;
  png_init_io(d.png, d.file);
  png_read_info(d.png, d.info);
  d.color_type = png_get_color_type(d.png, d.info);
  if (d.color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(d.png);
  if (d.color_type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(d.png, d.info) < 8) png_set_expand_gray_1_2_4_to_8(d.png);
  if (png_get_bit_depth(d.png, d.info) == 16) png_set_swap(d.png);  // PNG is big-endian
  png_read_update_info(d.png, d.info);
  d.width = png_get_image_width(d.png, d.info);
  d.height = png_get_image_height(d.png, d.info);
  d.bit_depth = png_get_bit_depth(d.png, d.info);
  d.channels = png_get_channels(d.png, d.info);
  const std::size_t row_bytes = png_get_rowbytes(d.png, d.info);
  d.pixels.resize(row_bytes * d.height);
  d.rows.resize(d.height);
  for (png_uint_32 y = 0; y < d.height; ++y) d.rows[y] = d.pixels.data() + row_bytes * y;
  png_read_image(d.png, d.rows.data());
  png_read_end(d.png, nullptr);
  return true;
}

template <class T>
Image<u16> grey_of(const PngDecode& d, const std::filesystem::path& file) {
  const auto* p = reinterpret_cast<const T*>(d.pixels.data());
  const std::size_t n = std::size_t(d.width) * std::size_t(d.height);
  if (d.channels == 3)
    for (std::size_t i = 0; i < n; ++i)
      if (p[3 * i] != p[3 * i + 1] || p[3 * i] != p[3 * i + 2])
        throw InputError(file.string() + ": 3 samples per pixel (colour); expected greyscale");
  Image<u16> out(int(d.width), int(d.height));
  for (std::size_t i = 0; i < n; ++i) out[i] = p[i * std::size_t(d.channels)];
  return out;
}

}  // namespace

Image<u16> read_png_u16(const std::filesystem::path& file) {
  PngDecode d;
  d.file = std::fopen(file.c_str(), "rb");
  if (!d.file) throw InputError(file.string() + ": cannot open (permission denied?)");
  d.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &d, on_error, on_warning);
  d.info = d.png ? png_create_info_struct(d.png) : nullptr;
  if (!d.png || !d.info) throw InputError(file.string() + ": cannot decode PNG (out of memory)");
  if (!decode(d)) throw InputError(file.string() + ": corrupt or truncated PNG (" + d.error + ")");
  if (d.bit_depth != 8 && d.bit_depth != 16)
    throw InputError(file.string() + ": PNG bit depth not supported; expected 8- or 16-bit greyscale");
  if (d.channels != 1 && d.channels != 3)
    throw InputError(file.string() + ": " + std::to_string(d.channels) +
                     " samples per pixel (colour or grey with alpha); expected greyscale");
  return d.bit_depth == 8 ? grey_of<u8>(d, file) : grey_of<u16>(d, file);
}

}  // namespace lysisq::io::detail
