// SPDX-License-Identifier: MIT
// Counter exports (ASSAY.md §2.1): finds the table by rule, hands it to the list or matrix reader,
// and checks the counts against the plate layout.
#include "lysisq/counter_file.hpp"

#include <algorithm>

#include "../config/delimited_text.hpp"
#include "counter_detail.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io {

const CounterValue* CounterReading::find(WellId w) const {
  const auto it = std::lower_bound(values.begin(), values.end(), w,
                                   [](const CounterValue& v, WellId x) { return v.well < x; });
  return (it != values.end() && it->well == w) ? &*it : nullptr;
}

CounterReading parse_counter_text(const std::string& text, const std::string& origin, const CounterParams& p,
                                  PlateFormat plate) {
  const detail::CounterText t{origin, config::detail::split_lines(text)};
  if (std::all_of(t.lines.begin(), t.lines.end(), [](const std::string& l) { return config::detail::trim(l).empty(); }))
    throw InputError(origin + ": the file is empty; expected a counter export (a list or an 8x12 / 16x24 matrix)");
  const std::vector<char> delims = detail::delimiters_for(p.delimiter);
  CounterReading r;
  r.origin = origin;
  // The header is the first row that is one by rule; kAuto takes whichever shape comes first.
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    std::optional<detail::TableHeader> h;
    if (p.format != CounterFormat::kMatrix && (h = detail::match_list_header(t, i, p, delims)))
      r.format = CounterFormat::kList;
    else if (p.format != CounterFormat::kList && (h = detail::match_matrix_header(t, i, delims)))
      r.format = CounterFormat::kMatrix;
    if (!h) continue;
    r.delimiter = h->delim;
    r.header_line = static_cast<int>(i + 1);
    detail::note_skipped(t, 0, i, "preamble", r);
    if (r.format == CounterFormat::kList)
      detail::read_list_table(t, *h, p, plate, r);
    else
      detail::read_matrix_table(t, *h, plate, r);
    if (r.values.empty())
      detail::fail_at(t, i, "", "the table under this header holds no counts (every count cell is blank)");
    std::sort(r.values.begin(), r.values.end(),
              [](const CounterValue& a, const CounterValue& b) { return a.well < b.well; });
    return r;
  }
  if (p.format == CounterFormat::kMatrix)
    throw InputError(origin + ": no matrix column row (cells 1..12 or 1..24, after an optional corner cell) in " +
                     std::to_string(t.lines.size()) + " lines; is it a list export? (chromium.counter.format)");
  detail::fail_no_list_header(t, p, delims, p.format == CounterFormat::kAuto);
}

CounterReading read_counter_file(const std::filesystem::path& file, const CounterParams& p, PlateFormat plate) {
  std::string why;
  const auto text = config::detail::read_whole_file(file, why);
  if (!text) throw InputError(file.string() + ": " + why);
  return parse_counter_text(*text, file.string(), p, plate);
}

std::vector<std::string> check_counter_wells(const CounterReading& reading, const PlateLayout& layout) {
  std::vector<WellId> missing, extra;
  for (const auto& a : layout.wells)
    if (!reading.find(a.well)) missing.push_back(a.well);
  if (!missing.empty())
    throw InputError(reading.origin + ": missing wells " + detail::well_list(missing) + ": the layout '" +
                     layout.name + "' uses them but the counter file has no count for them; count them, or "
                     "leave them out of the layout");
  for (const auto& v : reading.values)
    if (!layout.find(v.well)) extra.push_back(v.well);
  std::vector<std::string> notes;
  if (!extra.empty())
    notes.push_back(reading.origin + ": counts for " + std::to_string(extra.size()) +
                    " wells not in the layout are ignored: " + detail::well_list(extra));
  return notes;
}

}  // namespace lysisq::io
