// SPDX-License-Identifier: MIT
// The device-resident field pipeline: the nuclear channel is uploaded once from pinned staging,
// every stage runs on the pipeline's own stream with scratch from its pooled Workspace, and only
// the result comes back. Stage times are CUDA events read after the one final synchronisation.
// PipelineLease hands out up to kStreams pipelines, so several fields are in flight at once.
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api.hpp"
#include "check.cuh"
#include "fill_holes.cuh"
#include "filters.cuh"
#include "threshold.cuh"

namespace lysisq::cuda {
namespace {

using u8 = std::uint8_t;
using u16 = std::uint16_t;

/// Device bytes per pixel of one field in flight (STYLE/issue 3 budget). Peak use is the
/// foreground phase: mask 1 + nuclear 2 + opening 2 + smoothed 2 + van Herk scratch 8 (two u16
/// images + g/h) = 15; the smoothing pass needs mask 1 + 2 + 2 + 2 + float 4 = 11; measuring
/// needs labels 4 + channels 2 each (at most 12).
constexpr std::size_t kBytesPerPixel = 16;
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
  PinnedBuffer<u8> mask_host;
  PinnedBuffer<std::int32_t> labels_host;
  PinnedBuffer<u16> t_host;
  Event events[kMaxMarks];
  int width = 0, height = 0, channels = 0;

  std::size_t pixels() const { return std::size_t(width) * std::size_t(height); }
  void ensure_capacity(const FieldChannels& f);
  void stage_channels(const FieldChannels& f);
  void foreground(const SegmentSpec& spec, u8* d_mask, u16* d_t, StageClock& clock);
};

void FieldPipeline::Impl::ensure_capacity(const FieldChannels& f) {
  const std::size_t need = device_bytes_needed(f.width, f.height, f.count);
  if (ws.capacity_bytes() < need) {
    std::size_t free_b = 0, total_b = 0;
    LYSISQ_CUDA_CHECK(cudaMemGetInfo(&free_b, &total_b));
    if (free_b + ws.capacity_bytes() < need)
      throw CudaError("a " + std::to_string(f.width) + "x" + std::to_string(f.height) + " field needs " + mib(need) +
                      " of device memory (16 bytes/pixel + " + mib(kFixedBytes) + "), but the device has " +
                      mib(free_b) + " free of " + mib(total_b) + "; use the CPU backend or smaller images");
    ws.reserve(need);
  }
  width = f.width;
  height = f.height;
  channels = f.count;
  staging.ensure(pixels() * std::size_t(f.count));
  mask_host.ensure(pixels());
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

FieldPipeline::FieldPipeline() : impl_(std::make_unique<Impl>()) {}
FieldPipeline::~FieldPipeline() = default;

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
  // Size filter .. watershed run on the host (CPU twins) until the region kernels are wired in
  // here: the mask goes back and segment_field continues from it.
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(m.mask_host.get(), d_mask, n, cudaMemcpyDeviceToHost, s));
  clock.mark("download");
  m.stream.sync();

  out.threshold = m.t_host.get()[0];
  out.labels_ready = false;
  out.labels.clear();
  out.mask.assign(m.mask_host.get(), m.mask_host.get() + n);
  out.timings.clear();
  clock.collect(out.timings);
}

bool FieldPipeline::measures_on_device() { return false; }

void FieldPipeline::measure(const std::int32_t*, int, std::vector<MomentsRow>&, std::vector<StageMs>*) {
  throw CudaError("FieldPipeline::measure: this build measures on the CPU (measures_on_device() is false)");
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
