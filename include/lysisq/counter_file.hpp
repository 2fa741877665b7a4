// SPDX-License-Identifier: MIT
// 51Cr counter exports (TopCount / MicroBeta / gamma counters; ASSAY.md §2.1): per-well cpm from a
// list or an 8x12 / 16x24 matrix CSV/TSV. Implemented in src/io/counter_*.cpp.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::io {

/// One well's count as read from the file.
struct CounterValue {
  WellId well;
  double cpm = 0;  ///< counts per minute (or CCPM, whichever column was mapped); >= 0
  int line = 0;    ///< 1-based line of the file it came from
};

/// What a counter file holds. Wells whose cell is blank have no entry (blank is "no value", not 0).
struct CounterReading {
  std::string origin;                          ///< the file, as named in messages
  CounterFormat format = CounterFormat::kList;  ///< kList or kMatrix: what the file turned out to be
  char delimiter = ',';                        ///< as detected (or configured)
  int header_line = 0;                         ///< 1-based line of the list header / matrix column row
  std::string count_column;                    ///< list: the count column's header as written
  std::vector<CounterValue> values;            ///< sorted by well, each well at most once
  std::vector<std::string> notes;              ///< skipped preamble/footer lines, blank cells

  const CounterValue* find(WellId w) const;  ///< nullptr when the file has no value for `w`
};

/// Reads a counter export for a plate of format `plate`.
///
/// List exports: the header row is the first row holding both `p.well_column` and `p.cpm_column`
/// (case-insensitive, whole cells); lines above it are instrument preamble. Rows follow until a
/// blank row or a row whose well cell does not look like a well name ("Total", "End of report"),
/// which starts the footer; a footer row that does look like a well row is an error (data after
/// the end of the table). Other columns are ignored; wells are written "A1" or "A01".
///
/// Matrix exports: the column row is the first row whose cells are 1..12 or 1..24 (after an
/// optional corner cell), followed directly by one row per plate row, starting A, B, C...; the
/// value of column k is the row's k-th cell after the row letter.
///
/// `p.format` kAuto takes whichever header comes first. `p.delimiter` auto tries tab, semicolon,
/// then comma on each candidate header row and keeps the first that makes it a header. Semicolon
/// files may use a decimal comma (the spreadsheet convention of locales that write them).
/// Throws InputError, one line naming file, line and column, for: an unreadable or empty file, no
/// header (listing the columns seen, with a did-you-mean), a count that is not a number or is
/// negative, a malformed well or one outside `plate`, a well given twice, a matrix of another size.
CounterReading read_counter_file(const std::filesystem::path& file, const CounterParams& p, PlateFormat plate);

/// Same from text already in memory; `origin` names it in messages.
CounterReading parse_counter_text(const std::string& text, const std::string& origin, const CounterParams& p,
                                  PlateFormat plate);

/// Checks that every well of `layout` has a count. Throws InputError "missing wells B04, B05"
/// (naming the file) otherwise. Returns notes, e.g. for wells counted but absent from the layout.
std::vector<std::string> check_counter_wells(const CounterReading& reading, const PlateLayout& layout);

}  // namespace lysisq::io
