// SPDX-License-Identifier: MIT
// segment_field: the fixed sequence of stage calls for one field, with per-stage wall times.
// background -> smooth -> threshold -> fill holes -> size filter -> (EDT -> seeds -> watershed ->
// fold fragments) or label -> canonical labels -> measure every channel.
#include <chrono>
#include <type_traits>
#include <string>
#include <utility>
#include <vector>

#include "fold_small.hpp"
#include "contrast_guard.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/pipeline.hpp"
#include "lysisq/stages.hpp"

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
  return timed("size_filter", [&] { return filter_size(mask.view(), p.size, p.connectivity, b); });
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

}  // namespace

FieldSegmentation segment_field(std::span<const U16View> channels, const SegmentationParams& p, Backend b) {
  LYSISQ_EXPECTS(!channels.empty(), "segment_field: no channels");
  LYSISQ_EXPECTS(channels.size() <= std::size_t(kMaxChannels), "segment_field: more than kMaxChannels channels");
  const U16View nuclear = channels[0];
  LYSISQ_EXPECTS(!nuclear.empty(), "segment_field: empty nuclear channel");
  for (const U16View& c : channels)
    LYSISQ_EXPECTS(c.width == nuclear.width && c.height == nuclear.height, "segment_field: channel sizes differ");

  FieldSegmentation out;
  StageTimer timed(out.timings);
  const Mask mask = foreground(nuclear, p, b, timed, out.threshold);
  out.labels = p.split_touching ? split_objects(mask, p, b, timed)
                                : timed("label", [&] { return label_components(mask.view(), p.connectivity, b); });
  timed("canonicalize", [&] { canonicalize_labels(out.labels); });
  out.objects = timed("measure", [&] { return measure_objects(out.labels, channels, b); });
  return out;
}

}  // namespace lysisq
