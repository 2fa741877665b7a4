// SPDX-License-Identifier: MIT
// measure_objects: preconditions and backend dispatch only (algorithms in measure_cpu.cpp and
// kernels/cuda/measure.cu).
#include "dispatch.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "measure_cpu.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

std::vector<ObjectMeasurement> measure_objects_cuda(const LabelImage& labels, std::span<const U16View> channels) {
#if LYSISQ_HAVE_CUDA
  cuda::FieldChannels fc;
  fc.count = static_cast<int>(channels.size());
  fc.width = labels.width();
  fc.height = labels.height();
  for (std::size_t c = 0; c < channels.size(); ++c) fc.data[c] = channels[c].data, fc.stride_px[c] = channels[c].stride_px;
  const int n = max_label(labels);
  std::vector<cuda::MomentsRow> rows(static_cast<std::size_t>(n));
  cuda::measure_objects(labels.data(), labels.width(), labels.height(), n, fc, rows.data());
  std::vector<ObjectMeasurement> out;
  out.reserve(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const cuda::MomentsRow& r = rows[k];
    ObjectMoments m;
    m.area_px = r.area_px;
    m.sum_x = r.sum_x, m.sum_y = r.sum_y;
    m.sum_xx = r.sum_xx, m.sum_yy = r.sum_yy, m.sum_xy = r.sum_xy;
    m.bbox_x0 = r.bbox_x0, m.bbox_y0 = r.bbox_y0, m.bbox_x1 = r.bbox_x1, m.bbox_y1 = r.bbox_y1;
    for (std::size_t c = 0; c < std::size_t(kMaxChannels); ++c) m.intensity_sum[c] = r.intensity_sum[c];
    out.push_back(derive_measurement(static_cast<int>(k) + 1, m, fc.count));
  }
  return out;
#else
  (void)labels, (void)channels;
  throw CudaError("measure_objects: built without CUDA");
#endif
}

}  // namespace

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
    case Backend::kCuda: return measure_objects_cuda(labels, channels);
  }
  throw InternalError("measure_objects: unknown backend");
}

}  // namespace lysisq
