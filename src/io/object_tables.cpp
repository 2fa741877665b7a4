// SPDX-License-Identifier: MIT
// objects.csv (a plate's classified objects) and `lysisq segment`'s per-image objects CSV.
#include "csv_util.hpp"

namespace lysisq::io {

namespace {

using detail::append_field;
using detail::append_int;
using detail::append_number;
using detail::Column;

struct ObjectRow {
  const std::string& plate;
  const ObjectRecord& o;
};

// clang-format off
const Column<ObjectRow> kObjectTable[] = {
  {{"plate", "plate name"}, [](std::string& s, const ObjectRow& r) { append_field(s, r.plate); }},
  {{"well", "well, A01 form"}, [](std::string& s, const ObjectRow& r) { append_field(s, r.o.well.str()); }},
  {{"field", "field number (s<n> of the file name)"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.field); }},
  {{"label", "label in the field's label image"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.label); }},
  {{"class", "effector, live_target or dead_target"}, [](std::string& s, const ObjectRow& r) { append_field(s, object_class_name(r.o.cls)); }},
  {{"area_px", "area in pixels"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.area_px); }},
  {{"centroid_x_px", "centroid x"}, [](std::string& s, const ObjectRow& r) { append_number(s, r.o.centroid_x_px); }},
  {{"centroid_y_px", "centroid y"}, [](std::string& s, const ObjectRow& r) { append_number(s, r.o.centroid_y_px); }},
  {{"bbox_x0_px", "bounding box, first column"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.bbox_x0); }},
  {{"bbox_y0_px", "bounding box, first row"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.bbox_y0); }},
  {{"bbox_x1_px", "bounding box, last column (inclusive)"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.bbox_x1); }},
  {{"bbox_y1_px", "bounding box, last row (inclusive)"}, [](std::string& s, const ObjectRow& r) { append_int(s, r.o.bbox_y1); }},
  {{"equivalent_diameter_px", "diameter of the disc of equal area"}, [](std::string& s, const ObjectRow& r) { append_number(s, r.o.equivalent_diameter_px); }},
  {{"eccentricity", "of the ellipse with equal second moments (0 = circle)"}, [](std::string& s, const ObjectRow& r) { append_number(s, r.o.eccentricity); }},
};

const Column<ObjectMeasurement> kFieldObjectTable[] = {
  {{"label", "label in <stem>_labels.tif"}, [](std::string& s, const ObjectMeasurement& m) { append_int(s, m.label); }},
  {{"area_px", "area in pixels"}, [](std::string& s, const ObjectMeasurement& m) { append_int(s, m.m.area_px); }},
  {{"centroid_x_px", "centroid x"}, [](std::string& s, const ObjectMeasurement& m) { append_number(s, m.centroid_x_px); }},
  {{"centroid_y_px", "centroid y"}, [](std::string& s, const ObjectMeasurement& m) { append_number(s, m.centroid_y_px); }},
  {{"bbox_x0_px", "bounding box, first column"}, [](std::string& s, const ObjectMeasurement& m) { append_int(s, m.m.bbox_x0); }},
  {{"bbox_y0_px", "bounding box, first row"}, [](std::string& s, const ObjectMeasurement& m) { append_int(s, m.m.bbox_y0); }},
  {{"bbox_x1_px", "bounding box, last column (inclusive)"}, [](std::string& s, const ObjectMeasurement& m) { append_int(s, m.m.bbox_x1); }},
  {{"bbox_y1_px", "bounding box, last row (inclusive)"}, [](std::string& s, const ObjectMeasurement& m) { append_int(s, m.m.bbox_y1); }},
  {{"equivalent_diameter_px", "diameter of the disc of equal area"}, [](std::string& s, const ObjectMeasurement& m) { append_number(s, m.equivalent_diameter_px); }},
  {{"eccentricity", "of the ellipse with equal second moments (0 = circle)"}, [](std::string& s, const ObjectMeasurement& m) { append_number(s, m.eccentricity); }},
  {{"mean_intensity_au", "mean grey value inside the object"}, [](std::string& s, const ObjectMeasurement& m) { append_number(s, m.mean_intensity[0]); }},
};
// clang-format on

std::string intensity_column(int channel) { return "mean_intensity_w" + std::to_string(channel) + "_au"; }

}  // namespace

std::vector<std::string> object_column_names(const ChannelParams& ch, DeathReadout readout) {
  std::vector<std::string> names;
  for (const auto& c : kObjectTable) names.emplace_back(c.info.name);
  names.push_back(intensity_column(ch.nuclear));
  names.push_back(intensity_column(ch.target));
  if (readout == DeathReadout::kDeadStain) names.push_back(intensity_column(ch.dead));
  return names;
}

std::vector<std::string> field_object_column_names() {
  std::vector<std::string> names;
  for (const auto& c : kFieldObjectTable) names.emplace_back(c.info.name);
  return names;
}

std::string objects_csv(const PlateRunResult& r, const ChannelParams& ch, DeathReadout readout) {
  const bool dead = readout == DeathReadout::kDeadStain;
  std::string out;
  out.reserve((r.objects.size() + 1) * 128);  // [est] ~110 bytes per row
  const auto names = object_column_names(ch, readout);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    append_field(out, names[i]);
  }
  out += '\n';
  const std::span<const Column<ObjectRow>> cols(kObjectTable);
  for (const auto& o : r.objects) {
    for (const auto& c : cols) {
      c.cell(out, ObjectRow{r.plate_name, o});
      out += ',';
    }
    append_number(out, o.nuclear_mean);
    out += ',';
    append_number(out, o.target_mean);
    if (dead) {
      out += ',';
      append_number(out, o.dead_mean);
    }
    out += '\n';
  }
  return out;
}

std::string field_objects_csv(std::span<const ObjectMeasurement> objects) {
  std::string out;
  const std::span<const Column<ObjectMeasurement>> cols(kFieldObjectTable);
  detail::append_header(out, cols);
  for (const auto& m : objects) detail::append_row(out, cols, m);
  return out;
}

}  // namespace lysisq::io
