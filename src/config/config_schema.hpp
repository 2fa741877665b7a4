// SPDX-License-Identifier: MIT
// Internal to src/config: the one description of AssayConfig's YAML keys, their types and
// ranges. Loading (load.cpp), validation (validate.cpp), writing and key listing (to_yaml.cpp)
// are visitors over describe_config(), so a key, its spelling and its range are stated once
// (the "archive" pattern of cereal / boost.serialization).
//
// A visitor V provides:
//   section(key, body)                  nested mapping; body() describes its keys
//   integer(key, T& field, IntRange)    T = int or std::uint16_t
//   optional_integer(key, std::optional<std::uint16_t>& field, IntRange)   null = absent
//   number(key, double& field, RealRange)
//   boolean(key, bool& field)
//   word(key, std::string& field, EnumTable<int>)   a string from a fixed list
//   choice(key, E& field, EnumTable<E>)
//   regex(key, std::string& field, int min_groups)
//   text(key, std::string& field)       free text, non-empty (column names)
//   optional_text(key, std::string& field)   free text, empty = "use the default" (paths, names)
// C is AssayConfig or const AssayConfig (field references are const for read-only visitors).
#pragma once
#include <cstdint>
#include <string>

#include "enum_tables.hpp"

namespace lysisq::config::detail {

struct IntRange {
  long long lo;
  long long hi;
};

/// [lo, hi]; an end is excluded when its *_open flag is set ("(0, 100)").
struct RealRange {
  double lo;
  double hi;
  bool lo_open = false;
  bool hi_open = false;
};

/// 1..9: the `w<n>` channel index of ImageXpress-style names (a single digit there).
inline constexpr IntRange kChannel{1, 9};
inline constexpr IntRange kU16{0, 65535};
/// Largest area a field of a 2048x2048 camera can hold, with room for stitched fields.
inline constexpr IntRange kArea{0, 100'000'000};
}  // namespace lysisq::config::detail

#include "config_schema_qc.hpp"  // describe_qc, describe_history: they use the ranges above

