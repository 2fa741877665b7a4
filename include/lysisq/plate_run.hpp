// SPDX-License-Identifier: MIT
// One plate, start to end: read each field's channels, segment, classify the plate's objects,
// quantify killing (src/pipeline/run_plate.cpp). Writes nothing; results.hpp writes the files.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lysisq/backend.hpp"
#include "lysisq/classify.hpp"
#include "lysisq/config.hpp"
#include "lysisq/dose_response.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/kinetic_plate.hpp"
#include "lysisq/labels.hpp"
#include "lysisq/pipeline.hpp"
#include "lysisq/plate.hpp"
#include "lysisq/qc_image.hpp"
#include "lysisq/quantify.hpp"

namespace lysisq {

/// Thrown by run_plate when its cancel flag is raised (the CLI maps it to exit status 130).
struct Cancelled : Error {
  using Error::Error;
};

/// Called after every finished field with (fields done, fields total), on the thread that called
/// run_plate.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

/// Receives each field's label image when label images were requested; called from worker
/// threads, possibly concurrently, so it must be thread-safe. Label images are not kept.
using LabelSink = std::function<void(const io::FieldFiles& field, const LabelImage& labels)>;

struct PlateRunOptions {
  ProgressFn progress;
  LabelSink label_sink;                          ///< empty: label images are dropped
  const std::atomic<bool>* cancel = nullptr;     ///< polled between fields
};

/// Image-quality numbers of one field, measured while its images were in memory (the images
/// themselves are not kept): one entry per channel read, in required_channels() order.
struct FieldQuality {
  WellId well;
  int field = 1;
  std::int64_t objects = 0;  ///< segmented objects (all classes)
  struct Channel {
    int channel = 0;         ///< the `w<n>` index
    ImageQuality quality;    ///< saturation against cfg.qc.saturation_level
  };
  std::vector<Channel> channels;
};

/// Everything computed for one plate. Images are not kept: only measurements.
struct PlateRunResult {
  std::string plate_name;
  Backend backend = Backend::kCpu;
  int threads = 1;                          ///< worker threads used over fields
  std::size_t field_count = 0;
  int time_point = 0;                       ///< analysed time point; 0 = the plate has no time axis
  std::optional<int> z_step;                ///< analysed Z-step; empty = the plate has one plane
  /// Fields held decoded at once (read, not yet segmented): the peak seen, and the bound the
  /// stream guarantees (queue + readers + segmenting workers), whatever the plate's size.
  std::size_t peak_fields_in_memory = 0;
  std::size_t max_fields_in_memory = 0;
  std::vector<ObjectRecord> objects;        ///< every object, classified, sorted by well/field/label
  ClassifierThresholds thresholds;
  PlateQuantification quant;
  DoseResponseAnalysis dose_response;      ///< LU and selectivity from the primary killing metric
  std::vector<StageTiming> stage_totals_ms; ///< summed over fields ("read" = image reading)
  std::vector<FieldQuality> field_quality; ///< every analysed field, sorted by well, then field
  /// QC verdicts (qc_run.hpp plate_qc(): image, well, condition, plate levels), sorted with
  /// sort_qc(); the CLI appends the run-history (level run) verdicts before writing.
  std::vector<QcResult> qc;
  std::vector<std::string> warnings;        ///< also written to run.json
  /// Kinetic runs only (run_kinetic_plate): every time point analysed, ascending, and the
  /// killing curve of each experimental condition over them. Empty otherwise.
  std::vector<KineticTime> kinetic_times;
  std::vector<KineticCondition> kinetics;
};

/// Channel indices (the `w<n>` of file names) a config needs, nuclear first, then target, then
/// dead (the dead channel only with the dead-stain readout).
std::vector<int> required_channels(const AssayConfig& cfg);

/// Analyses the fields of `manifest` (one time point and Z-step: cfg.input) whose wells are in `layout`.
/// Fields stream through reader threads, a bounded queue and segmenting workers
/// (src/pipeline/field_stream.hpp): cfg.compute.threads (0 = all cores) CPU workers, or
/// cuda_fields_in_flight() workers on the device streams with the CUDA backend, so memory holds a
/// few fields however large the plate. Before any image is read it checks that every needed
/// channel file exists and that every layout well holding targets has images (InputError naming
/// the well, field and channel); manifest wells outside the layout only add a warning. Image
/// errors (corrupt, truncated, wrong bit depth, size mismatch between channels) are InputErrors
/// naming the file; the lowest-numbered failing field's error is the one thrown.
PlateRunResult run_plate(const io::PlateManifest& manifest, const PlateLayout& layout,
                         const AssayConfig& cfg, Backend backend, const PlateRunOptions& opts = {});

/// Every time point of `manifest`, for kinetics (ASSAY.md §3.2): run_plate at each in time order,
/// then kinetic_conditions() over them. Returns the endpoint's result (cfg.input.time_point; 0 =
/// the last) with `kinetic_times` and `kinetics` filled; label images are written for the
/// endpoint only, and progress counts the fields of every time point. Times come from
/// io::timepoint_hours (cfg.kinetics.interval_h where the files carry none). InputError when the
/// plate has fewer than two time points; ConfigError when it has no times and no interval.
PlateRunResult run_kinetic_plate(const io::PlateManifest& manifest, const PlateLayout& layout,
                                 const AssayConfig& cfg, Backend backend, const PlateRunOptions& opts = {});

/// Same, with only a progress callback.
inline PlateRunResult run_plate(const io::PlateManifest& manifest, const PlateLayout& layout,
                                const AssayConfig& cfg, Backend backend, ProgressFn progress) {
  PlateRunOptions opts;
  opts.progress = std::move(progress);
  return run_plate(manifest, layout, cfg, backend, opts);
}

}  // namespace lysisq
