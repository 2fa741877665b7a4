// SPDX-License-Identifier: MIT
// Internal to src/config and src/io (io links lysisq_config): delimited text (CSV, TSV,
// semicolon-separated) as instruments and spreadsheets write it. Pure text, no exceptions.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lysisq::config::detail {

/// The lines of `text` without a leading UTF-8 byte-order mark and without their "\n" or "\r\n"
/// ends; element i is line i + 1 of the file. A final line break does not add an empty line.
std::vector<std::string> split_lines(std::string_view text);

/// The cells of one line split on `delim` outside double quotes (RFC 4180: a quoted cell loses its
/// quotes and "" inside it is one quote). Spaces around a cell are trimmed, but not inside quotes.
/// An unterminated quote runs to the end of the line. An empty line gives one empty cell.
std::vector<std::string> split_cells(std::string_view line, char delim);

/// True when every cell is empty (a blank line, or only delimiters).
bool all_empty(const std::vector<std::string>& cells);

std::string_view trim(std::string_view s);  ///< without leading and trailing spaces, tabs and '\r'
std::string to_lower(std::string_view s);   ///< ASCII lower case, for case-insensitive names

/// "comma", "tab", "semicolon" (or the character itself): for messages.
std::string delimiter_name(char delim);

/// The whole file as bytes, or nullopt with `why` set ("is a folder", "cannot read the file ...").
std::optional<std::string> read_whole_file(const std::filesystem::path& file, std::string& why);

}  // namespace lysisq::config::detail
