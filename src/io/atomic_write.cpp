// SPDX-License-Identifier: MIT
// Atomic file replacement: temporary file in the same folder, fsync, rename, fsync the folder.
// rename(2) within one file system is atomic, so readers see the old file or the new one, never
// a half-written one; the folder fsync makes the rename itself durable.
#include "atomic_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"

namespace lysisq::io {
namespace detail {
namespace {

namespace fs = std::filesystem;

fs::path temp_name_for(const fs::path& file) {
  // pid + counter: unique across processes and across threads of this process, and the leading
  // dot keeps half-written files out of plate-folder scans and most file browsers.
  static std::atomic<unsigned> counter{0};
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  // Appended piecewise: `"." + std::string` trips GCC 12's false -Wrestrict positive.
  std::string name(1, '.');
  name += file.filename().string();
  name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
  return dir / name;
}

void fsync_or_throw(const fs::path& p, const fs::path& shown, bool is_dir) {
  const int fd = ::open(p.c_str(), (is_dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(shown.string() + ": cannot open for fsync (" + errno_text() + ")");
  const int rc = ::fsync(fd);
  const std::string err = rc != 0 ? errno_text() : std::string();
  ::close(fd);
  if (rc != 0) throw InputError(shown.string() + ": fsync failed (" + err + ")");
}

}  // namespace

std::string errno_text() { return std::strerror(errno); }

void write_atomically(const fs::path& file, const std::function<void(const fs::path& tmp)>& write_tmp) {
  const fs::path tmp = temp_name_for(file);
  try {
    write_tmp(tmp);
    fsync_or_throw(tmp, file, false);
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) throw InputError(file.string() + ": cannot replace the file (" + ec.message() + ")");
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
  // The data is safe under its final name; a failed folder fsync only weakens durability of the
  // rename on power loss, which is not worth failing a finished run for.
  try {
    fsync_or_throw(tmp.parent_path(), file.parent_path(), true);
  } catch (const InputError&) {
  }
}

}  // namespace detail

void write_file_atomic(const std::filesystem::path& file, const std::string& content) {
  detail::write_atomically(file, [&](const std::filesystem::path& tmp) {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw InputError(file.string() + ": cannot write (" + detail::errno_text() + ")");
    std::size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const std::string err = detail::errno_text();
        ::close(fd);
        throw InputError(file.string() + ": write failed (" + err + ")");
      }
      done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw InputError(file.string() + ": write failed (" + detail::errno_text() + ")");
  });
}

}  // namespace lysisq::io
