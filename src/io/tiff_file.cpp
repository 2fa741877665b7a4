// SPDX-License-Identifier: MIT
// libtiff handle with per-file message capture (see tiff_file.hpp for why not global handlers).
#include "tiff_file.hpp"

#include <cstdarg>
#include <cstdio>

#include "lysisq/errors.hpp"

namespace lysisq::io::detail {
namespace {

void append(std::string& to, const char* module, const char* fmt, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  if (!to.empty()) to += "; ";
  if (module && *module) to += std::string(module) + ": ";
  to += buf;
}

int on_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  append(static_cast<TiffMessages*>(user)->errors, module, fmt, ap);
  return 1;  // handled: the global (printing) handler is not called
}

int on_warning(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  append(static_cast<TiffMessages*>(user)->warnings, module, fmt, ap);
  return 1;
}

}  // namespace

TiffFile::TiffFile(const std::filesystem::path& path, const char* mode, const std::filesystem::path& shown)
    : msgs_(std::make_unique<TiffMessages>()), shown_(shown) {
  TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
  if (!opts) throw InputError(shown.string() + ": out of memory opening TIFF");
  TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, msgs_.get());
  TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, msgs_.get());
  tif_ = TIFFOpenExt(path.c_str(), mode, opts);  // libtiff copies the handlers into the TIFF
  TIFFOpenOptionsFree(opts);
  if (!tif_) {
    const std::string why = msgs_->errors.empty() ? "unknown libtiff error" : msgs_->errors;
    throw InputError(shown.string() + ": cannot open as TIFF (" + why + ")");
  }
}

TiffFile::~TiffFile() {
  if (tif_) TIFFClose(tif_);
}

void TiffFile::close_checked() {
  const int flushed = tif_ ? TIFFFlush(tif_) : 1;
  if (tif_) TIFFClose(tif_);
  tif_ = nullptr;
  if (!flushed || !msgs_->errors.empty())
    throw InputError(shown_.string() + ": writing TIFF failed (" +
                     (msgs_->errors.empty() ? std::string("flush failed") : msgs_->errors) + ")");
}

}  // namespace lysisq::io::detail
