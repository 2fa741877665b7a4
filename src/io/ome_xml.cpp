// SPDX-License-Identifier: MIT
// OME-XML -> planes and plate placement (ome_xml.hpp). Plane order follows the OME-TIFF
// specification: a Pixels element's planes are numbered in DimensionOrder (the first letter after
// XY varies fastest); TiffData maps PlaneCount consecutive planes from (FirstZ, FirstC, FirstT)
// to consecutive IFDs from IFD. Without any TiffData the planes fill the IFDs in order.
#include "ome_xml.hpp"

#include <pugixml.hpp>

#include <algorithm>

#include "discover_internal.hpp"
#include "lysisq/errors.hpp"
#include "tiff_file.hpp"

namespace lysisq::io::detail {
namespace {

namespace fs = std::filesystem;

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

/// Children of `n` whose local name is `name` (OME files may use an "ome:" prefix).
std::vector<pugi::xml_node> children_named(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (auto c : n.children())
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  return out;
}

[[noreturn]] void bad(const fs::path& shown, const std::string& what) {
  throw InputError(shown.string() + ": OME-XML " + what);
}

/// Plane numbering of one Pixels element.
struct PlaneGrid {
  std::string order;  ///< the three letters after "XY", e.g. "ZCT"
  int size_z = 1, size_c = 1, size_t_ = 1;

