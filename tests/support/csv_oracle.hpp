// SPDX-License-Identifier: MIT
// A minimal RFC 4180 reader, written independently of src/io: the oracle for the CSV writers.
#pragma once
#include <string>
#include <vector>

namespace lysisq::test {

/// Rows of unquoted fields; "" inside quotes is one quote; a trailing newline ends the last row.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace lysisq::test
