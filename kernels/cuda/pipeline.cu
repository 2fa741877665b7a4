// SPDX-License-Identifier: MIT
// The device-resident field pipeline: the nuclear channel is uploaded once from pinned staging,
// every stage from background to watershed runs on the pipeline's own stream with scratch from
// its pooled Workspace, and only the labels come back; measure() later uploads the canonical
// labels and the other channels. fold_small and canonical numbering stay on the host
// (src/pipeline/segment_field.cpp): both are cheap, sequential passes over the label image. Stage times are CUDA events read after the one final synchronisation.
// PipelineLease hands out up to kStreams pipelines, so several fields are in flight at once.
#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api.hpp"
#include "ccl.cuh"
#include "check.cuh"
#include "edt.cuh"
#include "fill_holes.cuh"
#include "filters.cuh"
#include "measure.cuh"
#include "seeds.cuh"
#include "threshold.cuh"
#include "watershed.cuh"

namespace lysisq::cuda {
namespace {

using u8 = std::uint8_t;
using u16 = std::uint16_t;

/// Device bytes per pixel of one field in flight: the peak over the stages, from each launcher's
/// documented scratch (the issue's limit is 16). Live planes are mask 1 + labels 4 + distances 4
/// from the size filter on, so the stages peak at:
///   background  mask 1 + nuclear 2 + opening 2 + van Herk scratch 8          = 13
///   smooth      mask 1 + nuclear 2 + opening 2 + smoothed 2 + float row 4   = 11
///   size filter mask 1 + labels 4 + roots and areas 8                        = 13
///   distances   mask 1 + labels 4 + distances 4 + column scratch 4           = 13
///   seeds       mask 1 + labels 4 + distances 4 + candidates 1 + one plane 4 = 14
///   watershed   mask 1 + labels 4 + distances 4 + reach 4                    = 13
///   measure     labels 4 + 2 per channel (at most 4 channels)                <= 12
/// Per-object arrays (seeds: about 24 B per plateau; measure: 96 B per label) come out of the
/// fixed scratch, which holds some 170,000 plateaus; a field with more grows the workspace
/// instead of failing. tests_cuda checks the workspace's real high-water mark against this bound.
constexpr std::size_t kBytesPerPixel = 14;
/// Fixed scratch: histogram and prefix sums, the workspace's alignment padding, small arrays.
constexpr std::size_t kFixedBytes = kThresholdScratchBytes + (std::size_t(4) << 20);

constexpr int kMaxMarks = 16;

/// Events recorded at stage boundaries on the stream; read once the stream has finished.
class StageClock {
 public:
  StageClock(Event* events, cudaStream_t s) : ev_(events), s_(s) { ev_[0].record(s_); }
  void mark(const char* stage) {
    if (n_ + 1 >= kMaxMarks) throw CudaError("StageClock: too many stages");
    ev_[++n_].record(s_);
    names_[n_] = stage;
  }
  /// Call after the stream has been synchronised.
  void collect(std::vector<StageMs>& out) const {
    for (int i = 1; i <= n_; ++i) out.push_back({names_[i], double(ev_[i].since(ev_[i - 1]))});
  }

 private:
  Event* ev_;
  cudaStream_t s_;
  int n_ = 0;
  const char* names_[kMaxMarks] = {};
};

std::string mib(std::size_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB"; }

}  // namespace

struct FieldPipeline::Impl {
  Stream stream;
  Workspace ws{stream.get()};
  GaussianTaps taps;
  PinnedBuffer<u16> staging;  // every channel of the field, contiguous, one after another
  PinnedBuffer<std::int32_t> labels_host;
  PinnedBuffer<u16> t_host;
  PinnedBuffer<ops::MomentAccum> table_host;
  Event events[kMaxMarks];
  int width = 0, height = 0, channels = 0;

