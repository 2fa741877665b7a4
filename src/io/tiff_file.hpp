// SPDX-License-Identifier: MIT
// Internal to src/io: an owned libtiff handle whose error and warning messages are captured per
// file instead of printed to stderr.
#pragma once
#include <tiffio.h>

#include <filesystem>
#include <memory>
#include <string>

namespace lysisq::io::detail {

/// Messages libtiff reported for one open file.
struct TiffMessages {
  std::string errors;
  std::string warnings;
};

/// RAII TIFF*. Uses libtiff 4.5's per-file handlers (TIFFOpenOptionsSetErrorHandlerExtR) rather
/// than the process-wide TIFFSetErrorHandler: OpenCV's TIFF codec installs its own global
/// handlers when first used, and per-file capture stays correct with several threads reading.
class TiffFile {
 public:
  /// `mode` as for TIFFOpen ("r", "w"). Throws InputError naming `shown` if libtiff cannot open.
  TiffFile(const std::filesystem::path& path, const char* mode, const std::filesystem::path& shown);
  ~TiffFile();
  TiffFile(const TiffFile&) = delete;
  TiffFile& operator=(const TiffFile&) = delete;

  TIFF* get() const { return tif_; }
  /// Captured libtiff errors so far ("" if none).
  const std::string& errors() const { return msgs_->errors; }
  /// Closes the file now; throws InputError if libtiff reported an error while flushing.
  void close_checked();

 private:
  std::unique_ptr<TiffMessages> msgs_;  // heap: its address is registered with libtiff
  TIFF* tif_ = nullptr;
  std::filesystem::path shown_;
};

}  // namespace lysisq::io::detail
