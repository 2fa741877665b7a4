// SPDX-License-Identifier: MIT
// C++17 entry points into the CUDA code: plain values and raw pointers only. The only CUDA-side
// header that src/ includes; it declares nothing from the CUDA runtime.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lysisq::cuda {

struct DeviceProperties {
  int index = 0;
  std::string name;
  int cc_major = 0, cc_minor = 0;
  std::size_t total_memory_bytes = 0;
  int multiprocessors = 0;
};

struct RuntimeProbe {
  int driver_version = 0;
  int runtime_version = 0;
  std::vector<DeviceProperties> devices;
  std::string status;  ///< the runtime's message when no device is usable
};

/// Lists CUDA devices; never throws (no driver or no device gives an empty list and a status).
RuntimeProbe probe_devices();

// ---- cuda-core: background, smooth, threshold, fill holes (kernels/cuda/filters.cu,
// threshold.cu, fill_holes.cu). Host-pointer launchers: copy in, run on a private stream, copy
// out, synchronise; every one throws lysisq::CudaError on a CUDA failure. Inputs may be strided
// (stride in elements, >= width); outputs are contiguous (stride == width).

/// White top-hat: in minus its grey opening by a (2 radius_px + 1)^2 square (clipped windows).
void subtract_background(const std::uint16_t* in, std::ptrdiff_t in_stride_px, std::uint16_t* out,
                         int width, int height, int radius_px);

/// Gaussian smoothing (ops/smooth_op.hpp: float weights, reflect-101, rounded to u16);
/// bit-identical to the CPU twin. sigma_px == 0 copies.
void smooth(const std::uint16_t* in, std::ptrdiff_t in_stride_px, std::uint16_t* out, int width,
            int height, double sigma_px);

enum class ThresholdRule : int { kOtsu, kLi, kTriangle, kManual };
struct ThresholdSpec {
  ThresholdRule rule = ThresholdRule::kOtsu;
  double correction = 1.0;
  std::uint16_t min_threshold = 0;
  std::uint16_t manual = 0;     ///< used iff rule == kManual
  /// > 0: segment_field's contrast guard (ops/contrast_op.hpp) with this many sigmas; an
  /// automatic threshold without that contrast becomes 65535. 0: no guard.
  double contrast_min_sigmas = 0.0;
};

/// The threshold of ops/threshold_op.hpp chosen on the device from the 16-bit histogram.
std::uint16_t select_threshold(const std::uint16_t* in, std::ptrdiff_t in_stride_px, int width,
                               int height, const ThresholdSpec& spec);

/// out[i] = in[i] > t (0/1 mask).
void apply_threshold(const std::uint16_t* in, std::ptrdiff_t in_stride_px, std::uint8_t* out,
                     int width, int height, std::uint16_t t);

/// Fills background regions not 4-connected to the border (0/1 masks).
void fill_holes(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::uint8_t* out, int width,
                int height);

// ---- cuda-core: the device-resident whole-field pipeline (kernels/cuda/pipeline.cu) ----

/// SegmentationParams in plain values (src/pipeline/segment_field.cpp converts).
struct SegmentSpec {
  int background_radius_px = -1;  ///< < 0: no background subtraction
  double sigma_px = 0.0;          ///< 0: no smoothing
  ThresholdSpec threshold;
  bool fill_holes = true;
  int min_area_px = 0, max_area_px = 0;
  int connectivity = 8;  ///< 4 or 8
  bool split_touching = true;
  double seed_min_distance_px = 1.0, seed_h_px = 0.0;
};

struct FieldChannels {
  static constexpr int kMax = 4;
  int count = 0;
  int width = 0, height = 0;
  const std::uint16_t* data[kMax] = {};
  std::ptrdiff_t stride_px[kMax] = {};
};

/// Device time of one stage in milliseconds (CUDA events on the field's stream).
struct StageMs {
  const char* stage;
  double ms;
};

struct SegmentResult {
  std::uint16_t threshold = 0;
  std::vector<std::int32_t> labels;  ///< width * height; not canonical, fold_small not yet applied
  std::vector<StageMs> timings;      ///< device stages, then "download"
};

