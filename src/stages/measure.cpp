// SPDX-License-Identifier: MIT
// measure_objects: preconditions and backend dispatch only (algorithm in measure_cpu.cpp).
#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "measure_cpu.hpp"

namespace lysisq {

std::vector<ObjectMeasurement> measure_objects(const LabelImage& labels, std::span<const U16View> channels,
                                               Backend b) {
  LYSISQ_EXPECTS(channels.size() <= std::size_t(kMaxChannels), "measure_objects: more than kMaxChannels channels");
  for (const U16View& c : channels) {
    LYSISQ_EXPECTS(c.width == labels.width() && c.height == labels.height(),
                   "measure_objects: channel size differs from the label image");
    LYSISQ_EXPECTS(labels.empty() || (c.data != nullptr && c.stride_px >= c.width), "measure_objects: bad channel view");
  }
  if (labels.empty()) return {};
  switch (detail::stage_backend("measure", b)) {
    case Backend::kCpu: return cpu::measure_objects(labels, channels);
    case Backend::kCuda: break;  // not reached while the registry says has_cuda = false
  }
  throw InternalError("measure_objects: no CUDA implementation");
}

}  // namespace lysisq