  std::size_t pixels() const { return std::size_t(width) * std::size_t(height); }
  void ensure_capacity(const FieldChannels& f);
  void stage_channels(const FieldChannels& f);
  void foreground(const SegmentSpec& spec, u8* d_mask, u16* d_t, StageClock& clock);
  void objects(const SegmentSpec& spec, u8* d_mask, std::int32_t* d_labels, StageClock& clock);
};

void FieldPipeline::Impl::ensure_capacity(const FieldChannels& f) {
  const std::size_t need = device_bytes_needed(f.width, f.height, f.count);
  if (ws.capacity_bytes() < need) {
    std::size_t free_b = 0, total_b = 0;
    LYSISQ_CUDA_CHECK(cudaMemGetInfo(&free_b, &total_b));
    if (free_b + ws.capacity_bytes() < need)
      throw CudaError("a " + std::to_string(f.width) + "x" + std::to_string(f.height) + " field needs " + mib(need) +
                      " of device memory (" + std::to_string(kBytesPerPixel) + " bytes/pixel + " + mib(kFixedBytes) +
                      "), but the device has " +
                      mib(free_b) + " free of " + mib(total_b) + "; use the CPU backend or smaller images");
    ws.reserve(need);
  }
  width = f.width;
  height = f.height;
  channels = f.count;
  staging.ensure(pixels() * std::size_t(f.count));
  labels_host.ensure(pixels());
  t_host.ensure(1);
}

void FieldPipeline::Impl::stage_channels(const FieldChannels& f) {
  const std::size_t n = pixels(), row = std::size_t(width) * sizeof(u16);
  for (int c = 0; c < f.count; ++c) {
    u16* dst = staging.get() + std::size_t(c) * n;
    if (f.stride_px[c] == width) {
      std::memcpy(dst, f.data[c], n * sizeof(u16));
      continue;
    }
    for (int y = 0; y < height; ++y) std::memcpy(dst + std::size_t(y) * width, f.data[c] + y * f.stride_px[c], row);
  }
}

// Background, smoothing and threshold: scratch lives only inside this scope, so the mask and the
// threshold (taken by the caller before it) are all that remain.
void FieldPipeline::Impl::foreground(const SegmentSpec& spec, u8* d_mask, u16* d_t, StageClock& clock) {
  const cudaStream_t s = stream.get();
  const std::size_t n = pixels();
  Workspace::Scope scope(ws);
  u16* d_nuc = ws.take<u16>(n);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(d_nuc, staging.get(), n * sizeof(u16), cudaMemcpyHostToDevice, s));
  clock.mark("upload");
  u16* d_open = nullptr;
  if (spec.background_radius_px >= 0) {
    d_open = ws.take<u16>(n);
    opening(d_nuc, d_open, width, height, spec.background_radius_px, ws, s);
  }
  clock.mark("background");
  u16* d_smooth = ws.take<u16>(n);
  smooth(d_nuc, d_open, d_smooth, width, height, taps, ws, s);  // top-hat fused into the row pass
  clock.mark("smooth");
  select_threshold(d_smooth, n, spec.threshold, d_t, ws, s);
  apply_threshold(d_smooth, d_t, d_mask, n, s);
  clock.mark("threshold");
}

// Size filter, then watershed split (distances, seeds) or plain labelling, into d_labels.
void FieldPipeline::Impl::objects(const SegmentSpec& spec, u8* d_mask, std::int32_t* d_labels, StageClock& clock) {
  const cudaStream_t s = stream.get();
  const bool eight = spec.connectivity == 8;
  filter_size(d_mask, width, height, eight, spec.min_area_px, spec.max_area_px, d_mask, ws, s);
  clock.mark("size_filter");
  if (!spec.split_touching) {
    label_components(d_mask, width, height, eight, d_labels, nullptr, ws, s);
    clock.mark("label");
    return;
  }
  Workspace::Scope scope(ws);
  std::uint32_t* d_dist = ws.take<std::uint32_t>(pixels());
  distance_transform_sq(d_mask, width, height, d_dist, ws, s);
  clock.mark("distance_transform");
  // The radius rule of the CPU twin (src/stages/seeds.cpp): r = max(1, floor(min_distance_px)).
  const int radius = std::max(1, static_cast<int>(std::floor(spec.seed_min_distance_px)));
  find_seeds(d_dist, width, height, radius, spec.seed_h_px, d_labels, ws, s);
  clock.mark("seeds");
  watershed(d_dist, d_labels, d_mask, width, height, d_labels, ws, s);
  clock.mark("watershed");
}

FieldPipeline::FieldPipeline() : impl_(std::make_unique<Impl>()) {}
FieldPipeline::~FieldPipeline() = default;

std::size_t FieldPipeline::workspace_high_water_bytes() const { return impl_->ws.high_water_bytes(); }

std::size_t FieldPipeline::device_bytes_needed(int width, int height, int channels) {
  const std::size_t n = std::size_t(width) * std::size_t(height);
  (void)channels;  // measuring (labels + channels) stays below the segmentation peak for <= 4 channels
  return kBytesPerPixel * n + kFixedBytes;
}

void FieldPipeline::segment(const FieldChannels& f, const SegmentSpec& spec, SegmentResult& out) {
  if (f.count < 1 || f.count > FieldChannels::kMax || f.width <= 0 || f.height <= 0)
    throw CudaError("FieldPipeline::segment: bad field geometry");
  for (int c = 0; c < f.count; ++c)
    if (f.data[c] == nullptr || f.stride_px[c] < f.width) throw CudaError("FieldPipeline::segment: bad channel view");
  Impl& m = *impl_;
  const cudaStream_t s = m.stream.get();
  m.stream.sync();  // a failed earlier field may have left copies from the staging buffers queued
  m.ensure_capacity(f);
  m.taps.prepare(spec.sigma_px, s);  // synchronises only when sigma changes
  m.stage_channels(f);
  const std::size_t n = m.pixels();

  StageClock clock(m.events, s);
  Workspace::Scope field(m.ws);
  u8* d_mask = m.ws.take<u8>(n);
  u16* d_t = m.ws.take<u16>(1);
  m.foreground(spec, d_mask, d_t, clock);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(m.t_host.get(), d_t, sizeof(u16), cudaMemcpyDeviceToHost, s));
  if (spec.fill_holes) {
    fill_holes(d_mask, d_mask, m.width, m.height, m.ws, s);
    clock.mark("fill_holes");
  }
  std::int32_t* d_labels = m.ws.take<std::int32_t>(n);
  m.objects(spec, d_mask, d_labels, clock);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(m.labels_host.get(), d_labels, n * sizeof(std::int32_t), cudaMemcpyDeviceToHost, s));
  clock.mark("download");
  m.stream.sync();

  out.threshold = m.t_host.get()[0];
  out.labels.assign(m.labels_host.get(), m.labels_host.get() + n);
  out.timings.clear();
  clock.collect(out.timings);
}

