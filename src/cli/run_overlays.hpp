// SPDX-License-Identifier: MIT
// `lysisq run --overlays [all]`: segmentation overlays of a fluorescence plate's fields, for people
// to check by eye what QC flagged (src/cli/run_overlays.cpp).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "lysisq/backend.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_run.hpp"

namespace lysisq::cli {

enum class OverlayMode { kNone, kFlagged, kAll };

/// Writes OUT/overlays/<plate>_<well>_s<field>.png (io::write_overlay_png: the nuclear channel,
/// outlines coloured by class) for every field with a warn or fail image-level QC verdict
/// (kFlagged) or for every analysed field (kAll). The images are not kept after the run, so each
/// chosen field is read and segmented again (same config and backend, hence the same labels as
/// its objects): kAll roughly doubles the segmentation time. Fields that cannot be drawn add a
/// warning; returns the number of overlays written.
std::size_t write_overlays(const std::filesystem::path& out_dir, const io::PlateManifest& manifest,
                           const PlateRunResult& r, const AssayConfig& cfg, Backend backend, OverlayMode mode,
                           std::vector<std::string>& warnings);

}  // namespace lysisq::cli
