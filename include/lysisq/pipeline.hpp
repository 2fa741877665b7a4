// SPDX-License-Identifier: MIT
// Segmentation of one field: the fixed sequence of stage calls (src/pipeline/segment_field.cpp).
#pragma once
#include <span>
#include <string>
#include <vector>

#include "lysisq/backend.hpp"
#include "lysisq/config.hpp"
#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"
#include "lysisq/measure.hpp"

namespace lysisq {

struct StageTiming {
  std::string stage;
  double ms = 0;
};

struct FieldSegmentation {
  LabelImage labels;                        ///< canonical (1..N in raster order)
  std::vector<ObjectMeasurement> objects;   ///< objects[i].label == i + 1
  u16 threshold = 0;                        ///< the threshold used on the smoothed image
  std::vector<StageTiming> timings;
};

/// Segments `channels[0]` (the nuclear stain) and measures every channel inside each object.
FieldSegmentation segment_field(std::span<const U16View> channels, const SegmentationParams& p, Backend b);

/// Fields segment_field can have in flight at once with Backend::kCuda (one per device stream);
/// 0 in a build without CUDA.
int cuda_fields_in_flight();

}  // namespace lysisq
