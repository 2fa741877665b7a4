// SPDX-License-Identifier: MIT
// generate_fluorescence_plate: designs the plate, renders its fields in parallel and writes the
// image set, the layout and the truth files (file list in include/lysisq/synth.hpp). A time-lapse
// writes one image set per scan (write_kinetic.cpp).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "faults_detail.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "synth_detail.hpp"

namespace lysisq::synth {

namespace {

namespace fs = std::filesystem;
using detail::Cell;
using detail::FieldSpec;

using detail::fmt;

std::string field_stem(const std::string& plate, WellId well, int field) {
  return plate + "_" + well.str() + "_s" + std::to_string(field);
}

/// objects.csv rows of one field; area_px counts the pixels the label image gives the nucleus.
std::string object_rows(WellId well, int field, const std::vector<Cell>& cells, const LabelImage& labels) {
  std::vector<long> area(cells.size() + 1, 0);
  for (std::size_t i = 0; i < labels.size(); ++i) area[std::size_t(labels[i])] += 1;
  std::string rows;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Cell& c = cells[i];
    rows += well.str() + "," + std::to_string(field) + "," + std::to_string(i + 1) + "," +
            detail::cell_kind_name(c.kind) + "," + fmt("%.3f", c.x) + "," + fmt("%.3f", c.y) + "," +
            fmt("%.3f", c.a) + "," + fmt("%.3f", c.b) + "," + fmt("%.2f", c.theta * 57.29577951308232) + "," +
            std::to_string(area[i + 1]) + "\n";
  }
  return rows;
}

/// Places, renders and writes one field; returns its objects.csv rows.
std::string make_field(const SynthParams& p, const WellTruth& w, const FieldSpec& f, const fs::path& out) {
  const std::vector<Cell> cells = detail::place_cells(f, p);
  const detail::FieldImages img = detail::render_field(cells, p.width, p.height, f);
  const std::string stem = field_stem(p.plate_name, w.well, f.field);
  for (std::size_t c = 0; c < img.channels.size(); ++c)
    io::write_tiff_u16(out / (stem + "_w" + std::to_string(c + 1) + ".tif"), img.channels[c].cview(),
                       io::TiffCompression::kDeflate);
  io::write_label_tiff(out / "truth" / (stem + "_labels.tif"), img.labels);
  return object_rows(w.well, f.field, cells, img.labels);
}

std::string truth_csv(const PlateTruth& t) {
  std::string s =
      "well,role,target,effector,et_ratio,live_targets,dead_targets,effectors,true_killing_pct,"
      "design_killing_pct\n";
  for (const WellTruth& w : t.wells)
    s += w.well.str() + "," + role_name(w.role) + "," + w.target + "," + w.effector + "," + fmt("%g", w.et_ratio) +
         "," + std::to_string(w.live_targets) + "," + std::to_string(w.dead_targets) + "," +
         std::to_string(w.effectors) + "," + fmt("%.3f", w.true_killing_pct) + "," +
         fmt("%.3f", w.design_killing_pct) + "\n";
  return s;
}

/// The parameters that reproduce the plate, for provenance.
std::string params_text(const SynthParams& p) {
  return "plate_name: " + p.plate_name + "\nseed: " + std::to_string(p.seed) +
         "\nwells: " + std::to_string(p.wells) + "\nfields: " + std::to_string(p.fields) +
         "\nwidth: " + std::to_string(p.width) + "\nheight: " + std::to_string(p.height) +
         "\ntargets_per_field: " + std::to_string(detail::resolved_targets_per_field(p)) +
         "\nnucleus_radius_px: " + fmt("%g", p.nucleus_radius_px) +
         "\neffectors_per_et: " + fmt("%g", p.effectors_per_et) +
         "\nmax_effectors_per_target: " + fmt("%g", p.max_effectors_per_target) +
         "\ntouching_target_fraction: " + fmt("%g", p.touching_target_fraction) +
         "\nclustered_effector_fraction: " + fmt("%g", p.clustered_effector_fraction) + "\n";
}

}  // namespace

namespace detail {

void write_image_set(const SynthParams& p, const PlateDesign& d, const fs::path& dir, const std::string& provenance) {
  std::error_code ec;
  fs::create_directories(dir / "truth", ec);
  if (ec) throw InputError("synth: cannot create " + (dir / "truth").string() + ": " + ec.message());

  // Every field has its own random streams (FieldSpec::key), so the bytes written do not depend on
  // which thread renders which field. Exceptions must not cross the OpenMP region: keep the first.
  std::vector<std::string> objects(d.fields.size());
  std::exception_ptr error;
  const auto n = static_cast<std::ptrdiff_t>(d.fields.size());
#pragma omp parallel for schedule(dynamic)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    try {
      const FieldSpec& f = d.fields[std::size_t(i)];
      objects[std::size_t(i)] = make_field(p, d.truth.wells[f.well_index], f, dir);
    } catch (...) {
#pragma omp critical(lysisq_synth_error)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);

  std::string all_objects = "well,field,label,class,x_px,y_px,semi_major_px,semi_minor_px,angle_deg,area_px\n";
  for (const std::string& rows : objects) all_objects += rows;
  io::write_file_atomic(dir / "truth" / "objects.csv", all_objects);
  io::write_file_atomic(dir / "truth" / "params.txt", params_text(p) + provenance);
  io::write_file_atomic(dir / "truth.csv", truth_csv(d.truth));
  if (!d.truth.faults.empty()) io::write_file_atomic(dir / "truth_faults.csv", faults_csv(d.truth.faults));
}

}  // namespace detail

PlateTruth generate_fluorescence_plate(const SynthParams& p, const fs::path& out_dir) {
  if (p.time_points != 0) return detail::write_time_lapse(p, out_dir);  // it refuses 1 and < 0
  const detail::PlateDesign d = detail::design_full(p);
  detail::write_image_set(p, d, out_dir, "");
  io::write_file_atomic(out_dir / "layout.yaml", config::layout_to_yaml(d.truth.layout));
  return d.truth;
}

}  // namespace lysisq::synth
