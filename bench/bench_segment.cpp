// SPDX-License-Identifier: MIT
// bench_segment: per-stage and whole-field time of segment_field on synthetic two-channel u16
// fields (1024^2, 2048^2, 4096^2), median over repetitions; prints a Markdown table, then one
// machine-readable RESULT line per size (read by bench/bench_table.py).
//
// Usage: bench_segment [--backend cpu|cuda] [--reps N] [--max-side N] [--stream-fields N]
//                      [--threads N] [--write-images DIR]
//        bench_segment [reps] [largest side]        (the older positional form, CPU)
//
// CUDA timings: every stage except fold_small and canonicalize (host wall times) is a CUDA event
// time on the field's stream (kernels/cuda/pipeline.cu); their sum without the transfers (upload,
// download, measure_upload, measure_download) is the device time with the data resident, the
// host stages not included. "streamed" is fields per second
// when --threads host threads call segment_field on fields held in host memory: uploads,
// device work, downloads and host stages all included, several fields in flight.
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench_field.hpp"
#include "lysisq/allocator.hpp"
#include "lysisq/backend.hpp"
#include "lysisq/pipeline.hpp"

using namespace lysisq;

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  Backend backend = Backend::kCpu;
  int reps = 5;
  int max_side = 4096;
  int stream_fields = 24;
  int threads = 3;  // the CUDA pipeline pool's stream count
  std::string write_dir;
};

struct SizeResult {
  int side = 0;
  std::vector<std::string> order;          ///< stages as the first run reported them
  std::map<std::string, double> stage_ms;  ///< median per stage
  double total_ms = 0;                     ///< median wall time of whole segment_field calls
  double device_ms = 0;                    ///< CUDA: median device time, data resident
  double images_per_s = 0;
  std::size_t objects = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

bool is_transfer(const std::string& s) {
  return s == "upload" || s == "download" || s == "measure_upload" || s == "measure_download";
}
bool is_host_stage(const std::string& s) { return s == "fold_small" || s == "canonicalize"; }

/// CUDA: the sum of the device stages, transfers and host stages left out.
double device_time(const std::vector<StageTiming>& t) {
  double sum = 0;
  for (const StageTiming& s : t)
    if (!is_transfer(s.stage) && !is_host_stage(s.stage)) sum += s.ms;
  return sum;
}

double streamed_images_per_s(const std::vector<U16View>& views, Backend b, int fields, int threads) {
  std::atomic<int> next{0};
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      while (next.fetch_add(1) < fields) segment_field(views, SegmentationParams{}, b);
    });
  for (std::thread& t : pool) t.join();
  return fields / (ms_since(t0) / 1000.0);
}

SizeResult bench_size(int side, const Options& o) {
  const std::vector<Image<u16>> field = bench::make_field(side, 1234u + std::uint32_t(side));
  if (!o.write_dir.empty()) bench::write_raw(o.write_dir, side, field);
  const std::vector<U16View> views{field[0].view(), field[1].view()};
  SizeResult r;
  r.side = side;
  std::map<std::string, std::vector<double>> samples;
  std::vector<double> totals, device;
  segment_field(views, SegmentationParams{}, o.backend);  // warm-up: page faults, thread and buffer pools
  for (int i = 0; i < o.reps; ++i) {
    const auto t0 = Clock::now();
    const FieldSegmentation seg = segment_field(views, SegmentationParams{}, o.backend);
    totals.push_back(ms_since(t0));
    device.push_back(o.backend == Backend::kCuda ? device_time(seg.timings) : 0.0);
    for (const StageTiming& t : seg.timings) {
      if (!samples.count(t.stage)) r.order.push_back(t.stage);
      samples[t.stage].push_back(t.ms);
    }
    r.objects = seg.objects.size();
  }
  for (const auto& [stage, v] : samples) r.stage_ms[stage] = median(v);
  r.total_ms = median(totals);
  r.device_ms = median(device);
  r.images_per_s = o.backend == Backend::kCuda ? streamed_images_per_s(views, o.backend, o.stream_fields, o.threads)
                                               : 1000.0 / r.total_ms;
  return r;
}

