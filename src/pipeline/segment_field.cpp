// SPDX-License-Identifier: MIT
// segment_field: the fixed sequence of stage calls for one field, with per-stage wall times.
// background -> smooth -> threshold -> fill holes -> size filter -> (EDT -> seeds -> watershed ->
// fold fragments) or label -> canonical labels -> measure every channel.
// Backend::kCuda runs the device-resident pipeline (kernels/cuda/pipeline.cu) instead of one
// stage call at a time, and continues on the host from whatever it returns.
#include <chrono>
#include <cmath>
#include <type_traits>
#include <string>
#include <utility>
#include <vector>

#include "fold_small.hpp"
#include "contrast_guard.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/pipeline.hpp"
#include "lysisq/stages.hpp"

#if LYSISQ_HAVE_CUDA
#include "kernels/cuda/api.hpp"
#endif

namespace lysisq {
namespace {

/// Runs one step and appends its wall time (steady_clock) under the registry's stage name.
class StageTimer {
 public:
  explicit StageTimer(std::vector<StageTiming>& out) : out_(out) {}

  template <class F>
  auto operator()(const char* stage, F&& step) {
    const auto t0 = std::chrono::steady_clock::now();
    if constexpr (std::is_void_v<decltype(step())>) {
      step();
      record(stage, t0);
    } else {
      auto result = step();
      record(stage, t0);
      return result;
    }
  }

