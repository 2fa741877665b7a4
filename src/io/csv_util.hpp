// SPDX-License-Identifier: MIT
// CSV building blocks shared by the result writers (private to src/io/); the column tables
// themselves are value_table.hpp.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/plate.hpp"
#include "lysisq/results.hpp"

namespace lysisq::io::detail {

void append_field(std::string& out, std::string_view s);  ///< RFC 4180 quoting when needed
void append_number(std::string& out, double v);           ///< csv_number()
void append_int(std::string& out, std::int64_t v);

/// Condition labels as "key=value;key=value" (sorted by key).
std::string labels_text(const std::map<std::string, std::string>& labels);
/// Wells as "B03 B04 B05".
std::string wells_text(const std::vector<WellId>& wells);

}  // namespace lysisq::io::detail
