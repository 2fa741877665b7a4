// SPDX-License-Identifier: MIT
// File names -> fields, for every name-based layout (built-in or input.filename_pattern). Two
// passes: parse each name, then number what the names only label (channel names without an
// index, Incucyte date-times) in natural order, so numbering never depends on listing order.
#include <algorithm>
#include <charconv>
#include <cctype>
#include <regex>
#include <set>
#include <tuple>

#include "discover_internal.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io::detail {
namespace {

namespace fs = std::filesystem;

/// One matched file, before channel names and time labels are numbered.
struct Parsed {
  const FoundFile* file = nullptr;
  WellId well;
  std::string plate, read, channel_name, timepoint_label;
  int field = 1, z = 1, timepoint = 0;
  std::optional<int> channel;
};

int to_int(const std::string& s, const FoundFile& f, const char* what, const std::string& layout) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw InputError(f.path.string() + ": " + what + " '" + s + "' is not a whole number (layout " + layout +
                     "); check input.layout / input.filename_pattern");
  return v;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

/// "a2" < "a10": digit runs compare as numbers (Incucyte "03d06h40m", zero-padded or not).
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])), db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      const std::string na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      const std::size_t za = na.find_first_not_of('0'), zb = nb.find_first_not_of('0');
      const std::string ta = za == std::string::npos ? "" : na.substr(za), tb = zb == std::string::npos ? "" : nb.substr(zb);
      if (ta.size() != tb.size()) return ta.size() < tb.size();
      if (ta != tb) return ta < tb;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::optional<WellId> well_of(const std::smatch& g, const FilenamePattern& p, const FoundFile& f,
                              const std::string& layout) {
  if (p.well) return WellId::parse(g[p.well].str());
  const int row = to_int(g[p.row].str(), f, "row", layout), col = to_int(g[p.col].str(), f, "column", layout);
  if (row < 1 || row > 26 || col < 1) return std::nullopt;
  return WellId{row - 1, col - 1};
}

/// Group `i` exists in the pattern and took part in this match (optional parts may not).
bool has(const std::smatch& g, int i) { return i > 0 && g[i].matched; }

Parsed parse_one(const FoundFile& f, const std::smatch& g, const FilenamePattern& p, const std::string& layout) {
  Parsed r;
  r.file = &f;
  const auto well = well_of(g, p, f, layout);
  if (!well) throw InputError(f.path.string() + ": '" + g[p.well ? p.well : p.row].str() + "' is not a well");
  r.well = *well;
  if (has(g, p.plate)) r.plate = g[p.plate].str();
  if (has(g, p.read)) r.read = g[p.read].str();
  if (has(g, p.field)) r.field = to_int(g[p.field].str(), f, "field", layout);
  if (has(g, p.channel)) r.channel = to_int(g[p.channel].str(), f, "channel", layout);
  if (has(g, p.channel_name)) r.channel_name = g[p.channel_name].str();
  if (!r.channel && r.channel_name.empty()) r.channel = 1;  // one-channel names (Incucyte, "_w" left out)
  r.z = has(g, p.z) ? to_int(g[p.z].str(), f, "z-step", layout) : f.folder_z.value_or(1);
  r.timepoint = f.folder_timepoint;
  if (has(g, p.timepoint)) {
    const std::string t = g[p.timepoint].str();
    if (all_digits(t)) r.timepoint = to_int(t, f, "time point", layout);
    else r.timepoint_label = t;
  }
  return r;
}

/// One value of `get` across all files (plate, Cytation read); several is an InputError.
template <class Get>
std::string the_one(const std::vector<Parsed>& all, Get get, const fs::path& dir, const char* what,
                    const char* advice) {
  for (const auto& r : all)
    if (get(r) != get(all.front()))
      throw InputError(dir.string() + ": files of several " + what + " in one folder ('" + get(all.front()) + "' in " +
                       all.front().file->rel + ", '" + get(r) + "' in " + r.file->rel + "); " + advice);
  return all.empty() ? std::string() : get(all.front());
}

