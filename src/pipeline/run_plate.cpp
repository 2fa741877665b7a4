// SPDX-License-Identifier: MIT
// The plate sequence: check the manifest against the layout, stream the fields (readers -> bounded
// queue -> segmenting workers, field_stream.hpp), keep only measurements, then classify and
// quantify the whole plate.
#include "lysisq/plate_run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>

#include "field_stream.hpp"
#include "lysisq/qc_run.hpp"
#include "plate_checks.hpp"

namespace lysisq {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct FieldOutput {
  std::vector<ObjectRecord> objects;
  std::vector<StageTiming> timings;
  FieldQuality quality;
};

ObjectRecord to_record(const io::FieldFiles& f, const ObjectMeasurement& m) {
  ObjectRecord r;
  r.well = f.well;
  r.field = f.field;
  r.label = m.label;
  r.area_px = m.m.area_px;
  r.centroid_x_px = m.centroid_x_px;
  r.centroid_y_px = m.centroid_y_px;
  r.bbox_x0 = m.m.bbox_x0;
  r.bbox_y0 = m.m.bbox_y0;
  r.bbox_x1 = m.m.bbox_x1;
  r.bbox_y1 = m.m.bbox_y1;
  r.equivalent_diameter_px = m.equivalent_diameter_px;
  r.eccentricity = m.eccentricity;
  r.nuclear_mean = m.mean_intensity[0];
  r.target_mean = m.channel_count > 1 ? m.mean_intensity[1] : 0.0;
  r.dead_mean = m.channel_count > 2 ? m.mean_intensity[2] : 0.0;
  return r;
}

/// Reads the field's channels in `channels` order; all must have the nuclear image's size.
std::vector<Image<u16>> read_channels(const io::FieldFiles& f, const std::vector<int>& channels) {
  std::vector<Image<u16>> images;
  images.reserve(channels.size());
  for (int ch : channels) {
    const auto& path = f.channels.at(ch);
    images.push_back(io::read_field_channel(f, ch));  // the channel's file, at its page (OME-TIFF)
    const auto& first = images.front();
    if (images.back().width() != first.width() || images.back().height() != first.height()) {
      std::ostringstream os;
      os << path.string() << ": image is " << images.back().width() << "x" << images.back().height()
         << " but " << f.channels.at(channels.front()).string() << " is " << first.width() << "x"
         << first.height() << "; all channels of a field must have the same size";
      throw InputError(os.str());
    }
  }
  return images;
}

struct FieldContext {
  const std::vector<int>& channels;
  const SegmentationParams& seg;
  Backend backend;
  const LabelSink& label_sink;
  u16 saturation_level;      ///< cfg.qc.saturation_level
  int inner_threads;         ///< OpenMP team of the stage loops inside one worker
};

/// A field in memory between its reader and its segmenting worker.
struct DecodedField {
  std::vector<Image<u16>> images;
  FieldOutput out;  ///< read and image QC done
};

/// Image QC numbers of every channel, taken while the images are in memory (one pass each).
FieldQuality measure_quality(const io::FieldFiles& f, const std::vector<Image<u16>>& images, const FieldContext& ctx) {
  FieldQuality q;
  q.well = f.well;
  q.field = f.field;
  for (std::size_t i = 0; i < images.size(); ++i)
    q.channels.push_back({ctx.channels[i], measure_image_quality(images[i].cview(), ctx.saturation_level)});
  return q;
}

/// Reader side: decode the channels (TIFF LZW/deflate decompression included) and measure them.
DecodedField read_field(const io::FieldFiles& f, const FieldContext& ctx) {
  DecodedField d;
  const auto t0 = Clock::now();
  d.images = read_channels(f, ctx.channels);
  d.out.timings.push_back({"read", ms_since(t0)});
  const auto t_qc = Clock::now();
  d.out.quality = measure_quality(f, d.images, ctx);
  d.out.timings.push_back({"image_qc", ms_since(t_qc)});
  return d;
}

/// Worker side: segment, hand the labels to the sink, keep the object records.
FieldOutput segment_decoded(const io::FieldFiles& f, DecodedField&& d, const FieldContext& ctx) {
  // Per-thread ICV: this worker's stage loops share the thread budget with the other workers.
  omp_set_num_threads(ctx.inner_threads);
  FieldOutput out = std::move(d.out);
  std::vector<U16View> views;
  for (const auto& img : d.images) views.push_back(img.cview());
  // CUDA: segment_field leases one of cuda_fields_in_flight() device pipelines; no lock needed.
  const FieldSegmentation seg = segment_field(views, ctx.seg, ctx.backend);
  out.timings.insert(out.timings.end(), seg.timings.begin(), seg.timings.end());
  if (ctx.label_sink) ctx.label_sink(f, seg.labels);
  out.quality.objects = static_cast<std::int64_t>(seg.objects.size());
  out.objects.reserve(seg.objects.size());
  for (const auto& m : seg.objects) out.objects.push_back(to_record(f, m));
  return out;
}

/// Adds `t` into `totals`, keeping the order in which stages first appear.
void accumulate(std::vector<StageTiming>& totals, const std::vector<StageTiming>& t) {
  for (const auto& s : t) {
    auto it = std::find_if(totals.begin(), totals.end(), [&](const StageTiming& x) { return x.stage == s.stage; });
    if (it == totals.end())
      totals.push_back(s);
    else
      it->ms += s.ms;
  }
}

bool is_cancelled(const PlateRunOptions& opts) {
  return opts.cancel && opts.cancel->load(std::memory_order_relaxed);
}

/// Streams every field through read_field and segment_decoded; outputs in field order. The error
/// of the lowest-numbered failed field is rethrown once every thread has joined.
std::vector<FieldOutput> process_fields(const std::vector<const io::FieldFiles*>& fields, FieldContext ctx,
                                        const detail::StreamShape& shape, const PlateRunOptions& opts,
                                        PlateRunResult& r) {
  detail::StreamOptions so;
  so.decoders = shape.decoders;
  so.workers = shape.workers;
  so.queue_capacity = shape.queue_capacity;
  so.cancel = opts.cancel;
  so.progress = opts.progress;
  ctx.inner_threads = shape.inner_threads;
  detail::StreamStats stats;
  std::vector<FieldOutput> outputs;
  try {
    outputs = detail::stream_items(
        fields.size(), [&](std::size_t i) { return read_field(*fields[i], ctx); },
        [&](std::size_t i, DecodedField&& d) { return segment_decoded(*fields[i], std::move(d), ctx); }, so,
        &stats);
  } catch (const detail::StreamCancelled&) {
    throw Cancelled("interrupted");
  }
  r.peak_fields_in_memory = stats.peak_in_flight;
  r.max_fields_in_memory = detail::max_in_flight(so);
  if (is_cancelled(opts)) throw Cancelled("interrupted");
  return outputs;
}

int thread_count(const ComputeParams& p) {
  return p.threads > 0 ? p.threads : omp_get_max_threads();
}

}  // namespace

