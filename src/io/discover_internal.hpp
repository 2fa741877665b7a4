// SPDX-License-Identifier: MIT
// Internal to src/io: the pieces of discover_plate() (discovery.hpp), one file each: folder
// listing (discover.cpp), file names -> fields (discover_names.cpp), built-in layouts and the
// Harmony index (discover_layouts.cpp), OME-TIFF (discover_ome.cpp, ome_xml.cpp).
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/filename_pattern.hpp"
#include "lysisq/io.hpp"

namespace lysisq::io::detail {

/// A regular file under the plate folder, with what its sub-folders say about it.
struct FoundFile {
  std::filesystem::path path;
  std::string name;           ///< file name
  std::string rel;            ///< path relative to the plate folder (for messages)
  int folder_timepoint = 0;   ///< from TimePoint_<n>/; 0 = none
  std::optional<int> folder_z;  ///< from ZStep_<n>/
};

struct FolderListing {
  std::vector<FoundFile> files;            ///< sorted by relative path
  std::vector<std::string> ignored_dirs;   ///< "name/" of sub-folders no layout uses
};

/// Lists `dir` as discovery.hpp describes. Throws InputError if `dir` is not a folder.
FolderListing list_plate_folder(const std::filesystem::path& dir);

/// The last component of `dir`, also for "plate/" (used when names carry no plate).
std::string folder_name(const std::filesystem::path& dir);

/// Files -> fields by `p`. Non-matching files and thumbnails go to ignored_files. Throws
/// InputError for several plates or reads, two files of one image, or a bad number.
PlateManifest fields_from_names(const std::filesystem::path& dir, const FolderListing& listing,
                                const FilenamePattern& p, const std::string& layout);

/// The file-name pattern of a built-in name-based layout (not kAuto, kOmeTiff, kRegex).
const FilenamePattern& builtin_pattern(InputLayout l);

/// True for "*.ome.tif" / "*.ome.tiff" (any case).
bool is_ome_tiff_name(const std::string& name);

/// OME-TIFF files -> fields with (file, page) channels (discover_ome.cpp).
PlateManifest fields_from_ome_tiff(const std::filesystem::path& dir, const FolderListing& listing);

/// What a Harmony Index.idx.xml / Index.ref.xml / Index.xml says, where present.
struct HarmonyIndex {
  std::filesystem::path file;
  std::string plate;                         ///< PlateID, or "" if absent
  std::map<int, std::string> channel_names;  ///< ChannelID -> ChannelName
  double pixel_size_um = 0.0;                ///< ImageResolutionX; 0 = absent
};
/// Reads the index next to the images (in `dir` or `dir/Images`); nullopt if none. Throws
/// InputError if the file exists but is not well-formed XML.
std::optional<HarmonyIndex> read_harmony_index(const std::filesystem::path& dir);

/// Converts an OME / Harmony length to micrometres; 0 for an unknown unit.
double length_to_um(double value, const std::string& unit);

}  // namespace lysisq::io::detail
