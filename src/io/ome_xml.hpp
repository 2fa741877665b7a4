// SPDX-License-Identifier: MIT
// Internal to src/io: the parts of OME-XML (OME 2016-06 schema) that discovery needs: per
// Image its pixel sizes, channel names and where each plane (c, z, t) lives (TiffData), and the
// Plate / Well / WellSample placement of Images.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace lysisq::io::detail {

struct OmePlane {
  int c = 0, z = 0, t = 0;  ///< 0-based, as in OME-XML
  std::string file;         ///< TiffData/UUID@FileName; "" = the file holding the XML
  int ifd = 0;              ///< page (IFD) in that file
};

struct OmeImage {
  std::string id;                          ///< "Image:0"
  int size_c = 1, size_z = 1, size_t_ = 1;
  double pixel_size_x_um = 0.0;            ///< 0 = absent or unknown unit
  std::vector<std::string> channel_names;  ///< SizeC entries; "" where unnamed
  std::vector<OmePlane> planes;            ///< every (c, z, t), in DimensionOrder
};

/// WellSample: where an Image sits on the plate.
struct OmeWellSample {
  std::string image_id;
  int row = 0, col = 0;  ///< 0-based (Well@Row, Well@Column)
  int index = 0;         ///< WellSample@Index, orders the fields of a well
};

struct OmeDocument {
  bool binary_only = false;  ///< a data-only file of a multi-file set (metadata elsewhere)
  std::string plate_name;
  std::vector<OmeImage> images;
  std::vector<OmeWellSample> samples;
};

/// Parses OME-XML; `shown` names the file in InputError messages (not OME-XML, malformed,
/// inconsistent sizes or TiffData outside the plane grid).
OmeDocument parse_ome_xml(const std::string& xml, const std::filesystem::path& shown);

/// The ImageDescription of the first page of a TIFF ("" if it has none).
std::string tiff_image_description(const std::filesystem::path& file);

}  // namespace lysisq::io::detail
