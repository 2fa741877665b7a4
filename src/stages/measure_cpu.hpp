// SPDX-License-Identifier: MIT
// CPU twin of measure_objects (per-thread ops::MomentAccum tables, reduced at the end).
#pragma once
#include <span>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"
#include "lysisq/measure.hpp"

namespace lysisq::cpu {

std::vector<ObjectMeasurement> measure_objects(const LabelImage& labels, std::span<const U16View> channels);

}  // namespace lysisq::cpu
