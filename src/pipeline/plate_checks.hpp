// SPDX-License-Identifier: MIT
// Manifest-versus-layout checks done before any image is read (private to src/pipeline/).
#pragma once
#include <string>
#include <vector>

#include "lysisq/io.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::detail {

/// The manifest's fields whose wells are in the layout, in manifest order. Throws InputError when
/// such a field lacks one of `channels`, or when a layout well holding targets (experimental,
/// target_only, spontaneous, maximum) has no field. Adds warnings for imaged wells outside the
/// layout, layout wells without targets that have no images, and files that matched no pattern.
std::vector<const io::FieldFiles*> select_fields(const io::PlateManifest& manifest, const PlateLayout& layout,
                                                 const std::vector<int>& channels,
                                                 std::vector<std::string>& warnings);

/// Config key and stain of channel position `i` in required_channels() order.
const char* channel_role(std::size_t i);

}  // namespace lysisq::detail
