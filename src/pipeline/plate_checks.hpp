// SPDX-License-Identifier: MIT
// Manifest-versus-layout checks done before any image is read (private to src/pipeline/).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::detail {

struct FieldSelection {
  std::vector<const io::FieldFiles*> fields;
  int time_point = 0;  ///< the analysed FieldFiles::timepoint; 0 when the plate has no time axis
  /// The analysed FieldFiles::z; empty when the plate has one plane (none was chosen).
  std::optional<int> z_step;
};

/// The manifest's fields of one time point whose wells are in the layout, in manifest order.
/// `input.time_point` is the FieldFiles::timepoint to analyse, 0 = the last one present (the endpoint);
/// one the plate lacks, or any on a plate without time points, is an InputError listing those
/// present. Several time points add a warning naming the one analysed when the tool chose it. Likewise one Z-step:
/// `input.z_step`, else the only one, else the projection (ImageXpress ZStep_0, with a warning); planes
/// without a projection and no `input.z_step` are an InputError (pooling planes would count every cell
/// once per plane). Throws InputError when a
/// selected field lacks one of `channels`, or when a layout well holding targets (experimental,
/// target_only, spontaneous, maximum) has no field. Adds warnings for imaged wells outside the
/// layout, layout wells without targets that have no images, and files that matched no pattern.
FieldSelection select_fields(const io::PlateManifest& manifest, const PlateLayout& layout,
                             const std::vector<int>& channels, const InputParams& input,
                             std::vector<std::string>& warnings);

/// The time point select_fields analyses: `requested`, or the last one present when it is 0; 0 on
/// a plate without time points. InputError and the warning as select_fields.
int pick_time_point(const io::PlateManifest& m, int requested, std::vector<std::string>& warnings);

/// Config key and stain of channel position `i` in required_channels() order.
const char* channel_role(std::size_t i);

}  // namespace lysisq::detail
