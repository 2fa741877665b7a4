// SPDX-License-Identifier: MIT
// Internal to src/io: the pieces of the counter-export reader (counter_file.cpp drives them;
// counter_list.cpp and counter_matrix.cpp hold the two table shapes).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lysisq/counter_file.hpp"

namespace lysisq::io::detail {

/// A counter file's lines and the name used in messages; lines[i] is line i + 1.
struct CounterText {
  std::string origin;
  std::vector<std::string> lines;
};

/// A header row found by rule: its line index, the delimiter that splits it, and its cells.
struct TableHeader {
  std::size_t line = 0;
  char delim = ',';
  std::vector<std::string> cells;
};

/// Delimiters to try, in order, for a `chromium.counter.delimiter` setting ("auto": tab,
/// semicolon, comma: the rarer a character in free text, the earlier it is tried).
std::vector<char> delimiters_for(const std::string& setting);

/// Throws InputError "<origin>:<line>: <column>: <what>, got <got>; <hint>" (empty parts left out).
[[noreturn]] void fail_at(const CounterText& t, std::size_t line, const std::string& column, const std::string& what,
                          const std::string& got = "", const std::string& hint = "");
std::string shown_cell(std::string_view s);  ///< 'text', or "an empty cell"

/// A count cell: nullopt when blank ("no value"); throws for text or a negative number.
std::optional<double> read_count(const CounterText& t, std::size_t line, const std::string& column,
                                 const std::string& cell, char delim);

/// One or two letters then one to three digits ("B7", "b07", "AA1"): meant as a well name,
/// whether or not it is a valid one. Decides where a list table ends.
bool looks_like_well(std::string_view cell);
/// A well cell that looks like a well: parsed and checked against the plate; throws otherwise.
WellId read_well(const CounterText& t, std::size_t line, const std::string& column, const std::string& cell,
                 PlateFormat plate);

/// "line 4" or "lines 1-5", from 0-based line indices.
std::string line_span(std::size_t first, std::size_t last);
/// "A01, A02, B07" (the first `shown`, then "and N more").
std::string well_list(const std::vector<WellId>& wells, std::size_t shown = 24);
/// Notes the non-blank lines in [first, end) as skipped `what` ("preamble", "footer").
void note_skipped(const CounterText& t, std::size_t first, std::size_t end, const char* what, CounterReading& r);

// counter_list.cpp
std::optional<TableHeader> match_list_header(const CounterText& t, std::size_t line, const CounterParams& p,
                                             const std::vector<char>& delims);
void read_list_table(const CounterText& t, const TableHeader& h, const CounterParams& p, PlateFormat plate,
                     CounterReading& r);
/// No list header anywhere: names the most header-like row, its columns and a did-you-mean.
[[noreturn]] void fail_no_list_header(const CounterText& t, const CounterParams& p, const std::vector<char>& delims,
                                      bool matrix_too);

// counter_matrix.cpp
std::optional<TableHeader> match_matrix_header(const CounterText& t, std::size_t line,
                                               const std::vector<char>& delims);
void read_matrix_table(const CounterText& t, const TableHeader& h, PlateFormat plate, CounterReading& r);

}  // namespace lysisq::io::detail