  int size_of(char d) const { return d == 'Z' ? size_z : d == 'C' ? size_c : size_t_; }
  int total() const { return size_z * size_c * size_t_; }
  int index(int z, int c, int t) const {
    int idx = 0, mult = 1;
    for (char d : order) {
      idx += (d == 'Z' ? z : d == 'C' ? c : t) * mult;
      mult *= size_of(d);
    }
    return idx;
  }
  OmePlane plane(int idx) const {
    OmePlane p;
    for (char d : order) {
      const int v = idx % size_of(d);
      idx /= size_of(d);
      (d == 'Z' ? p.z : d == 'C' ? p.c : p.t) = v;
    }
    return p;
  }
};

PlaneGrid grid_of(const pugi::xml_node& pixels, const fs::path& shown) {
  PlaneGrid g;
  const std::string order = pixels.attribute("DimensionOrder").as_string("XYZCT");
  std::string letters = order.size() == 5 && order.compare(0, 2, "XY") == 0 ? order.substr(2) : "";
  std::string sorted = letters;
  std::sort(sorted.begin(), sorted.end());
  if (sorted != "CTZ") bad(shown, "DimensionOrder '" + order + "' is not XY followed by Z, C and T");
  g.order = letters;
  g.size_z = pixels.attribute("SizeZ").as_int(1);
  g.size_c = pixels.attribute("SizeC").as_int(1);
  g.size_t_ = pixels.attribute("SizeT").as_int(1);
  if (g.size_z < 1 || g.size_c < 1 || g.size_t_ < 1 || double(g.size_z) * g.size_c * g.size_t_ > 1e6)
    bad(shown, "sizes SizeZ=" + std::to_string(g.size_z) + " SizeC=" + std::to_string(g.size_c) +
                   " SizeT=" + std::to_string(g.size_t_) + " are out of range");
  return g;
}

/// Planes of one TiffData element, appended to `out`.
void add_tiff_data(const pugi::xml_node& td, const PlaneGrid& g, const fs::path& shown, std::vector<OmePlane>& out) {
  const bool has_ifd = td.attribute("IFD");
  const int ifd = td.attribute("IFD").as_int(0);
  const int count = td.attribute("PlaneCount") ? td.attribute("PlaneCount").as_int(0) : (has_ifd ? 1 : g.total());
  const int z = td.attribute("FirstZ").as_int(0), c = td.attribute("FirstC").as_int(0), t = td.attribute("FirstT").as_int(0);
  if (z < 0 || z >= g.size_z || c < 0 || c >= g.size_c || t < 0 || t >= g.size_t_ || ifd < 0 || count < 0)
    bad(shown, "TiffData (IFD " + std::to_string(ifd) + ", FirstZ/C/T " + std::to_string(z) + "/" + std::to_string(c) +
                   "/" + std::to_string(t) + ") lies outside the image's planes");
  const int start = g.index(z, c, t);
  if (start + count > g.total())
    bad(shown, "TiffData maps " + std::to_string(count) + " planes from plane " + std::to_string(start) + " but the image has " +
                   std::to_string(g.total()));
  std::string file;
  for (const auto& uuid : children_named(td, "UUID")) file = uuid.attribute("FileName").as_string();
  for (int k = 0; k < count; ++k) {
    OmePlane p = g.plane(start + k);
    p.file = file;
    p.ifd = ifd + k;
    out.push_back(p);
  }
}

OmeImage parse_image(const pugi::xml_node& image, const fs::path& shown, int& next_ifd) {
  OmeImage img;
  img.id = image.attribute("ID").as_string();
  const auto pixels = children_named(image, "Pixels");
  if (pixels.size() != 1) bad(shown, "Image '" + img.id + "' has no Pixels element");
  const pugi::xml_node px = pixels.front();
  const PlaneGrid g = grid_of(px, shown);
  img.size_c = g.size_c;
  img.size_z = g.size_z;
  img.size_t_ = g.size_t_;
  img.pixel_size_x_um = length_to_um(px.attribute("PhysicalSizeX").as_double(0.0),
                                     px.attribute("PhysicalSizeXUnit").as_string("\xC2\xB5m"));  // default µm
  for (const auto& ch : children_named(px, "Channel")) img.channel_names.emplace_back(ch.attribute("Name").as_string());
  img.channel_names.resize(std::size_t(g.size_c));
  const auto tiff_data = children_named(px, "TiffData");
  for (const auto& td : tiff_data) add_tiff_data(td, g, shown, img.planes);
  if (tiff_data.empty()) {  // planes fill the file's IFDs in order, image after image
    for (int k = 0; k < g.total(); ++k) {
      OmePlane p = g.plane(k);
      p.ifd = next_ifd + k;
      img.planes.push_back(p);
    }
    next_ifd += g.total();
  }
  return img;
}

void parse_plate(const pugi::xml_node& plate, OmeDocument& doc) {
  if (doc.plate_name.empty()) doc.plate_name = plate.attribute("Name").as_string();
  for (const auto& well : children_named(plate, "Well"))
    for (const auto& ws : children_named(well, "WellSample"))
      for (const auto& ref : children_named(ws, "ImageRef"))
        doc.samples.push_back({ref.attribute("ID").as_string(), well.attribute("Row").as_int(0),
                               well.attribute("Column").as_int(0), ws.attribute("Index").as_int(0)});
}

}  // namespace

OmeDocument parse_ome_xml(const std::string& xml, const fs::path& shown) {
  pugi::xml_document xdoc;
  const pugi::xml_parse_result r = xdoc.load_buffer(xml.data(), xml.size());
  if (!r) bad(shown, std::string("in ImageDescription is not well-formed (") + r.description() + " at byte " +
                         std::to_string(r.offset) + ")");
  const pugi::xml_node root = xdoc.document_element();
  if (local_name(root) != "OME") throw InputError(shown.string() + ": not an OME-TIFF (no OME-XML in ImageDescription)");
  OmeDocument doc;
  int next_ifd = 0;
  for (auto n : root.children()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view name = local_name(n);
    if (name == "BinaryOnly") doc.binary_only = true;
    else if (name == "Plate") parse_plate(n, doc);
    else if (name == "Image") doc.images.push_back(parse_image(n, shown, next_ifd));
  }
  return doc;
}

std::string tiff_image_description(const fs::path& file) {
  TiffFile t(file, "r", file);
  char* desc = nullptr;
  if (TIFFGetField(t.get(), TIFFTAG_IMAGEDESCRIPTION, &desc) == 1 && desc) return desc;
  return {};
}

}  // namespace lysisq::io::detail
