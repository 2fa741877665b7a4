// SPDX-License-Identifier: MIT
// generate_chromium_plate: designs the 51Cr plate, renders its scan and writes the counter export,
// the scan, the layout and the truth files (file list in include/lysisq/synth.hpp).
#include <cmath>
#include <cstdio>
#include <string>

#include "faults_detail.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/synth.hpp"
#include "synth_detail.hpp"

namespace lysisq::synth {

namespace {

namespace fs = std::filesystem;

using detail::fmt;

/// A count rate as a counter prints it: whole numbers without decimals (1 min counts), otherwise
/// three decimals (counts / time); truth.csv uses the same so both files agree exactly.
std::string cpm_text(double cpm) { return cpm == std::floor(cpm) ? fmt("%.0f", cpm) : fmt("%.3f", cpm); }

/// A MicroBeta/TopCount-style list export: instrument preamble, the table, a footer line.
std::string counts_csv(const ChromiumSynthParams& p, const ChromiumPlateTruth& t) {
  std::string s = "Instrument: lysisq synthetic counter (MicroBeta-style list export)\n"
                  "Plate name: " + p.plate_name + "\n"
                  "Protocol: 51Cr release, 4 h, supernatant counted on LumaPlate\n"
                  "Counting time (min): " + fmt("%g", p.count_time_min) + "\n"
                  "\n"
                  "Well,CPM,CPM Error %,Counts,Count Time (s)\n";
  for (const ChromiumWellTruth& w : t.wells) {
    const double counts = std::round(w.true_cpm * p.count_time_min);
    const double err_pct = counts > 0 ? 100.0 / std::sqrt(counts) : 100.0;  // 1 SD of a Poisson count
    s += w.well.str() + "," + cpm_text(w.true_cpm) + "," + fmt("%.2f", err_pct) + "," + fmt("%.0f", counts) + "," +
         fmt("%g", p.count_time_min * 60) + "\n";
  }
  s += "End of report: " + std::to_string(t.wells.size()) + " wells counted\n";
  return s;
}

std::string truth_csv(const ChromiumPlateTruth& t) {
  std::string s = "well,used,in_scan,role,target,effector,et_ratio,expected_cpm,true_cpm,scan_signal,x_px,y_px\n";
  for (const ChromiumWellTruth& w : t.wells)
    s += w.well.str() + "," + (w.used ? "1" : "0") + "," + (w.in_scan ? "1" : "0") + "," +
         (w.used ? role_name(w.role) : "") + "," + w.target + "," + w.effector + "," + fmt("%g", w.et_ratio) + "," +
         fmt("%.3f", w.expected_cpm) + "," + cpm_text(w.true_cpm) + "," + fmt("%.1f", w.scan_signal) + "," +
         fmt("%.3f", w.x_px) + "," + fmt("%.3f", w.y_px) + "\n";
  return s;
}

std::string conditions_csv(const ChromiumPlateTruth& t) {
  std::string s =
      "target,effector,et_ratio,n,mean_cpm,spontaneous_cpm,maximum_cpm,true_lysis_pct,design_lysis_pct\n";
  for (const ChromiumConditionTruth& c : t.conditions)
    s += c.target + "," + c.effector + "," + fmt("%g", c.et_ratio) + "," + std::to_string(c.n) + "," +
         fmt("%.4f", c.mean_cpm) + "," + fmt("%.4f", c.spontaneous_cpm) + "," + fmt("%.4f", c.maximum_cpm) + "," +
         fmt("%.4f", c.true_lysis_pct) + "," + fmt("%.4f", c.design_lysis_pct) + "\n";
  return s;
}

/// Every parameter (defaults included) and the scan's geometry and calibration.
std::string scan_text(const ChromiumSynthParams& p, const ChromiumPlateTruth& t) {
  const ChromiumScanTruth& s = t.scan;
  return "plate_name: " + p.plate_name + "\nseed: " + std::to_string(p.seed) + "\nwells: " + std::to_string(p.wells) +
         "\npitch_px: " + fmt("%g", p.pitch_px) + "\nmax_cpm: " + fmt("%g", p.max_cpm) +
         "\ncount_time_min: " + fmt("%g", p.count_time_min) +
         "\ncounter_background_cpm: " + fmt("%g", p.counter_background_cpm) +
         "\nmax_angle_deg: " + fmt("%g", p.max_angle_deg) + "\ndrop_spot: " + (p.drop_spot ? "true" : "false") +
         "\nscan_width_px: " + std::to_string(s.width) + "\nscan_height_px: " + std::to_string(s.height) +
         "\nscan_angle_deg: " + fmt("%.4f", s.angle_deg) + "\na01_x_px: " + fmt("%.3f", s.a01_x_px) +
         "\na01_y_px: " + fmt("%.3f", s.a01_y_px) + "\nsignal_per_cpm: " + fmt("%.6g", s.signal_per_cpm) +
         "\ncalibration_slope: " + fmt("%.9g", s.calibration_slope) +
         "\ncalibration_offset: " + fmt("%g", s.calibration_offset) + "\n";
}

}  // namespace

ChromiumPlateTruth generate_chromium_plate(const ChromiumSynthParams& p, const fs::path& out_dir) {
  const ChromiumPlateTruth t = design_chromium_plate(p);
  const Image<u16> scan = render_chromium_scan(p, t);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw InputError("synth: cannot create " + out_dir.string() + ": " + ec.message());
  io::write_file_atomic(out_dir / "counts.csv", counts_csv(p, t));
  io::write_tiff_u16(out_dir / "plate.tif", scan.cview(), io::TiffCompression::kDeflate);
  io::write_file_atomic(out_dir / "layout.yaml", config::layout_to_yaml(t.layout));
  io::write_file_atomic(out_dir / "truth.csv", truth_csv(t));
  io::write_file_atomic(out_dir / "truth_conditions.csv", conditions_csv(t));
  io::write_file_atomic(out_dir / "truth_scan.txt", scan_text(p, t));
  if (!t.faults.empty()) io::write_file_atomic(out_dir / "truth_faults.csv", detail::faults_csv(t.faults));
  return t;
}

}  // namespace lysisq::synth
