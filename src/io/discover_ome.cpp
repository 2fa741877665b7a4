// SPDX-License-Identifier: MIT
// OME-TIFF files -> fields whose channels are (file, page). Where an Image sits on the plate
// comes from the OME Plate/Well/WellSample elements when the file has them, otherwise from the
// file name: <plate>_<well>[_s<field>].ome.tif, one field per file, or one file per well whose
// Images are the fields 1, 2, ... in document order.
#include <algorithm>
#include <charconv>
#include <regex>
#include <tuple>

#include "discover_internal.hpp"
#include "lysisq/errors.hpp"
#include "ome_xml.hpp"

namespace lysisq::io::detail {
namespace {

namespace fs = std::filesystem;

struct Placed {
  const OmeImage* image;
  WellId well;
  int field;
};

/// Fields of a well in WellSample@Index order.
std::vector<Placed> place_by_plate(const OmeDocument& doc) {
  std::vector<OmeWellSample> samples = doc.samples;
  std::sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) {
    return std::tie(a.row, a.col, a.index) < std::tie(b.row, b.col, b.index);
  });
  std::vector<Placed> out;
  int field = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    field = (i > 0 && samples[i - 1].row == s.row && samples[i - 1].col == s.col) ? field + 1 : 1;
    for (const auto& img : doc.images)
      if (img.id == s.image_id) out.push_back({&img, WellId{s.row, s.col}, field});
  }
  return out;
}

/// From the file name; empty if it does not say which well. Sets `plate`.
std::vector<Placed> place_by_name(const OmeDocument& doc, const FoundFile& f, std::string& plate) {
  static const std::regex re(R"((.+)_([A-Z][0-9]{1,2})(?:_s([0-9]+))?\.[oO][mM][eE]\.[tT][iI][fF][fF]?)");
  std::smatch g;
  if (!std::regex_match(f.name, g, re)) return {};
  const auto well = WellId::parse(g[2].str());
  if (!well) return {};
  plate = g[1].str();
  std::vector<Placed> out;
  if (g[3].matched) {
    if (doc.images.size() != 1)
      throw InputError(f.path.string() + ": holds " + std::to_string(doc.images.size()) +
                       " OME Images but its name gives one field (_s" + g[3].str() + "); name per-well files <plate>_<well>.ome.tif");
    int field = 0;
    const std::string digits = g[3].str();
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), field);
    if (ec != std::errc() || field < 1) throw InputError(f.path.string() + ": field _s" + digits + " is out of range");
    out.push_back({&doc.images.front(), *well, field});
    return out;
  }
  for (std::size_t i = 0; i < doc.images.size(); ++i) out.push_back({&doc.images[i], *well, int(i) + 1});
  return out;
}

using FieldMap = std::map<std::tuple<WellId, int, int, int>, FieldFiles>;

void add_planes(const Placed& p, const FoundFile& f, int pages, const fs::path& dir, FieldMap& fields) {
  for (const auto& plane : p.image->planes) {
    const fs::path file = plane.file.empty() ? f.path : f.path.parent_path() / plane.file;
    if (plane.file.empty() && plane.ifd >= pages)
      throw InputError(f.path.string() + ": OME-XML puts plane (c " + std::to_string(plane.c) + ", z " +
                       std::to_string(plane.z) + ", t " + std::to_string(plane.t) + ") on page " +
                       std::to_string(plane.ifd) + " but the file has " + std::to_string(pages) + " pages");
    const int t = p.image->size_t_ > 1 ? plane.t + 1 : 0;
    FieldFiles& ff = fields[{p.well, p.field, t, plane.z + 1}];
    ff.well = p.well;
    ff.field = p.field;
    ff.timepoint = t;
    ff.z = plane.z + 1;
    const int ch = plane.c + 1;
    const auto [it, fresh] = ff.channels.emplace(ch, file);
    // Multi-file sets repeat the same OME-XML in every file: the same plane twice is no conflict.
    if (!fresh && (it->second != file || ff.page_of(ch) != plane.ifd))
      throw InputError(dir.string() + ": two OME-TIFF planes for well " + p.well.str() + " field " +
                       std::to_string(p.field) + " channel " + std::to_string(ch) + " (" +
                       it->second.filename().string() + ", " + file.filename().string() + ")");
    if (plane.ifd != 0) ff.pages[ch] = plane.ifd;
  }
}

void note_metadata(const OmeImage& img, PlateManifest& m) {
  for (std::size_t c = 0; c < img.channel_names.size(); ++c)
    if (!img.channel_names[c].empty()) m.channel_names.emplace(int(c) + 1, img.channel_names[c]);
  if (m.pixel_size_um == 0.0) m.pixel_size_um = img.pixel_size_x_um;
}

}  // namespace

PlateManifest fields_from_ome_tiff(const fs::path& dir, const FolderListing& listing) {
  PlateManifest m;
  m.dir = dir;
  m.layout = "ome_tiff";
  FieldMap fields;
  std::string plate_file;
  for (const auto& f : listing.files) {
    if (!is_ome_tiff_name(f.name)) {
      m.ignored_files.push_back(f.rel);
      continue;
    }
    const OmeDocument doc = parse_ome_xml(tiff_image_description(f.path), f.path);
    if (doc.binary_only) continue;  // pixels only; the file with the metadata lists its planes
    std::string plate = doc.plate_name;
    std::string name_plate;
    const std::vector<Placed> placed = doc.samples.empty() ? place_by_name(doc, f, name_plate) : place_by_plate(doc);
    if (placed.empty()) {
      m.ignored_files.push_back(f.rel);  // neither OME Plate metadata nor <plate>_<well> in the name
      continue;
    }
    if (plate.empty()) plate = name_plate.empty() ? folder_name(dir) : name_plate;
    if (m.plate_name.empty()) {
      m.plate_name = plate;
      plate_file = f.rel;
    } else if (plate != m.plate_name) {
      throw InputError(dir.string() + ": files of several plates in one folder ('" + m.plate_name + "' in " + plate_file +
                       ", '" + plate + "' in " + f.rel + "); put each plate in its own folder");
    }
    const int pages = page_count(f.path);
    for (const auto& p : placed) {
      add_planes(p, f, pages, dir, fields);
      note_metadata(*p.image, m);
    }
  }
  if (fields.empty())
    throw InputError(dir.string() + ": no OME-TIFF that says which well it holds (OME Plate metadata, or a name like "
                     "<plate>_<well>[_s<field>].ome.tif); " + std::to_string(m.ignored_files.size()) + " files ignored");
  for (auto& [key, f] : fields) m.fields.push_back(std::move(f));
  return m;
}

}  // namespace lysisq::io::detail
