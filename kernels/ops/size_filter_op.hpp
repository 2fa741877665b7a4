// SPDX-License-Identifier: MIT
// Size filter rules: an object survives iff min_area <= area <= max_area (both bounds inclusive).
#pragma once
#include <cstdint>

#include "../hd.hpp"

namespace lysisq::ops {

LYSISQ_HD inline std::uint8_t keep_area(std::int64_t area, std::int64_t min_area, std::int64_t max_area) {
  return (area >= min_area && area <= max_area) ? 1 : 0;
}

/// Output mask pixel from its label (0 = background) and the per-label keep table.
LYSISQ_HD inline std::uint8_t size_filter_pixel(std::int32_t label, const std::uint8_t* keep) {
  return label > 0 ? keep[label] : 0;
}

}  // namespace lysisq::ops
