// SPDX-License-Identifier: MIT
// A plate run's object records as comparable tuples (every field a result depends on), for tests
// that compare two runs record by record.
#pragma once
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "lysisq/plate_run.hpp"

namespace lysisq::test {

using ObjectRow = std::tuple<std::string, int, int, std::int64_t, double, double, double, double, double, int>;

inline std::vector<ObjectRow> object_rows(const PlateRunResult& r) {
  std::vector<ObjectRow> out;
  out.reserve(r.objects.size());
  for (const auto& o : r.objects)
    out.emplace_back(o.well.str(), o.field, o.label, o.area_px, o.centroid_x_px, o.centroid_y_px, o.nuclear_mean,
                     o.target_mean, o.dead_mean, static_cast<int>(o.cls));
  return out;
}

}  // namespace lysisq::test
