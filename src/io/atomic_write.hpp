// SPDX-License-Identifier: MIT
// Internal to src/io: the one place that knows how an output file is made crash-safe.
#pragma once
#include <filesystem>
#include <functional>

namespace lysisq::io::detail {

/// Calls `write_tmp(tmp)` to create a temporary file next to `file`, fsyncs it, renames it over
/// `file` and fsyncs the folder. On any failure the temporary file is removed and the error
/// rethrown; `file` is then untouched. Write errors are InputError naming `file`.
void write_atomically(const std::filesystem::path& file,
                      const std::function<void(const std::filesystem::path& tmp)>& write_tmp);

/// "<path>: <strerror(errno)>" style text for the current errno.
std::string errno_text();

}  // namespace lysisq::io::detail
