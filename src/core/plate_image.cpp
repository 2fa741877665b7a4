// SPDX-License-Identifier: MIT
// The small non-algorithmic parts of plate_image.hpp (grid node positions, flag names), in core so
// that result writers in io/ can use them without linking the pipeline.
#include "lysisq/plate_image.hpp"

#include <cmath>
#include <numbers>

namespace lysisq {

double PlateGrid::node_x(double col, double row) const {
  const double a = angle_deg * (std::numbers::pi / 180.0);
  return origin_x_px + col * pitch_x_px * std::cos(a) - row * pitch_y_px * std::sin(a);
}

double PlateGrid::node_y(double col, double row) const {
  const double a = angle_deg * (std::numbers::pi / 180.0);
  return origin_y_px + col * pitch_x_px * std::sin(a) + row * pitch_y_px * std::cos(a);
}

std::string well_image_flag_names(unsigned flags) {
  static constexpr struct {
    unsigned bit;
    const char* name;
  } kNames[] = {{kWellSaturated, "saturated"}, {kWellSpillover, "spillover"},
                {kWellPartlyOutside, "partly_outside"}, {kWellNoSpot, "no_spot"}};
  std::string s;
  for (const auto& n : kNames)
    if (flags & n.bit) {
      if (!s.empty()) s += ';';
      s += n.name;
    }
  return s;
}

}  // namespace lysisq
