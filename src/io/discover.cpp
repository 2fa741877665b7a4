// SPDX-License-Identifier: MIT
// discover_plate(): list the plate folder, choose the layout (given, or detected from the file
// names), hand over to the name- or OME-based reader. Auto-detection never guesses: several
// layouts fitting one folder is an error that names them, with an example file each.
#include <algorithm>
#include <array>
#include <charconv>
#include <regex>

#include "discover_internal.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io {
namespace detail {
namespace {

namespace fs = std::filesystem;

/// n of "<prefix><n>" (TimePoint_3, ZStep_0), or nullopt.
std::optional<int> folder_number(const std::string& name, std::string_view prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  int v = 0;
  const char* b = name.data() + prefix.size();
  const char* e = name.data() + name.size();
  const auto [end, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || end != e) return std::nullopt;
  return v;
}

/// Sorted entries of one folder; throws InputError if it cannot be listed.
std::vector<fs::directory_entry> entries(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::directory_entry> out;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e);
  if (ec) throw InputError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return out;
}

/// Adds the files of `dir` (shown as `rel_prefix` + name); sub-folders are handled by `sub`.
template <class Sub>
void add_files(const fs::path& dir, const std::string& rel_prefix, const FoundFile& proto, FolderListing& out,
               Sub&& sub) {
  for (const auto& e : entries(dir)) {
    std::error_code ec;
    const std::string name = e.path().filename().string();
    if (e.is_directory(ec)) {
      sub(e.path(), name);
    } else if (e.is_regular_file(ec)) {
      FoundFile f = proto;
      f.path = e.path();
      f.name = name;
      f.rel = rel_prefix + name;
      out.files.push_back(std::move(f));
    }
  }
}

}  // namespace

std::string folder_name(const fs::path& dir) {
  const fs::path p = dir.filename().empty() ? dir.parent_path() : dir;
  return p.filename().string();
}

FolderListing list_plate_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": no such folder");
  FolderListing out;
  const auto ignore = [&](const std::string& rel) { out.ignored_dirs.push_back(rel + "/"); };
  add_files(dir, "", FoundFile{}, out, [&](const fs::path& sub, const std::string& name) {
    FoundFile proto;
    if (name == "Images") {  // Harmony export: Images/r01c01f01p01-ch1sk1fk1fl1.tiff
      add_files(sub, name + "/", proto, out, [&](const fs::path&, const std::string& n) { ignore(name + "/" + n); });
    } else if (const auto t = folder_number(name, "TimePoint_")) {
      proto.folder_timepoint = *t;
      add_files(sub, name + "/", proto, out, [&](const fs::path& zdir, const std::string& zname) {
        const auto z = folder_number(zname, "ZStep_");
        if (!z) return ignore(name + "/" + zname);
        FoundFile zproto = proto;
        zproto.folder_z = *z;
        add_files(zdir, name + "/" + zname + "/", zproto, out,
                  [&](const fs::path&, const std::string& n) { ignore(name + "/" + zname + "/" + n); });
      });
    } else if (const auto z = folder_number(name, "ZStep_")) {
      proto.folder_z = *z;
      add_files(sub, name + "/", proto, out, [&](const fs::path&, const std::string& n) { ignore(name + "/" + n); });
    } else {
      ignore(name);
    }
  });
  std::sort(out.files.begin(), out.files.end(), [](const auto& a, const auto& b) { return a.rel < b.rel; });
  return out;
}

}  // namespace detail

