// SPDX-License-Identifier: MIT
// Inputs shared by the region-stage CUDA tests (label, size filter, EDT, seeds, watershed,
// measure): OpenCV's CCL edge cases, random masks, and real BBBC039 masks (annotations and a
// threshold + fill-holes segmentation of the images, made on the CPU).
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "lysisq/io.hpp"
#include "lysisq/stages.hpp"
#include "support/test_images.hpp"

namespace lysisq::test {

struct NamedMask {
  std::string name;
  Mask mask;
};

inline Mask chessboard(int w, int h) {
  Mask m(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) m.at(x, y) = u8((x + y) % 2 == 0);
  return m;
}

/// Every pixel with even x and y: the most components a mask of this size can hold (8-conn).
inline Mask max_label_pattern(int w, int h) {
  Mask m(w, h);
  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2) m.at(x, y) = 1;
  return m;
}

/// A one-pixel-wide square spiral: one component whose union-find chains run the whole image.
inline Mask spiral(int n) {
  Mask m(n, n);
  int x0 = 0, y0 = 0, x1 = n - 1, y1 = n - 1;
  while (x0 <= x1 && y0 <= y1) {
    for (int x = x0; x <= x1; ++x) m.at(x, y0) = 1;
    for (int y = y0; y <= y1; ++y) m.at(x1, y) = 1;
    for (int x = x0; x <= x1 && y1 > y0 + 1; ++x) m.at(x, y1) = 1;
    for (int y = y0 + 2; y <= y1 && x0 + 1 < x1; ++y) m.at(x0, y) = 1;
    if (x0 + 2 <= x1) m.at(x0 + 1, y0 + 2) = 1;
    x0 += 2, y0 += 2, x1 -= 2, y1 -= 2;
  }
  return m;
}

/// Empty, full, 1x1, 1xN, Nx1, chessboards (even and odd sizes), the maximum-label pattern, a
/// spiral, and random masks of sizes that are not multiples of any block (17x33, 1025x1025).
inline std::vector<NamedMask> edge_case_masks() {
  return {{"empty 13x7", Mask(13, 7, 0)},
          {"full 13x7", Mask(13, 7, 1)},
          {"full 1025x1025", Mask(1025, 1025, 1)},
          {"1x1 foreground", Mask(1, 1, 1)},
          {"1x300", random_mask(1, 300, 0.7, 3)},
          {"300x1", random_mask(300, 1, 0.7, 4)},
          {"chessboard 64x64", chessboard(64, 64)},
          {"chessboard 33x17", chessboard(33, 17)},
          {"max labels 65x33", max_label_pattern(65, 33)},
          {"spiral 257", spiral(257)},
          {"random 17x33", random_mask(17, 33, 0.55, 5)},
          {"random 1025x1025 sparse", random_mask(1025, 1025, 0.3, 6)},
          {"random 1025x1025 dense", random_mask(1025, 1025, 0.7, 7)}};
}

/// shared/datasets/bbbc039/<folder>/*<ext>, sorted. The environment variable LYSISQ_SHARED_DIR
/// overrides the build-time path (a device machine's copy of the checkout has no ../shared).
inline std::vector<std::filesystem::path> bbbc039_files(const char* folder, const char* ext) {
  const char* env = std::getenv("LYSISQ_SHARED_DIR");
  const std::filesystem::path shared = env ? std::filesystem::path(env) : std::filesystem::path(LYSISQ_SHARED_DIR);
  const std::filesystem::path dir = shared / "datasets" / "bbbc039" / folder;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(dir))
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ext) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

/// Real nucleus masks: the BBBC039 annotations (label > 0; touching nuclei merge) and an Otsu +
/// fill-holes segmentation of the raw images. Empty, with a warning, where the dataset is absent.
inline std::vector<NamedMask> bbbc039_masks() {
  std::vector<NamedMask> out;
  for (const auto& f : bbbc039_files("labels", ".png")) {
    const Image<u16> lab = io::read_image_u16(f);
    Mask m(lab.width(), lab.height());
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = lab[i] > 0 ? 1 : 0;
    out.push_back({"annotation " + f.filename().string(), std::move(m)});
  }
  for (const auto& f : bbbc039_files("images", ".tif")) {
    const Image<u16> img = io::read_image_u16(f);
    const u16 t = select_threshold(img.cview(), ThresholdParams{}, Backend::kCpu);
    const Mask fg = apply_threshold(img.cview(), t, Backend::kCpu);
    out.push_back({"otsu " + f.filename().string(), fill_holes(fg.cview(), Backend::kCpu)});
  }
  if (out.empty()) WARN("shared/datasets/bbbc039 not found (set LYSISQ_SHARED_DIR): BBBC039 masks skipped");
  return out;
}

/// Blob masks as the pipeline sees them: discs on noise, thresholded.
inline Mask blob_mask(int w, int h, int blobs, std::uint32_t seed) {
  const Image<u16> img = random_blobs(w, h, blobs, seed);
  Mask m(w, h);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = img[i] > 1000 ? 1 : 0;
  return m;
}

}  // namespace lysisq::test
