// SPDX-License-Identifier: MIT
// Test helpers for discovery: tiny image files at relative paths of a plate folder, and the
// manifest as a plain map an oracle can be compared with.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <tuple>

#include "lysisq/io.hpp"

namespace lysisq::test {

/// Writes an 8x8 16-bit TIFF filled with `value` at `dir / rel` (folders created).
inline std::filesystem::path write_tiny_tiff(const std::filesystem::path& dir, const std::string& rel, u16 value = 1) {
  const auto p = dir / rel;
  std::filesystem::create_directories(p.parent_path());
  const Image<u16> img(8, 8, value);
  io::write_tiff_u16(p, img.cview(), io::TiffCompression::kNone);
  return p;
}

/// (well, field, time point, z, channel) -> file path relative to the plate folder.
using ImageKey = std::tuple<std::string, int, int, int, int>;
using ImageMap = std::map<ImageKey, std::string>;

inline ImageMap image_map(const io::PlateManifest& m) {
  ImageMap out;
  for (const auto& f : m.fields)
    for (const auto& [ch, path] : f.channels)
      out[{f.well.str(), f.field, f.timepoint, f.z, ch}] = std::filesystem::relative(path, m.dir).string();
  return out;
}

}  // namespace lysisq::test
