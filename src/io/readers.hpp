// SPDX-License-Identifier: MIT
// Internal to src/io: the per-format readers behind read_image_u16() and page_count().
// The caller has already checked that the file exists and carries the format's signature.
#pragma once
#include <filesystem>

#include "lysisq/image.hpp"

namespace lysisq::io::detail {

/// libtiff; `page` is 0-based and already known to be >= 0.
Image<u16> read_tiff_u16(const std::filesystem::path& file, int page);
int tiff_page_count(const std::filesystem::path& file);

/// OpenCV imgcodecs.
Image<u16> read_png_u16(const std::filesystem::path& file);

}  // namespace lysisq::io::detail
