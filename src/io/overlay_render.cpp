// SPDX-License-Identifier: MIT
// The pure pixel rules of segmentation overlays: percentile contrast stretch, 4-neighbour
// outlines, class colours. No OpenCV here: the PNG side is overlay.cpp.
#include <algorithm>
#include <cmath>
#include <vector>

#include "lysisq/errors.hpp"
#include "lysisq/overlay.hpp"

namespace lysisq {

Rgb overlay_colour(std::optional<ObjectClass> c) {
  if (!c) return kOverlayUnclassified;
  switch (*c) {
    case ObjectClass::kEffector: return kOverlayEffector;
    case ObjectClass::kLiveTarget: return kOverlayLiveTarget;
    case ObjectClass::kDeadTarget: return kOverlayDeadTarget;
  }
  return kOverlayUnclassified;
}

namespace {

/// The value at sorted rank `rank` (0-based) from a full 16-bit histogram.
u16 value_at_rank(const std::vector<std::size_t>& hist, std::size_t rank) {
  std::size_t seen = 0;
  for (std::size_t v = 0; v < hist.size(); ++v) {
    seen += hist[v];
    if (seen > rank) return static_cast<u16>(v);
  }
  return 65535;
}

std::size_t rank_of(double pct, std::size_t n) {
  const double p = std::clamp(pct, 0.0, 100.0) / 100.0;
  return static_cast<std::size_t>(std::floor(p * static_cast<double>(n - 1)));
}

}  // namespace

GreyStretch percentile_stretch(U16View channel, double lo_pct, double hi_pct) {
  LYSISQ_EXPECTS(!channel.empty(), "percentile_stretch: empty image");
  // A full histogram (65536 bins, one allocation per image) gives exact order statistics in two
  // passes, where nth_element would need a copy of every pixel.
  std::vector<std::size_t> hist(65536, 0);
  for (int y = 0; y < channel.height; ++y) {
    const u16* row = channel.row(y);
    for (int x = 0; x < channel.width; ++x) ++hist[row[x]];
  }
  const std::size_t n = channel.pixel_count();
  GreyStretch s{value_at_rank(hist, rank_of(lo_pct, n)), value_at_rank(hist, rank_of(hi_pct, n))};
  if (s.hi <= s.lo) {
    // Flat image (or percentiles inverted by the caller): keep the map defined and monotone.
    if (s.lo == 65535) --s.lo;
    s.hi = static_cast<u16>(s.lo + 1);
  }
  return s;
}

u8 stretch_grey(u16 v, GreyStretch s) {
  if (v <= s.lo) return 0;
  if (v >= s.hi) return 255;
  const std::uint32_t span = std::uint32_t(s.hi) - s.lo;
  return static_cast<u8>((std::uint32_t(v - s.lo) * 255u + span / 2) / span);
}

bool is_outline_pixel(LabelView labels, int x, int y) {
  const i32 l = labels.at(x, y);
  if (l == 0) return false;
  return (x > 0 && labels.at(x - 1, y) != l) || (x + 1 < labels.width && labels.at(x + 1, y) != l) ||
         (y > 0 && labels.at(x, y - 1) != l) || (y + 1 < labels.height && labels.at(x, y + 1) != l);
}

RgbImage render_overlay(U16View channel, LabelView labels, std::span<const std::optional<ObjectClass>> classes) {
  LYSISQ_EXPECTS(labels.width == channel.width && labels.height == channel.height,
                 "render_overlay: label image and channel differ in size");
  RgbImage out(channel.width, channel.height);
  if (out.empty()) return out;
  const GreyStretch s = percentile_stretch(channel);
  for (int y = 0; y < channel.height; ++y) {
    const u16* row = channel.row(y);
    for (int x = 0; x < channel.width; ++x) {
      const u8 g = stretch_grey(row[x], s);
      out.at(x, y) = {g, g, g};
    }
  }
  for (int y = 0; y < labels.height; ++y)
    for (int x = 0; x < labels.width; ++x) {
      if (!is_outline_pixel(labels, x, y)) continue;
      const auto i = static_cast<std::size_t>(labels.at(x, y) - 1);
      out.at(x, y) = overlay_colour(i < classes.size() ? classes[i] : std::nullopt);
    }
  return out;
}

LabelClasses label_classes(std::span<const ObjectRecord> objects, WellId well, int field, int max_label) {
  LabelClasses out(static_cast<std::size_t>(std::max(max_label, 0)));
  for (const auto& o : objects)
    if (o.well == well && o.field == field && o.label >= 1 && o.label <= max_label)
      out[static_cast<std::size_t>(o.label - 1)] = o.cls;
  return out;
}

}  // namespace lysisq
