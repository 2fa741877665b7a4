// SPDX-License-Identifier: MIT
// Image files in and out, plate folder discovery, and crash-safe output files. Implemented in
// src/io/ (the only place that includes OpenCV imgcodecs or libtiff).
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::io {

/// Reads page `page` of a greyscale 8- or 16-bit TIFF (single or multi-page) or PNG as u16
/// (8-bit values are kept as they are, not rescaled). Throws InputError naming the file and the
/// problem: missing, corrupt, truncated, colour, float or other bit depths, page out of range.
Image<u16> read_image_u16(const std::filesystem::path& file, int page = 0);

/// Number of pages of a TIFF (1 for PNG). Throws InputError like read_image_u16.
int page_count(const std::filesystem::path& file);

enum class TiffCompression { kNone, kDeflate };

/// Writes a 16-bit greyscale TIFF atomically (temporary name, then rename).
void write_tiff_u16(const std::filesystem::path& file, U16View img,
                    TiffCompression c = TiffCompression::kDeflate);

/// Writes labels as 16-bit TIFF (0 = background); throws InputError if a label exceeds 65535.
void write_label_tiff(const std::filesystem::path& file, const LabelImage& labels);

/// Writes `content` to `file` atomically: a temporary file in the same folder, fsync, rename.
/// A crash leaves either the old file or none, never a half-written one under the final name.
void write_file_atomic(const std::filesystem::path& file, const std::string& content);

/// One field of view: its channel files by channel index (the `w<n>` of the file name).
struct FieldFiles {
  WellId well;
  int field = 1;
  std::map<int, std::filesystem::path> channels;
  /// Time point as the layout numbers it (TimePoint_<n>, sk<n>, Incucyte scan order from 1);
  /// 0 when the layout has no time axis.
  int timepoint = 0;
  /// Z-step / plane as the layout numbers it (ZStep_<n>, where 0 is the projection; p<n>).
  int z = 1;
  /// Page of `channels[c]` in a multi-page file (OME-TIFF); a channel not listed is page 0.
  std::map<int, int> pages;
  int page_of(int channel) const {
    const auto it = pages.find(channel);
    return it == pages.end() ? 0 : it->second;
  }
};

/// What a plate folder holds, as found by the file-name pattern.
struct PlateManifest {
  std::filesystem::path dir;
  std::string plate_name;
  std::vector<FieldFiles> fields;           ///< sorted by well, then field (then time point, z)
  std::vector<std::string> ignored_files;   ///< files that did not match the pattern
  // Filled by discover_plate() (discovery.hpp); scan_plate_dir() leaves them empty.
  std::string layout;                          ///< "imagexpress", "operetta", ..., "regex"
  std::map<int, std::string> channel_names;    ///< channel index -> name, where the layout names them
  std::map<int, std::string> timepoint_labels; ///< time point -> label (Incucyte date-time)
  double pixel_size_um = 0.0;                  ///< from OME-XML / Index.xml; 0 = unknown
};

/// Reads channel `channel` of `f` (its file, at its page). Throws InputError like read_image_u16,
/// and naming the field when it has no such channel.
Image<u16> read_field_channel(const FieldFiles& f, int channel);

/// Lists image files in `dir` whose names match `filename_pattern` (groups: plate, well, field,
/// channel; see InputParams). Throws InputError if the folder is missing or holds no image, or if
/// files of several plates are mixed.
PlateManifest scan_plate_dir(const std::filesystem::path& dir, const std::string& filename_pattern);

}  // namespace lysisq::io