namespace lysisq::config::detail {
/// `input.layout` spellings; io::layout_name() gives the same (a test checks both agree).
inline constexpr EnumName<InputLayout> kInputLayouts[] = {
    {InputLayout::kAuto, "auto"},         {InputLayout::kImageXpress, "imagexpress"},
    {InputLayout::kOperetta, "operetta"}, {InputLayout::kCytation, "cytation"},
    {InputLayout::kIncucyte, "incucyte"}, {InputLayout::kOmeTiff, "ome_tiff"},
    {InputLayout::kRegex, "regex"}};

template <class V, class S>
void describe_segmentation(V& v, S& s) {
  v.section("background", [&] {
    v.choice("method", s.background.method, kBackgroundMethods);
    v.integer("radius_px", s.background.radius_px, IntRange{0, 500});
  });
  v.section("smooth", [&] { v.number("sigma_px", s.smooth.sigma_px, RealRange{0, 20}); });
  v.section("threshold", [&] {
    v.choice("method", s.threshold.method, kThresholdMethods);
    v.number("correction", s.threshold.correction, RealRange{0, 10, true});
    v.optional_integer("manual", s.threshold.manual, kU16);
    v.integer("min_threshold", s.threshold.min_threshold, kU16);
  });
  v.boolean("fill_holes", s.fill_holes);
  v.section("size", [&] {
    v.integer("min_area_px", s.size.min_area_px, kArea);
    v.integer("max_area_px", s.size.max_area_px, kArea);
  });
  v.boolean("split_touching", s.split_touching);
  v.section("seeds", [&] {
    v.number("min_distance_px", s.seeds.min_distance_px, RealRange{0, 500});
    v.number("h_px", s.seeds.h_px, RealRange{0, 500});
  });
  v.choice("connectivity", s.connectivity, kConnectivities);
}

/// Counter file columns and the phosphor-image integration geometry (ASSAY.md §2.1).
template <class V, class S>
void describe_chromium(V& v, S& s) {
  v.section("counter", [&] {
    v.choice("format", s.counter.format, kCounterFormats);
    v.text("well_column", s.counter.well_column);
    v.text("cpm_column", s.counter.cpm_column);
    v.word("delimiter", s.counter.delimiter, kCounterDelimiters);
  });
  // Fractions of the well pitch: a disc or annulus wider than half the pitch reads the neighbour.
  v.section("plate_image", [&] {
    v.number("disc_radius_frac", s.plate_image.disc_radius_frac, RealRange{0, 0.5, true});
    v.number("annulus_inner_frac", s.plate_image.annulus_inner_frac, RealRange{0, 0.5, true});
    v.number("annulus_outer_frac", s.plate_image.annulus_outer_frac, RealRange{0, 0.5, true});
    v.number("calibration_slope", s.plate_image.calibration_slope, RealRange{0, 1e9, true});
    v.number("calibration_offset", s.plate_image.calibration_offset, RealRange{-1e9, 1e9});
    v.number("max_grid_residual_px", s.plate_image.max_grid_residual_px, RealRange{0, 1000, true});
    v.integer("saturation_level", s.plate_image.saturation_level, IntRange{1, 65535});
  });
}

/// %SL options (ASSAY.md §3.1): SD, the optional MAD outlier rule, and the flag limits.
template <class V, class S>
void describe_release(V& v, S& s) {
  v.boolean("delta_method_sd", s.delta_method_sd);
  v.section("outliers", [&] {
    v.boolean("enabled", s.outliers.enabled);
    v.number("max_robust_z", s.outliers.max_robust_z, RealRange{0, 100, true});
    // 3: the rule drops at most 1 of 3, so a screened group always keeps two wells.
    v.integer("min_n", s.outliers.min_n, IntRange{3, 1000});
    v.number("mad_floor_frac", s.outliers.mad_floor_frac, RealRange{0, 1});
  });
  v.number("flag_above_pct", s.flag_above_pct, RealRange{-1000, 1000});
  v.number("flag_below_pct", s.flag_below_pct, RealRange{-1000, 1000});
}

template <class V, class C>
void describe_config(V& v, C& c) {
  v.integer("schema_version", c.schema_version, IntRange{1, 1});
  v.word("assay", c.assay, kAssayNames);
  // filename_pattern: placeholders, or groups plate, well, field, channel (std::regex has no named groups).
  v.section("input", [&] {
    v.choice("layout", c.input.layout, kInputLayouts);
    v.regex("filename_pattern", c.input.filename_pattern, 4);  // or {well}-style placeholders
    v.integer("time_point", c.input.time_point, IntRange{0, 1000000});
    v.optional_integer("z_step", c.input.z_step, kU16);
  });
  v.section("channels", [&] {
    v.integer("nuclear", c.channels.nuclear, kChannel);
    v.integer("target", c.channels.target, kChannel);
    v.integer("dead", c.channels.dead, kChannel);
  });
  v.section("segmentation", [&] { describe_segmentation(v, c.segmentation); });
  v.section("classification", [&] {
    v.choice("target_mode", c.classification.target_mode, kThresholdModes);
    v.number("target_threshold", c.classification.target_threshold, RealRange{0, 65535});
    v.choice("dead_mode", c.classification.dead_mode, kThresholdModes);
    v.number("dead_threshold", c.classification.dead_threshold, RealRange{0, 65535});
    v.choice("death_readout", c.classification.death_readout, kDeathReadouts);
  });
  v.section("quantification", [&] { v.choice("primary_metric", c.quantification.primary_metric, kKillingMetrics); });
  v.section("kinetics", [&] {
    v.boolean("enabled", c.kinetics.enabled);
    v.number("interval_h", c.kinetics.interval_h, RealRange{0, 100000});
    v.number("level_pct", c.kinetics.level_pct, RealRange{0, 100, true});
  });
  v.section("compute", [&] {
    v.choice("backend", c.compute.backend, kBackendChoices);
    v.integer("threads", c.compute.threads, IntRange{0, 1024});
  });
  v.section("output", [&] {
    v.boolean("objects_csv", c.output.objects_csv);
    v.boolean("label_images", c.output.label_images);
  });
  v.section("chromium", [&] { describe_chromium(v, c.chromium); });
  v.section("release", [&] { describe_release(v, c.release); });
  v.section("lytic_units", [&] {
    v.choice("method", c.lytic_units.method, kLuMethods);
    v.number("lysis_pct", c.lytic_units.lysis_pct, RealRange{0, 100, true, true});
    v.integer("per_exponent", c.lytic_units.per_exponent, IntRange{3, 9});
  });
  v.section("selectivity", [&] {
    v.number("min_lysis_pct", c.selectivity.min_lysis_pct, RealRange{0, 100});
    v.number("min_ratio", c.selectivity.min_ratio, RealRange{1, 1000, true});
  });
  v.section("qc", [&] { describe_qc(v, c.qc); });
  v.section("history", [&] { describe_history(v, c.history); });
}

/// "[0, 20]" or "(0, 10]".
std::string range_text(const IntRange& r);
std::string range_text(const RealRange& r);
inline bool in_range(long long v, const IntRange& r) { return v >= r.lo && v <= r.hi; }
/// NaN is out of every range.
inline bool in_range(double v, const RealRange& r) {
  return (r.lo_open ? v > r.lo : v >= r.lo) && (r.hi_open ? v < r.hi : v <= r.hi);
}

}  // namespace lysisq::config::detail