void print_table(const std::vector<SizeResult>& results, const Options& o) {
  const bool cuda = o.backend == Backend::kCuda;
  std::printf("| stage (ms) |");
  for (const SizeResult& r : results) std::printf(" %d² |", r.side);
  std::printf("\n|---|");
  for (std::size_t i = 0; i < results.size(); ++i) std::printf("---:|");
  std::printf("\n");
  for (const std::string& stage : results.front().order) {
    const char* where = !cuda ? "" : is_transfer(stage) ? " (transfer)" : is_host_stage(stage) ? " (host)" : " (device)";
    std::printf("| %s%s |", stage.c_str(), where);
    for (const SizeResult& r : results) std::printf(" %.2f |", r.stage_ms.count(stage) ? r.stage_ms.at(stage) : 0.0);
    std::printf("\n");
  }
  std::printf("| **whole field (wall)** |");
  for (const SizeResult& r : results) std::printf(" **%.2f** |", r.total_ms);
  if (cuda) {
    std::printf("\n| device time, data resident |");
    for (const SizeResult& r : results) std::printf(" %.2f |", r.device_ms);
  }
  std::printf("\n| ms per megapixel (wall) |");
  for (const SizeResult& r : results) std::printf(" %.2f |", r.total_ms / (double(r.side) * r.side / 1e6));
  std::printf("\n| images/s%s |", cuda ? " (streamed)" : "");
  for (const SizeResult& r : results) std::printf(" %.1f |", r.images_per_s);
  std::printf("\n| objects |");
  for (const SizeResult& r : results) std::printf(" %zu |", r.objects);
  std::printf("\n\n");
  for (const SizeResult& r : results)
    std::printf("RESULT backend=%s side=%d total_ms=%.3f device_ms=%.3f images_per_s=%.3f objects=%zu\n",
                backend_name(o.backend), r.side, r.total_ms, r.device_ms, r.images_per_s, r.objects);
  for (const SizeResult& r : results)
    for (const std::string& s : r.order)
      std::printf("STAGE backend=%s side=%d stage=%s ms=%.3f\n", backend_name(o.backend), r.side, s.c_str(), r.stage_ms.at(s));
}

bool parse(int argc, char** argv, Options& o) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (!a.empty() && a[0][0] != '-') {  // older positional form: [reps] [largest side]
    o.reps = std::max(1, std::atoi(a[0].c_str()));
    if (a.size() > 1) o.max_side = std::atoi(a[1].c_str());
    return true;
  }
  for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
    const std::string& k = a[i];
    const std::string& v = a[i + 1];
    if (k == "--backend" && (v == "cpu" || v == "cuda")) o.backend = v == "cuda" ? Backend::kCuda : Backend::kCpu;
    else if (k == "--reps") o.reps = std::max(1, std::atoi(v.c_str()));
    else if (k == "--max-side") o.max_side = std::atoi(v.c_str());
    else if (k == "--stream-fields") o.stream_fields = std::max(1, std::atoi(v.c_str()));
    else if (k == "--threads") o.threads = std::max(1, std::atoi(v.c_str()));
    else if (k == "--write-images") o.write_dir = v;
    else return false;
  }
  return a.size() % 2 == 0;
}

}  // namespace

int main(int argc, char** argv) {
  lysisq::reuse_large_allocations();  // as the lysisq executable does
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: bench_segment [--backend cpu|cuda] [--reps N] [--max-side N] [--stream-fields N] "
                         "[--threads N] [--write-images DIR]\n");
    return 2;
  }
  const ComputeEnvironment env = probe_compute_environment();
  if (o.backend == Backend::kCuda && env.devices.empty()) {
    std::fprintf(stderr, "bench_segment: no CUDA device (%s)\n", env.cuda_status.c_str());
    return 77;
  }
  std::vector<SizeResult> results;
  for (int side = 1024; side <= o.max_side; side *= 2) results.push_back(bench_size(side, o));
  if (results.empty()) return 2;
  if (o.backend == Backend::kCuda)
    std::printf("segment_field, default SegmentationParams, 2 channels, CUDA on %s, median of %d; streamed: %d fields, %d threads\n\n",
                env.devices.front().name.c_str(), o.reps, o.stream_fields, o.threads);
  else
    std::printf("segment_field, default SegmentationParams, 2 channels, CPU, %d OpenMP threads, median of %d\n\n",
                omp_get_max_threads(), o.reps);
  print_table(results, o);
  return 0;
}