 private:
  void record(const char* stage, std::chrono::steady_clock::time_point t0) {
    const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - t0;
    out_.push_back({stage, ms.count()});
  }
  std::vector<StageTiming>& out_;
};

/// Foreground mask of the nuclear channel, before any splitting.
Mask foreground(U16View nuclear, const SegmentationParams& p, Backend b, StageTimer& timed, u16& threshold) {
  const Image<u16> flat = timed("background", [&] { return subtract_background(nuclear, p.background, b); });
  const Image<u16> smoothed = timed("smooth", [&] { return smooth(flat.view(), p.smooth, b); });
  Mask mask = timed("threshold", [&] {
    threshold = select_threshold(smoothed.view(), p.threshold, b);
    // Contrast guard: on a field without nuclei an automatic method splits the noise. Such a
    // field keeps no foreground (threshold 65535); a manual threshold is left alone.
    if (p.threshold.method != ThresholdMethod::kManual && !detail::has_foreground_contrast(smoothed.view(), threshold))
      threshold = 65535;
    return apply_threshold(smoothed.view(), threshold, b);
  });
  if (p.fill_holes) mask = timed("fill_holes", [&] { return fill_holes(mask.view(), b); });
  return mask;
}

/// Touching nuclei split by a marker-controlled watershed on the distance map; fragments smaller
/// than the minimum object area are folded back into their neighbours.
LabelImage split_objects(const Mask& mask, const SegmentationParams& p, Backend b, StageTimer& timed) {
  const Image<u32> dist = timed("distance_transform", [&] { return distance_transform_sq(mask.view(), b); });
  const LabelImage seeds = timed("seeds", [&] { return find_seeds(dist.view(), p.seeds, b); });
  LabelImage labels = timed("watershed", [&] { return watershed(dist.view(), seeds, mask.view(), b); });
  timed("fold_small", [&] { detail::fold_small_objects(labels, p.size.min_area_px); });
  return labels;
}

/// Size filter, then split (watershed) or plain labelling, of a foreground mask.
LabelImage objects_of(const Mask& foreground_mask, const SegmentationParams& p, Backend b, StageTimer& timed) {
  const Mask mask = timed("size_filter", [&] { return filter_size(foreground_mask.view(), p.size, p.connectivity, b); });
  return p.split_touching ? split_objects(mask, p, b, timed)
                          : timed("label", [&] { return label_components(mask.view(), p.connectivity, b); });
}

#if LYSISQ_HAVE_CUDA
cuda::SegmentSpec cuda_spec(const SegmentationParams& p) {
  cuda::SegmentSpec s;
  s.background_radius_px = p.background.method == BackgroundMethod::kTophat ? p.background.radius_px : -1;
  s.sigma_px = p.smooth.sigma_px;
  const ThresholdParams& t = p.threshold;
  s.threshold.rule = t.method == ThresholdMethod::kOtsu  ? cuda::ThresholdRule::kOtsu
                     : t.method == ThresholdMethod::kLi  ? cuda::ThresholdRule::kLi
                     : t.method == ThresholdMethod::kTriangle ? cuda::ThresholdRule::kTriangle
                                                              : cuda::ThresholdRule::kManual;
  s.threshold.correction = t.correction;
  s.threshold.min_threshold = t.min_threshold;
  s.threshold.manual = t.manual.value_or(0);
  s.threshold.contrast_min_sigmas = t.method == ThresholdMethod::kManual ? 0.0 : detail::kMinContrastSigmas;
  s.fill_holes = p.fill_holes;
  s.min_area_px = p.size.min_area_px;
  s.max_area_px = p.size.max_area_px;
  s.connectivity = static_cast<int>(p.connectivity);
  s.split_touching = p.split_touching;
  s.seed_min_distance_px = p.seeds.min_distance_px;
  s.seed_h_px = p.seeds.h_px;
  return s;
}

std::vector<ObjectMeasurement> measure_on_device(cuda::FieldPipeline& pipe, const LabelImage& labels,
                                                 int channel_count, std::vector<StageTiming>& timings) {
  std::vector<cuda::MomentsRow> rows;
  std::vector<cuda::StageMs> ms;
  pipe.measure(labels.data(), max_label(labels), rows, &ms);
  for (const cuda::StageMs& t : ms) timings.push_back({t.stage, t.ms});
  std::vector<ObjectMeasurement> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const cuda::MomentsRow& r = rows[i];
    ObjectMoments m;
    m.area_px = r.area_px, m.sum_x = r.sum_x, m.sum_y = r.sum_y;
    m.sum_xx = r.sum_xx, m.sum_yy = r.sum_yy, m.sum_xy = r.sum_xy;
    m.bbox_x0 = r.bbox_x0, m.bbox_y0 = r.bbox_y0, m.bbox_x1 = r.bbox_x1, m.bbox_y1 = r.bbox_y1;
    for (int c = 0; c < kMaxChannels; ++c) m.intensity_sum[std::size_t(c)] = r.intensity_sum[c];
    out.push_back(derive_measurement(int(i) + 1, m, channel_count));
  }
  return out;
}

/// The device pipeline (background .. watershed, then measuring); the host does fold_small and
/// the canonical numbering in between. Times: device stages and transfers are CUDA event times
/// (upload .. download, then measure_upload .. measure_download), host stages wall times.
FieldSegmentation segment_field_cuda(std::span<const U16View> channels, const SegmentationParams& p) {
  // The stage dispatchers' preconditions, which the fused device pipeline does not pass through.
  LYSISQ_EXPECTS(channels[0].pixel_count() < std::size_t(1) << 31, "segment_field: image too large for int32 indices");
  LYSISQ_EXPECTS(p.background.radius_px >= 0 && p.background.radius_px <= (1 << 20), "segment_field: bad radius_px");
  LYSISQ_EXPECTS(std::isfinite(p.smooth.sigma_px) && p.smooth.sigma_px >= 0.0 && p.smooth.sigma_px <= 1000.0,
                 "segment_field: sigma_px must be in [0, 1000]");
  LYSISQ_EXPECTS(p.threshold.method != ThresholdMethod::kManual || p.threshold.manual.has_value(),
                 "segment_field: method manual needs a manual value");
  LYSISQ_EXPECTS(std::isfinite(p.threshold.correction) && p.threshold.correction > 0.0, "segment_field: correction must be > 0");
  LYSISQ_EXPECTS(p.seeds.min_distance_px >= 0.0 && p.seeds.min_distance_px < 1e6 && p.seeds.h_px >= 0.0,
                 "segment_field: bad seed parameters");
  LYSISQ_EXPECTS(p.size.min_area_px >= 0 && p.size.min_area_px <= p.size.max_area_px, "segment_field: bad size range");
  LYSISQ_EXPECTS(p.connectivity == Connectivity::k4 || p.connectivity == Connectivity::k8, "segment_field: bad connectivity");
  LYSISQ_EXPECTS(channels[0].width <= 32767 && channels[0].height <= 32767, "segment_field: image too large for the EDT");
  cuda::FieldChannels fc;
  fc.count = static_cast<int>(channels.size());
  fc.width = channels[0].width;
  fc.height = channels[0].height;
  for (std::size_t c = 0; c < channels.size(); ++c) fc.data[c] = channels[c].data, fc.stride_px[c] = channels[c].stride_px;
  cuda::PipelineLease pipe;  // one of a few streams; held until measuring is done
  cuda::SegmentResult r;
  pipe->segment(fc, cuda_spec(p), r);

  FieldSegmentation out;
  out.threshold = r.threshold;
  for (const cuda::StageMs& t : r.timings) out.timings.push_back({t.stage, t.ms});
  StageTimer timed(out.timings);
  out.labels = LabelImage(fc.width, fc.height);
  out.labels.pixels() = std::move(r.labels);
  if (p.split_touching) timed("fold_small", [&] { detail::fold_small_objects(out.labels, p.size.min_area_px); });
  timed("canonicalize", [&] { canonicalize_labels(out.labels); });
  out.objects = measure_on_device(*pipe, out.labels, fc.count, out.timings);
  return out;
}
#endif

}  // namespace

int cuda_fields_in_flight() {
#if LYSISQ_HAVE_CUDA
  return cuda::PipelineLease::kStreams;
#else
  return 0;
#endif
}

FieldSegmentation segment_field(std::span<const U16View> channels, const SegmentationParams& p, Backend b) {
  LYSISQ_EXPECTS(!channels.empty(), "segment_field: no channels");
  LYSISQ_EXPECTS(channels.size() <= std::size_t(kMaxChannels), "segment_field: more than kMaxChannels channels");
  const U16View nuclear = channels[0];
  LYSISQ_EXPECTS(!nuclear.empty(), "segment_field: empty nuclear channel");
  for (const U16View& c : channels)
    LYSISQ_EXPECTS(c.width == nuclear.width && c.height == nuclear.height, "segment_field: channel sizes differ");
#if LYSISQ_HAVE_CUDA
  if (b == Backend::kCuda) return segment_field_cuda(channels, p);
#endif

  FieldSegmentation out;
  StageTimer timed(out.timings);
  const Mask mask = foreground(nuclear, p, b, timed, out.threshold);
  out.labels = objects_of(mask, p, b, timed);
  timed("canonicalize", [&] { canonicalize_labels(out.labels); });
  out.objects = timed("measure", [&] { return measure_objects(out.labels, channels, b); });
  return out;
}

}  // namespace lysisq