/// Per-object integer sums as ObjectMoments (include/lysisq/measure.hpp), for labels 1..max_label.
struct MomentsRow {
  std::int64_t area_px, sum_x, sum_y, sum_xx, sum_yy, sum_xy;
  std::int32_t bbox_x0, bbox_y0, bbox_x1, bbox_y1;
  std::int64_t intensity_sum[FieldChannels::kMax];
};

/// One stream, its pooled device buffers and pinned staging: one field in flight. Not
/// thread-safe; use one per thread (PipelinePool hands them out).
class FieldPipeline {
 public:
  FieldPipeline();  ///< throws CudaError when no device is usable
  ~FieldPipeline();
  FieldPipeline(const FieldPipeline&) = delete;
  FieldPipeline& operator=(const FieldPipeline&) = delete;

  /// Bytes of device memory a field of this size needs: 14 B/pixel (the seeds stage's peak, see
  /// pipeline.cu; the limit is 16) plus fixed scratch. segment() throws CudaError
  /// before allocating when the device has less free.
  static std::size_t device_bytes_needed(int width, int height, int channels);

  /// Most device scratch this pipeline has held at once (its workspace's high-water mark).
  std::size_t workspace_high_water_bytes() const;

  /// Stages the channels in pinned memory, uploads the nuclear one, runs background .. watershed
  /// (or label) on the device and downloads the labels: one synchronisation at the end (plus the
  /// flag reads inside fill_holes, seeds and watershed).
  void segment(const FieldChannels& field, const SegmentSpec& spec, SegmentResult& out);

  /// Per-object sums of `labels` (host, width * height of the last segment(), values 0..max_label)
  /// over the channels of the last segment() (uploaded now from the pinned staging).
  /// out.size() == max_label; appends "measure_upload", "measure", "measure_download" to
  /// `timings` when not null.
  void measure(const std::int32_t* labels, int max_label, std::vector<MomentsRow>& out,
               std::vector<StageMs>* timings = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A process-wide pool of FieldPipelines (kStreams of them, created lazily): several fields in
/// flight on separate streams when several threads call segment_field at once. Thread-safe.
class PipelineLease {
 public:
  static constexpr int kStreams = 3;
  PipelineLease();  ///< blocks while all kStreams pipelines are leased
  ~PipelineLease();
  PipelineLease(const PipelineLease&) = delete;
  PipelineLease& operator=(const PipelineLease&) = delete;
  FieldPipeline& operator*() const { return *p_; }
  FieldPipeline* operator->() const { return p_; }

 private:
  FieldPipeline* p_ = nullptr;
};

// ---- cuda-regions: label, size filter, EDT, seeds, watershed, measure (kernels/cuda/ccl.cu,
// edt.cu, seeds.cu, watershed.cu, measure.cu). Host-pointer launchers in the style above; each
// computes exactly the CPU twin's result (src/stages/*_cpu.cpp). connectivity is 4 or 8.

/// Labels 1..N in raster order of first pixel (0 = background); returns N.
int label_components(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::int32_t* labels, int width,
                     int height, int connectivity);

/// Keeps the components with min_area_px <= area <= max_area_px (0/1 mask).
void filter_size(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::uint8_t* out, int width, int height,
                 int connectivity, int min_area_px, int max_area_px);

/// Exact squared Euclidean distance to the nearest background pixel (outside = background).
void distance_transform_sq(const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::uint32_t* out, int width,
                           int height);

/// Seed plateaus of find_seeds (src/stages/seeds.cpp), labelled 1..N in raster order; returns N.
int find_seeds(const std::uint32_t* dist_sq, std::ptrdiff_t dist_stride_px, std::int32_t* labels, int width,
               int height, double min_distance_px, double h_px);

/// Marker-controlled watershed of src/stages/watershed.cpp; seeds and labels are contiguous.
void watershed(const std::uint32_t* dist_sq, std::ptrdiff_t dist_stride_px, const std::int32_t* seeds,
               const std::uint8_t* mask, std::ptrdiff_t mask_stride_px, std::int32_t* labels, int width, int height);

/// Integer sums of labels 1..max_label (contiguous labels; values > max_label are an error) over
/// the channels (channels.width/height must equal width/height): out[k] is label k + 1.
void measure_objects(const std::int32_t* labels, int width, int height, int max_label, const FieldChannels& channels,
                     MomentsRow* out);

}  // namespace lysisq::cuda
