// SPDX-License-Identifier: MIT
// Segmentation overlays: a field's channel as contrast-stretched grey with each object's outline
// coloured by its class, for people to check segmentation and classification by eye. The pixel
// rules are pure (tested without files); the PNG writer is in src/io/overlay.cpp.
#pragma once
#include <array>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lysisq/classify.hpp"
#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"

namespace lysisq {

using Rgb = std::array<u8, 3>;  ///< red, green, blue
using RgbImage = Image<Rgb>;

/// The class of each label, index label - 1; nullopt (or a label past the end) is unclassified.
using LabelClasses = std::vector<std::optional<ObjectClass>>;

/// Outline colours. Magenta rather than red for dead targets and cyan rather than blue for
/// effectors: both stay visible on dark grey and are told apart by red-green colour-blind people.
inline constexpr Rgb kOverlayLiveTarget{0, 230, 0};
inline constexpr Rgb kOverlayDeadTarget{255, 0, 255};
inline constexpr Rgb kOverlayEffector{0, 200, 255};
inline constexpr Rgb kOverlayUnclassified{255, 230, 0};

/// Colour of an outline for a class (nullopt = unclassified).
Rgb overlay_colour(std::optional<ObjectClass> c);

/// Grey levels [lo, hi] mapped to [0, 255] (values outside are clipped).
struct GreyStretch {
  u16 lo = 0, hi = 1;
};

/// The `lo_pct` and `hi_pct` percentiles of the channel's values (nearest rank from below: the
/// value at sorted index floor(p / 100 x (n - 1))). hi is raised to lo + 1 when they coincide
/// (a flat image), so the mapping is always defined. Requires a non-empty image.
GreyStretch percentile_stretch(U16View channel, double lo_pct = 1.0, double hi_pct = 99.5);

/// round(255 x (v - lo) / (hi - lo)), clipped to [0, 255].
u8 stretch_grey(u16 v, GreyStretch s);

/// True for an object pixel (label != 0) with a 4-neighbour inside the image whose label differs
/// (background or another object). Pixels beyond the image border are not neighbours, so an
/// object cut by the border has no outline along it.
bool is_outline_pixel(LabelView labels, int x, int y);

/// The overlay: percentile_stretch(channel) as grey, outline pixels (is_outline_pixel) replaced by
/// overlay_colour(classes[label - 1]). `labels` must have the channel's size (InternalError).
RgbImage render_overlay(U16View channel, LabelView labels, std::span<const std::optional<ObjectClass>> classes);

/// Classes of one field's objects from the plate's object records (those of `well` and `field`);
/// labels without a record stay unclassified.
LabelClasses label_classes(std::span<const ObjectRecord> objects, WellId well, int field, int max_label);

}  // namespace lysisq

namespace lysisq::io {

/// Writes render_overlay(channel, labels, classes) as an 8-bit RGB PNG, atomically. InputError
/// naming the file when it cannot be written.
void write_overlay_png(const std::filesystem::path& file, U16View channel, const LabelImage& labels,
                       std::span<const std::optional<ObjectClass>> classes);

/// Writes an RGB image as PNG, atomically.
void write_rgb_png(const std::filesystem::path& file, const RgbImage& img);

/// Reads a PNG (or any image OpenCV reads) and returns it as PNG bytes shrunk so that its longer
/// side is at most `max_side` px (box average over whole-pixel blocks; never enlarged), for
/// thumbnails embedded in the report. InputError naming the file when it cannot be read.
std::string png_thumbnail(const std::filesystem::path& file, int max_side);

}  // namespace lysisq::io