/// Channel names: with an index in the name, each index must keep one name; without one,
/// indices follow the names' natural order.
std::map<int, std::string> number_channels(std::vector<Parsed>& all, const fs::path& dir) {
  std::map<int, std::string> names;
  std::vector<std::string> unindexed;
  for (const auto& r : all)
    if (!r.channel && !r.channel_name.empty()) unindexed.push_back(r.channel_name);
  std::sort(unindexed.begin(), unindexed.end(), natural_less);
  unindexed.erase(std::unique(unindexed.begin(), unindexed.end()), unindexed.end());
  for (auto& r : all) {
    if (r.channel_name.empty()) continue;
    if (!r.channel)
      r.channel = 1 + int(std::lower_bound(unindexed.begin(), unindexed.end(), r.channel_name, natural_less) -
                          unindexed.begin());
    const auto [it, fresh] = names.emplace(*r.channel, r.channel_name);
    if (!fresh && it->second != r.channel_name)
      throw InputError(dir.string() + ": channel " + std::to_string(*r.channel) + " is named both '" + it->second +
                       "' and '" + r.channel_name + "' (" + r.file->rel + "); one acquisition per folder");
  }
  return names;
}

/// Time labels (Incucyte date-times) become 1, 2, ... in natural (= chronological) order.
std::map<int, std::string> number_timepoints(std::vector<Parsed>& all) {
  std::vector<std::string> labels;
  for (const auto& r : all)
    if (!r.timepoint_label.empty()) labels.push_back(r.timepoint_label);
  std::sort(labels.begin(), labels.end(), natural_less);
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  std::map<int, std::string> out;
  for (auto& r : all) {
    if (r.timepoint_label.empty()) continue;
    r.timepoint = 1 + int(std::lower_bound(labels.begin(), labels.end(), r.timepoint_label, natural_less) - labels.begin());
    out[r.timepoint] = r.timepoint_label;
  }
  return out;
}

void add_fields(PlateManifest& m, const std::vector<Parsed>& all, const fs::path& dir) {
  std::map<std::tuple<WellId, int, int, int>, FieldFiles> fields;
  for (const auto& r : all) {
    FieldFiles& f = fields[{r.well, r.field, r.timepoint, r.z}];
    f.well = r.well;
    f.field = r.field;
    f.timepoint = r.timepoint;
    f.z = r.z;
    const auto [it, fresh] = f.channels.emplace(*r.channel, r.file->path);
    if (!fresh)
      throw InputError(dir.string() + ": two files for well " + r.well.str() + " field " + std::to_string(r.field) +
                       " channel " + std::to_string(*r.channel) +
                       (r.timepoint ? " time point " + std::to_string(r.timepoint) : std::string()) + " (" +
                       fs::relative(it->second, dir).string() + ", " + r.file->rel + ")");
  }
  for (auto& [key, f] : fields) m.fields.push_back(std::move(f));  // map order: well, field, t, z
}

}  // namespace

PlateManifest fields_from_names(const fs::path& dir, const FolderListing& listing, const FilenamePattern& p,
                                const std::string& layout) {
  const std::regex re(p.regex, std::regex::ECMAScript);
  PlateManifest m;
  m.dir = dir;
  m.layout = layout;
  std::vector<Parsed> all;
  for (const auto& f : listing.files) {
    std::smatch g;
    // ImageXpress thumbnails (_thumb<GUID>.tif) are never data, whatever the pattern says.
    if (f.name.find("_thumb") != std::string::npos || !std::regex_match(f.name, g, re)) {
      m.ignored_files.push_back(f.rel);
      continue;
    }
    all.push_back(parse_one(f, g, p, layout));
  }
  if (all.empty())
    throw InputError(dir.string() + ": no image file fits layout " + layout +
                     (layout == "regex" ? " (input.filename_pattern '" + p.regex + "')" : std::string()) + "; " +
                     std::to_string(m.ignored_files.size()) + " other files ignored");
  m.plate_name = the_one(all, [](const Parsed& r) { return r.plate; }, dir, "plates",
                         "put each plate in its own folder");
  if (m.plate_name.empty()) m.plate_name = folder_name(dir);
  (void)the_one(all, [](const Parsed& r) { return r.read; }, dir, "reads (acquisition slots)",
                "put each read in its own folder, or fix it in input.filename_pattern, e.g. {well}_04_...");
  m.channel_names = number_channels(all, dir);
  m.timepoint_labels = number_timepoints(all);
  add_fields(m, all, dir);
  return m;
}

}  // namespace lysisq::io::detail
