// SPDX-License-Identifier: MIT
// Plate folder discovery for real imager layouts (ImageXpress, Opera/Operetta, Cytation,
// Incucyte, OME-TIFF, a user pattern) and the gaps of what was found. Implemented in
// src/io/discover*.cpp; `lysisq scan` prints its results.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/io.hpp"

namespace lysisq::io {

/// The `input.layout` spelling of `l` ("auto", "imagexpress", "operetta", "cytation",
/// "incucyte", "ome_tiff", "regex").
const char* layout_name(InputLayout l);

/// Finds the images of one plate folder by `input.layout` (configs/README.md "Input layouts").
/// Looks at the files of `dir`, of `dir/Images/` (Harmony export), of `TimePoint_<n>/`,
/// `ZStep_<n>/` and `TimePoint_<n>/ZStep_<m>/` (ImageXpress); other sub-folders are listed in
/// ignored_files with a trailing '/'. kAuto picks the one layout that file names fit (a changed
/// filename_pattern means kRegex). Throws InputError if the folder is missing or holds no image
/// of the layout, if auto-detection finds several layouts (naming them), if the files belong to
/// several plates or acquisitions, or two files claim one image; ConfigError for a bad pattern.
PlateManifest discover_plate(const std::filesystem::path& dir, const InputParams& input);

/// Which layout kAuto would choose for `dir`, or InputError as discover_plate() would throw.
InputLayout detect_layout(const std::filesystem::path& dir, const InputParams& input);

/// An image that the plate's grid expects but the folder lacks.
struct MissingImage {
  WellId well;
  int field = 1;
  int timepoint = 0;
  int z = 1;
  int channel = 0;  ///< 0: no channel of this field / time point / z-step was found
  auto operator<=>(const MissingImage&) const = default;
};

/// The expected grid is every well found x every field, time point, z-step and channel found in
/// any well: a well with fewer fields or channels than the others shows up here. Values that no
/// well has are not guessed. Sorted by well, field, time point, z, channel.
std::vector<MissingImage> find_missing(const PlateManifest& m);

/// Hours after the earliest time point of each time point of `m` (its fields' `timepoint`s; a
/// plate without time points gives an empty map). Times come from the files where they carry
/// them (Incucyte labels: date-time <yyyy>y<mm>m<dd>d_<hh>h<mm>m or elapsed <dd>d<hh>h<mm>m),
/// else from `interval_h`: (n - first) x interval_h. ConfigError naming kinetics.interval_h when
/// the files carry no times and interval_h <= 0; InputError naming the label when a time label
/// cannot be read.
std::map<int, double> timepoint_hours(const PlateManifest& m, double interval_h);

/// "B02-B11, C02, D05-D06": wells by row, consecutive columns as ranges (input in any order).
std::string well_ranges(std::vector<WellId> wells);
/// "1-3, 5, 7-9" (input in any order, duplicates allowed).
std::string number_ranges(std::vector<int> values);

}  // namespace lysisq::io