namespace {

MomentsRow row_of(const ops::MomentAccum& a) {
  MomentsRow r{};
  r.area_px = a.area;
  r.sum_x = a.sum_x, r.sum_y = a.sum_y;
  r.sum_xx = a.sum_xx, r.sum_yy = a.sum_yy, r.sum_xy = a.sum_xy;
  if (a.area > 0) r.bbox_x0 = a.x0, r.bbox_y0 = a.y0, r.bbox_x1 = a.x1, r.bbox_y1 = a.y1;  // CPU twin: absent = zero box
  for (int c = 0; c < FieldChannels::kMax; ++c) r.intensity_sum[c] = a.intensity[c];
  return r;
}

}  // namespace

void FieldPipeline::measure(const std::int32_t* labels, int max_label, std::vector<MomentsRow>& out,
                            std::vector<StageMs>* timings) {
  static_assert(FieldChannels::kMax == ops::kMeasureMaxChannels, "api.hpp and ops disagree on the channel capacity");
  out.clear();
  Impl& m = *impl_;
  if (max_label <= 0 || m.pixels() == 0) return;
  const cudaStream_t s = m.stream.get();
  const std::size_t n = m.pixels();
  m.table_host.ensure(std::size_t(max_label) + 1);
  std::memcpy(m.labels_host.get(), labels, n * sizeof(std::int32_t));  // pinned: an async upload
  StageClock clock(m.events, s);
  Workspace::Scope scope(m.ws);
  std::int32_t* d_labels = m.ws.take<std::int32_t>(n);
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(d_labels, m.labels_host.get(), n * sizeof(std::int32_t), cudaMemcpyHostToDevice, s));
  ops::MeasureChannels dc{};
  dc.count = m.channels;
  for (int c = 0; c < m.channels; ++c) {  // the channels staged by segment(), uploaded only now
    u16* d = m.ws.take<u16>(n);
    LYSISQ_CUDA_CHECK(cudaMemcpyAsync(d, m.staging.get() + std::size_t(c) * n, n * sizeof(u16), cudaMemcpyHostToDevice, s));
    dc.data[c] = d;
    dc.stride[c] = m.width;
  }
  clock.mark("measure_upload");
  ops::MomentAccum* d_table = m.ws.take<ops::MomentAccum>(std::size_t(max_label) + 1);
  int* d_error = m.ws.take<int>(1);
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_error, 0, sizeof(int), s));
  measure_objects(d_labels, m.width, m.height, max_label, dc, d_table, d_error, s);
  clock.mark("measure");
  int* h_error = m.ws.pinned_ints();
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_error, d_error, sizeof(int), cudaMemcpyDeviceToHost, s));
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(m.table_host.get(), d_table, (std::size_t(max_label) + 1) * sizeof(ops::MomentAccum),
                                    cudaMemcpyDeviceToHost, s));
  clock.mark("measure_download");
  m.stream.sync();
  if (*h_error != 0) throw InternalError("FieldPipeline::measure: a label exceeds max_label");
  out.reserve(std::size_t(max_label));
  for (int k = 1; k <= max_label; ++k) out.push_back(row_of(m.table_host.get()[k]));
  if (timings) clock.collect(*timings);
}

// ---- the pool behind PipelineLease ----
namespace {

struct Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<FieldPipeline>> all;
  std::vector<FieldPipeline*> idle;
};

// Never destroyed: at exit the CUDA runtime may already be torn down when static destructors run.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

}  // namespace

PipelineLease::PipelineLease() {
  Pool& p = pool();
  std::unique_lock<std::mutex> lock(p.mu);
  for (;;) {
    if (!p.idle.empty()) {
      p_ = p.idle.back();
      p.idle.pop_back();
      return;
    }
    if (p.all.size() < std::size_t(kStreams)) {
      p.all.push_back(std::make_unique<FieldPipeline>());  // rare: at most kStreams times
      p_ = p.all.back().get();
      return;
    }
    p.cv.wait(lock);
  }
}

PipelineLease::~PipelineLease() {
  Pool& p = pool();
  {
    std::lock_guard<std::mutex> lock(p.mu);
    p.idle.push_back(p_);
  }
  p.cv.notify_one();
}

}  // namespace lysisq::cuda
