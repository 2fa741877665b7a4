// SPDX-License-Identifier: MIT
// Whole-file reading for tests: one definition instead of a private copy per test file.
#pragma once
#include <filesystem>
#include <string>

namespace lysisq::test {

/// The bytes of `file` as a string; empty when it cannot be opened (tests assert on content).
std::string read_text(const std::filesystem::path& file);

}  // namespace lysisq::test
