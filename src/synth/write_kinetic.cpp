// SPDX-License-Identifier: MIT
// Synthetic time-lapse plates (SynthParams::time_points): N scans of one plate in the ImageXpress
// layout PLATE/TimePoint_<k>/, the killing of the experimental wells growing linearly from none at
// scan 1 to the full design at scan N, and kinetic_truth.csv with the expected time-normalised
// %killing (ASSAY.md §3.2) of every condition at every scan.
#include <cstdio>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "synth_detail.hpp"

namespace lysisq::synth {

namespace {

namespace fs = std::filesystem;

using detail::fmt;

/// Scan k of the time-lapse `p`: s_k = (k-1)/(N-1), exactly 0 at k = 1 and 1 at k = N (so scan N
/// draws the flat plate's counts). ConfigError for a flat plate or k out of range.
detail::ScanSpec scan_spec(const SynthParams& p, int time_point) {
  if (p.time_points < 2)
    throw ConfigError("synth: a time point needs a time-lapse (time_points >= 2), got time_points " +
                      std::to_string(p.time_points));
  if (time_point < 1 || time_point > p.time_points)
    throw ConfigError("synth: time point " + std::to_string(time_point) + " is outside 1.." +
                      std::to_string(p.time_points));
  return {time_point, double(time_point - 1) / double(p.time_points - 1)};
}

double time_h(const SynthParams& p, int time_point) { return (time_point - 1) * p.interval_h; }

std::string kinetic_truth_csv(const std::vector<KineticTruthRow>& rows) {
  std::string s = "target,effector,et_ratio,time_point,time_h,design_killing_pct\n";
  for (const KineticTruthRow& r : rows)
    s += r.target + "," + r.effector + "," + fmt("%g", r.et_ratio) + "," + std::to_string(r.time_point) + "," +
         fmt("%g", r.time_h) + "," + fmt("%.3f", r.design_killing_pct) + "\n";
  return s;
}

/// Appended to a scan's truth/params.txt: which scan of which time-lapse it is.
std::string scan_provenance(const SynthParams& p, const detail::ScanSpec& scan) {
  return "time_points: " + std::to_string(p.time_points) + "\ninterval_h: " + fmt("%g", p.interval_h) +
         "\ntime_point: " + std::to_string(scan.time_point) + "\ntime_h: " + fmt("%g", time_h(p, scan.time_point)) +
         "\nkilling_scale: " + fmt("%.6f", scan.killing_scale) + "\n";
}

}  // namespace

PlateTruth design_time_point(const SynthParams& p, int time_point) {
  return detail::design_full(p, scan_spec(p, time_point)).truth;
}

std::vector<KineticTruthRow> kinetic_truth(const SynthParams& p) {
  const PlateLayout layout = design_plate(p).layout;  // refuses bad parameters, time_points 1 and < 0
  scan_spec(p, 1);                                    // and a flat plate
  std::vector<KineticTruthRow> rows;
  std::set<std::tuple<std::string, std::string, double>> seen;
  for (const WellAssignment& w : layout.wells) {
    if (w.role != WellRole::kExperimental || !seen.insert({w.target, w.effector, w.et_ratio}).second) continue;
    // The same product as design.cpp forms for the wells, so both truth files print one value.
    const double design = design_killing_fraction(w.effector, w.target, w.et_ratio);
    for (int k = 1; k <= p.time_points; ++k)
      rows.push_back({w.target, w.effector, w.et_ratio, k, time_h(p, k), design * scan_spec(p, k).killing_scale * 100.0});
  }
  return rows;
}

namespace detail {

PlateTruth write_time_lapse(const SynthParams& p, const fs::path& out_dir) {
  const std::vector<KineticTruthRow> rows = kinetic_truth(p);  // validates before anything is written
  PlateTruth last;
  for (int k = 1; k <= p.time_points; ++k) {
    const ScanSpec scan = scan_spec(p, k);
    const PlateDesign d = design_full(p, scan);
    write_image_set(p, d, out_dir / ("TimePoint_" + std::to_string(k)), scan_provenance(p, scan));
    last = d.truth;
  }
  // One layout for the plate: every scan holds the same wells.
  io::write_file_atomic(out_dir / "layout.yaml", config::layout_to_yaml(last.layout));
  io::write_file_atomic(out_dir / "kinetic_truth.csv", kinetic_truth_csv(rows));
  return last;
}

}  // namespace detail

}  // namespace lysisq::synth