std::vector<int> required_channels(const AssayConfig& cfg) {
  std::vector<int> ch = {cfg.channels.nuclear, cfg.channels.target};
  if (cfg.classification.death_readout == DeathReadout::kDeadStain) ch.push_back(cfg.channels.dead);
  return ch;
}

PlateRunResult run_plate(const io::PlateManifest& manifest, const PlateLayout& layout,
                         const AssayConfig& cfg, Backend backend, const PlateRunOptions& opts) {
  PlateRunResult r;
  r.plate_name = manifest.plate_name;
  r.backend = backend;
  const std::vector<int> channels = required_channels(cfg);
  const detail::FieldSelection selection = detail::select_fields(manifest, layout, channels, cfg.input, r.warnings);
  const std::vector<const io::FieldFiles*>& fields = selection.fields;
  r.field_count = fields.size();
  r.time_point = selection.time_point;
  r.z_step = selection.z_step;

  const FieldContext ctx{channels, cfg.segmentation, backend, opts.label_sink,
                         static_cast<u16>(cfg.qc.saturation_level), 1};
  r.threads = thread_count(cfg.compute);
  // OpenMP loops on this thread follow --threads too (the team size is a per-thread ICV; workers
  // set theirs in segment_decoded). Left at the default, `--threads 1` ran 25x slower on 2 cores.
  omp_set_num_threads(r.threads);
  const int device_slots = backend == Backend::kCuda ? std::max(1, cuda_fields_in_flight()) : 0;
  const detail::StreamShape shape = detail::plan_stream(fields.size(), r.threads, device_slots);
  std::vector<FieldOutput> outputs = process_fields(fields, ctx, shape, opts, r);

  std::map<WellId, int> fields_per_well;
  for (const auto* f : fields) ++fields_per_well[f->well];
  std::size_t total_objects = 0;
  for (const auto& out : outputs) total_objects += out.objects.size();
  r.objects.reserve(total_objects);  // no doubling: on large plates the records are most of the memory
  for (auto& out : outputs) {
    accumulate(r.stage_totals_ms, out.timings);
    r.objects.insert(r.objects.end(), out.objects.begin(), out.objects.end());
    r.field_quality.push_back(std::move(out.quality));
    out = FieldOutput{};  // release as we go: the plate's objects are now held once
  }

  auto t0 = Clock::now();
  r.thresholds = classify_objects(r.objects, cfg.classification, r.warnings);
  accumulate(r.stage_totals_ms, {{"classify", ms_since(t0)}});
  t0 = Clock::now();
  const std::vector<WellCounts> counts = tally_wells(r.objects, fields_per_well);
  r.quant = quantify(layout, counts, cfg.quantification);
  const std::vector<DoseResponsePoint> points = dose_points(r.quant);
  r.dose_response = analyse_dose_response(points, layout, cfg.lytic_units, cfg.selectivity);
  r.dose_response.lysis_measure = metric_name(cfg.quantification.primary_metric);
  accumulate(r.stage_totals_ms, {{"quantify", ms_since(t0)}});
  r.qc = imaging_qc(r, layout, cfg);
  return r;
}

}  // namespace lysisq
