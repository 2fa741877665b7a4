// SPDX-License-Identifier: MIT
// objects.csv (a plate's classified objects) and `lysisq segment`'s per-image objects CSV: one
// column table each (value_table.hpp), plus objects.csv's per-channel intensity columns.
#include "value_table.hpp"

namespace lysisq::io {

namespace {

using namespace detail;

struct ObjectRow {
  const std::string& plate;
  const ObjectRecord& o;
};

// clang-format off
const Column<ObjectRow> kObjectTable[] = {
  {{"plate", "plate name"}, [](const ObjectRow& r) { return text(r.plate); }},
  {{"well", "well, A01 form"}, [](const ObjectRow& r) { return text(r.o.well.str()); }},
  {{"field", "field number (s<n> of the file name)"}, [](const ObjectRow& r) { return integer(r.o.field); }},
  {{"label", "label in the field's label image"}, [](const ObjectRow& r) { return integer(r.o.label); }},
  {{"class", "effector, live_target or dead_target"}, [](const ObjectRow& r) { return text(object_class_name(r.o.cls)); }},
  {{"area_px", "area in pixels"}, [](const ObjectRow& r) { return integer(r.o.area_px); }},
  {{"centroid_x_px", "centroid x"}, [](const ObjectRow& r) { return number(r.o.centroid_x_px); }},
  {{"centroid_y_px", "centroid y"}, [](const ObjectRow& r) { return number(r.o.centroid_y_px); }},
  {{"bbox_x0_px", "bounding box, first column"}, [](const ObjectRow& r) { return integer(r.o.bbox_x0); }},
  {{"bbox_y0_px", "bounding box, first row"}, [](const ObjectRow& r) { return integer(r.o.bbox_y0); }},
  {{"bbox_x1_px", "bounding box, last column (inclusive)"}, [](const ObjectRow& r) { return integer(r.o.bbox_x1); }},
  {{"bbox_y1_px", "bounding box, last row (inclusive)"}, [](const ObjectRow& r) { return integer(r.o.bbox_y1); }},
  {{"equivalent_diameter_px", "diameter of the disc of equal area"}, [](const ObjectRow& r) { return number(r.o.equivalent_diameter_px); }},
  {{"eccentricity", "of the ellipse with equal second moments (0 = circle)"}, [](const ObjectRow& r) { return number(r.o.eccentricity); }},
};

/// objects.csv's intensity columns are named after the channel index (mean_intensity_w2_au), so
/// their names exist only at run time; the dead-stain channel only with that death readout.
struct IntensityColumn {
  int ChannelParams::*channel;
  const char* description;
  Cell (*get)(const ObjectRow& row);
};

const IntensityColumn kIntensityColumns[] = {
  {&ChannelParams::nuclear, "mean grey value, nuclear channel", [](const ObjectRow& r) { return number(r.o.nuclear_mean); }},
  {&ChannelParams::target, "mean grey value, target-label channel", [](const ObjectRow& r) { return number(r.o.target_mean); }},
  {&ChannelParams::dead, "mean grey value, dead-stain channel", [](const ObjectRow& r) { return number(r.o.dead_mean); }},
};

const Column<ObjectMeasurement> kFieldObjectTable[] = {
  {{"label", "label in <stem>_labels.tif"}, [](const ObjectMeasurement& m) { return integer(m.label); }},
  {{"area_px", "area in pixels"}, [](const ObjectMeasurement& m) { return integer(m.m.area_px); }},
  {{"centroid_x_px", "centroid x"}, [](const ObjectMeasurement& m) { return number(m.centroid_x_px); }},
  {{"centroid_y_px", "centroid y"}, [](const ObjectMeasurement& m) { return number(m.centroid_y_px); }},
  {{"bbox_x0_px", "bounding box, first column"}, [](const ObjectMeasurement& m) { return integer(m.m.bbox_x0); }},
  {{"bbox_y0_px", "bounding box, first row"}, [](const ObjectMeasurement& m) { return integer(m.m.bbox_y0); }},
  {{"bbox_x1_px", "bounding box, last column (inclusive)"}, [](const ObjectMeasurement& m) { return integer(m.m.bbox_x1); }},
  {{"bbox_y1_px", "bounding box, last row (inclusive)"}, [](const ObjectMeasurement& m) { return integer(m.m.bbox_y1); }},
  {{"equivalent_diameter_px", "diameter of the disc of equal area"}, [](const ObjectMeasurement& m) { return number(m.equivalent_diameter_px); }},
  {{"eccentricity", "of the ellipse with equal second moments (0 = circle)"}, [](const ObjectMeasurement& m) { return number(m.eccentricity); }},
  {{"mean_intensity_au", "mean grey value inside the object"}, [](const ObjectMeasurement& m) { return number(m.mean_intensity[0]); }},
};
// clang-format on

std::span<const IntensityColumn> intensity_columns(DeathReadout readout) {
  return std::span(kIntensityColumns).first(readout == DeathReadout::kDeadStain ? 3 : 2);
}

}  // namespace

std::vector<std::string> object_column_names(const ChannelParams& ch, DeathReadout readout) {
  std::vector<std::string> names;
  for (const auto& c : kObjectTable) names.emplace_back(c.info.name);
  for (const auto& c : intensity_columns(readout))
    names.push_back("mean_intensity_w" + std::to_string(ch.*c.channel) + "_au");
  return names;
}

std::vector<std::string> field_object_column_names() {
  std::vector<std::string> names;
  for (const auto& c : kFieldObjectTable) names.emplace_back(c.info.name);
  return names;
}

std::string objects_csv(const PlateRunResult& r, const ChannelParams& ch, DeathReadout readout) {
  const std::vector<std::string> names = object_column_names(ch, readout);  // the columns view these
  std::vector<Column<ObjectRow>> cols(std::begin(kObjectTable), std::end(kObjectTable));
  for (const auto& c : intensity_columns(readout)) cols.push_back({{names[cols.size()], c.description}, c.get});
  return table_csv(cols, rows_of<ObjectRow>(r.objects, r.plate_name));
}

std::string field_objects_csv(std::span<const ObjectMeasurement> objects) {
  return table_csv(kFieldObjectTable, objects);
}

}  // namespace lysisq::io