namespace {

namespace fs = std::filesystem;
using detail::FolderListing;

constexpr std::array<InputLayout, 5> kDetectable{InputLayout::kImageXpress, InputLayout::kOperetta,
                                                 InputLayout::kCytation, InputLayout::kIncucyte,
                                                 InputLayout::kOmeTiff};

bool fits(InputLayout l, const std::regex* re, const std::string& name) {
  if (l == InputLayout::kOmeTiff) return detail::is_ome_tiff_name(name);
  if (detail::is_ome_tiff_name(name) || name.find("_thumb") != std::string::npos) return false;
  return std::regex_match(name, *re);
}

InputLayout detect(const fs::path& dir, const FolderListing& listing) {
  struct Candidate {
    InputLayout layout;
    std::size_t count = 0;
    std::string example;
  };
  std::vector<Candidate> found;
  for (InputLayout l : kDetectable) {
    std::optional<std::regex> re;
    if (l != InputLayout::kOmeTiff) re.emplace(detail::builtin_pattern(l).regex, std::regex::ECMAScript);
    Candidate c{l, 0, {}};
    for (const auto& f : listing.files)
      if (fits(l, re ? &*re : nullptr, f.name) && c.count++ == 0) c.example = f.rel;
    if (c.count) found.push_back(c);
  }
  if (found.size() == 1) return found.front().layout;
  if (found.empty())
    throw InputError(dir.string() + ": no file name fits a known layout (" + std::to_string(listing.files.size()) +
                     " files looked at" + (listing.files.empty() ? "" : ", e.g. " + listing.files.front().rel) +
                     "); set input.layout, or input.filename_pattern for another naming scheme");
  std::string which;
  for (const auto& c : found)
    which += std::string(which.empty() ? "" : ", ") + layout_name(c.layout) + " (" + std::to_string(c.count) +
             " files, e.g. " + c.example + ")";
  throw InputError(dir.string() + ": file names fit several layouts: " + which +
                   "; set input.layout to the right one");
}

FilenamePattern user_pattern(const std::string& pattern) {
  try {
    return parse_filename_pattern(pattern);
  } catch (const ConfigError& e) {
    throw ConfigError("input.filename_pattern: " + std::string(e.what()) + " (got '" + pattern + "')");
  }
}

/// Harmony exports name channels and the plate in Index*.xml; file names carry neither.
void apply_harmony_index(PlateManifest& m, const fs::path& dir) {
  const auto index = detail::read_harmony_index(dir);
  if (!index) return;
  if (!index->plate.empty()) m.plate_name = index->plate;
  for (const auto& [ch, name] : index->channel_names)
    if (m.channel_names.count(ch) == 0) m.channel_names[ch] = name;
  if (index->pixel_size_um > 0) m.pixel_size_um = index->pixel_size_um;
}

}  // namespace

const char* layout_name(InputLayout l) {
  switch (l) {
    case InputLayout::kAuto: return "auto";
    case InputLayout::kImageXpress: return "imagexpress";
    case InputLayout::kOperetta: return "operetta";
    case InputLayout::kCytation: return "cytation";
    case InputLayout::kIncucyte: return "incucyte";
    case InputLayout::kOmeTiff: return "ome_tiff";
    case InputLayout::kRegex: return "regex";
  }
  return "unknown";
}

InputLayout detect_layout(const fs::path& dir, const InputParams& input) {
  if (input.layout != InputLayout::kAuto) return input.layout;
  if (input.filename_pattern != InputParams{}.filename_pattern) return InputLayout::kRegex;
  return detect(dir, detail::list_plate_folder(dir));
}

PlateManifest discover_plate(const fs::path& dir, const InputParams& input) {
  const FolderListing listing = detail::list_plate_folder(dir);
  InputLayout l = input.layout;
  if (l == InputLayout::kAuto)
    l = input.filename_pattern != InputParams{}.filename_pattern ? InputLayout::kRegex : detect(dir, listing);
  PlateManifest m;
  if (l == InputLayout::kOmeTiff)
    m = detail::fields_from_ome_tiff(dir, listing);
  else if (l == InputLayout::kRegex)
    m = detail::fields_from_names(dir, listing, user_pattern(input.filename_pattern), layout_name(l));
  else
    m = detail::fields_from_names(dir, listing, detail::builtin_pattern(l), layout_name(l));
  if (l == InputLayout::kOperetta) apply_harmony_index(m, dir);
  for (const auto& d : listing.ignored_dirs) m.ignored_files.push_back(d);
  return m;
}

Image<u16> read_field_channel(const FieldFiles& f, int channel) {
  const auto it = f.channels.find(channel);
  if (it == f.channels.end())
    throw InputError("well " + f.well.str() + " field " + std::to_string(f.field) + " has no channel " +
                     std::to_string(channel));
  return read_image_u16(it->second, f.page_of(channel));
}

}  // namespace lysisq::io
