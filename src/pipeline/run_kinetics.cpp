// SPDX-License-Identifier: MIT
// run_kinetic_plate: one run_plate per time point, then the kinetic curves over them. Each time
// point is a complete, independent analysis (its own classification thresholds and QC), because
// every scan is a new set of images; only the per-condition live-target means carry across.
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/plate_run.hpp"
#include "plate_checks.hpp"

namespace lysisq {

namespace {

/// Fields of one time point (the progress total is the sum over time points).
std::size_t fields_at(const io::PlateManifest& m, int time_point) {
  std::size_t n = 0;
  for (const auto& f : m.fields) n += f.timepoint == time_point ? 1 : 0;
  return n;
}

}  // namespace

PlateRunResult run_kinetic_plate(const io::PlateManifest& manifest, const PlateLayout& layout,
                                 const AssayConfig& cfg, Backend backend, const PlateRunOptions& opts) {
  const std::map<int, double> hours = io::timepoint_hours(manifest, cfg.kinetics.interval_h);
  if (hours.size() < 2)
    throw InputError(manifest.dir.string() + ": kinetics needs several time points, but the plate has " +
                     (hours.empty() ? std::string("none") : "only time point " + std::to_string(hours.begin()->first)));
  std::vector<std::string> chosen;  // the endpoint's "analysed N" warning: every point is analysed here
  const int end_tp = detail::pick_time_point(manifest, cfg.input.time_point, chosen);
  std::size_t total = 0;
  for (const auto& [tp, h] : hours) total += fields_at(manifest, tp);

  std::vector<TimedQuantification> series;
  PlateRunResult end_result;
  std::size_t done_before = 0;
  for (const auto& [tp, h] : hours) {
    AssayConfig at = cfg;
    at.input.time_point = tp;
    PlateRunOptions o;
    o.cancel = opts.cancel;
    if (opts.progress) o.progress = [&, base = done_before](std::size_t done, std::size_t) { opts.progress(base + done, total); };
    if (tp == end_tp) o.label_sink = opts.label_sink;  // label files carry no time point in their names
    PlateRunResult r = run_plate(manifest, layout, at, backend, o);
    done_before += r.field_count;
    series.push_back({{tp, h}, r.quant});
    if (tp == end_tp) end_result = std::move(r);
  }
  for (const auto& t : series) end_result.kinetic_times.push_back(t.time);
  end_result.kinetics = kinetic_conditions(series, cfg.kinetics.level_pct);
  return end_result;
}

}  // namespace lysisq
