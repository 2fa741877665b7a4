// SPDX-License-Identifier: MIT
// The built-in imager layouts as file-name patterns (ASSAY-DOMAIN.md §5), and the Harmony
// (Opera Phenix / Operetta CLS) index XML, which names the channels and the plate.
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "discover_internal.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io::detail {
namespace {

namespace fs = std::filesystem;

// ImageXpress (MetaXpress): <name>_<well>[_s<site>][_w<wave>][<GUID>].tif. A missing _s means
// one site and a missing _w one channel; database-direct names append the image GUID. Wells are
// upper case so that "P_B02_s12.tif" cannot read as plate "P_B02", well "s12".
constexpr const char* kImageXpress =
    R"({plate}_{well:[A-Z][0-9]{2}}(?:_s{field:[0-9]+})?(?:_w{channel:[1-9]})?)"
    R"((?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})?\.(?:tif|TIF|tiff|TIFF|png|PNG))";
// Harmony: r<row>c<col>f<field>p<plane>-ch<channel>[sk<timepoint>][fk<n>][fl<n>].tiff
// (sk = time point; fk, fl = field stack, focal level: not used).
constexpr const char* kOperetta =
    R"(r{row:[0-9]{1,2}}c{col:[0-9]{1,2}}f{field:[0-9]+}p{z:[0-9]+}-ch{channel:[0-9]+})"
    R"((?:sk{timepoint:[0-9]+})?(?:fk[0-9]+)?(?:fl[0-9]+)?\.(?:tiff|tif|TIFF|TIF))";
// Cytation (Gen5): <well>_<read>_<channel index>_<field>_<channel name>_<n>.tif, e.g.
// "B5_03_1_1_Bright Field_001.tif"; the read is an acquisition slot, the last number the image
// in the series (a time point).
constexpr const char* kCytation =
    R"({well:[A-Z][0-9]{1,2}}_{read:[0-9]+}_{channel:[0-9]+}_{field:[0-9]+}_{channel_name:.+}_{timepoint:[0-9]+})"
    R"(\.(?:tif|tiff|TIF|TIFF))";
// Incucyte export: <vessel>_<well>_<field>_<yyyy>y<mm>m<dd>d_<hh>h<mm>m.tif, or elapsed time
// <dd>d<hh>h<mm>m; one channel per export.
constexpr const char* kIncucyte =
    R"({plate}_{well:[A-Z][0-9]{1,2}}_{field:[0-9]+})"
    R"(_{timepoint:[0-9]{4}y[0-9]{2}m[0-9]{2}d_[0-9]{2}h[0-9]{2}m|[0-9]+d[0-9]{2}h[0-9]{2}m}\.(?:tif|tiff|TIF|TIFF))";

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Element name without a namespace prefix ("ome:Pixels" -> "Pixels").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node child_named(const pugi::xml_node& n, std::string_view name) {
  for (auto c : n.children())
    if (local_name(c) == name) return c;
  return {};
}

std::optional<int> int_of(const char* s) {
  char* end = nullptr;
  const long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 0 || v > 1'000'000) return std::nullopt;
  return int(v);
}

void read_index_node(const pugi::xml_node& n, HarmonyIndex& out) {
  const std::string_view name = local_name(n);
  if (name == "PlateID" && out.plate.empty()) {
    out.plate = n.child_value();
  } else if (name == "ImageResolutionX" && out.pixel_size_um == 0.0) {
    out.pixel_size_um = length_to_um(std::strtod(n.child_value(), nullptr), n.attribute("Unit").as_string("m"));
  } else if (name == "Entry" || name == "Image") {
    // Maps/Map/Entry[@ChannelID]/ChannelName (Harmony 5) or Image/{ChannelID, ChannelName}.
    const char* id = n.attribute("ChannelID") ? n.attribute("ChannelID").value() : child_named(n, "ChannelID").child_value();
    const pugi::xml_node cname = child_named(n, "ChannelName");
    const auto ch = int_of(id);
    if (ch && cname && out.channel_names.count(*ch) == 0) out.channel_names[*ch] = cname.child_value();
  }
}

}  // namespace

const FilenamePattern& builtin_pattern(InputLayout l) {
  static const FilenamePattern ixm = parse_filename_pattern(kImageXpress);
  static const FilenamePattern operetta = parse_filename_pattern(kOperetta);
  static const FilenamePattern cytation = parse_filename_pattern(kCytation);
  static const FilenamePattern incucyte = parse_filename_pattern(kIncucyte);
  switch (l) {
    case InputLayout::kImageXpress: return ixm;
    case InputLayout::kOperetta: return operetta;
    case InputLayout::kCytation: return cytation;
    case InputLayout::kIncucyte: return incucyte;
    default: break;
  }
  throw InternalError("builtin_pattern: layout has no file-name pattern");
}

bool is_ome_tiff_name(const std::string& name) {
  const std::string n = lower(name);
  const auto ends = [&](std::string_view s) { return n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0; };
  return ends(".ome.tif") || ends(".ome.tiff");
}

double length_to_um(double value, const std::string& unit) {
  static const std::pair<const char*, double> kUnits[] = {
      {"m", 1e6},  {"cm", 1e4},  {"mm", 1e3},        {"\xC2\xB5m", 1.0}, {"\xCE\xBCm", 1.0}, {"um", 1.0},
      {"micron", 1.0}, {"nm", 1e-3}, {"pm", 1e-6}, {"\xC3\x85", 1e-4}};  // µm (micro sign, Greek mu), Å
  for (const auto& [name, factor] : kUnits)
    if (unit == name) return value > 0 ? value * factor : 0.0;
  return 0.0;
}

std::optional<HarmonyIndex> read_harmony_index(const fs::path& dir) {
  for (const fs::path& folder : {dir, dir / "Images"})
    for (const char* name : {"Index.idx.xml", "Index.ref.xml", "Index.xml"}) {
      std::error_code ec;
      const fs::path file = folder / name;
      if (!fs::is_regular_file(file, ec)) continue;
      pugi::xml_document doc;
      const pugi::xml_parse_result r = doc.load_file(file.c_str());
      if (!r)
        throw InputError(file.string() + ": not well-formed XML (" + r.description() + " at byte " +
                         std::to_string(r.offset) + ")");
      HarmonyIndex out;
      out.file = file;
      struct Walker : pugi::xml_tree_walker {
        HarmonyIndex* out;
        bool for_each(pugi::xml_node& n) override {
          if (n.type() == pugi::node_element) read_index_node(n, *out);
          return true;
        }
      } walker;
      walker.out = &out;
      doc.traverse(walker);
      return out;
    }
  return std::nullopt;
}

}  // namespace lysisq::io::detail
