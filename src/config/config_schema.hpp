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

/// [lo, hi], or (lo, hi] when lo_open.
struct RealRange {
  double lo;
  double hi;
  bool lo_open = false;
};

/// 1..9: the `w<n>` channel index of ImageXpress-style names (a single digit there).
inline constexpr IntRange kChannel{1, 9};
inline constexpr IntRange kU16{0, 65535};
/// Largest area a field of a 2048x2048 camera can hold, with room for stitched fields.
inline constexpr IntRange kArea{0, 100'000'000};

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

template <class V, class C>
void describe_config(V& v, C& c) {
  v.integer("schema_version", c.schema_version, IntRange{1, 1});
  v.word("assay", c.assay, kAssayNames);
  // Groups: plate, well, field, channel (positional; std::regex has no named groups).
  v.section("input", [&] { v.regex("filename_pattern", c.input.filename_pattern, 4); });
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
  v.section("compute", [&] {
    v.choice("backend", c.compute.backend, kBackendChoices);
    v.integer("threads", c.compute.threads, IntRange{0, 1024});
  });
  v.section("output", [&] {
    v.boolean("objects_csv", c.output.objects_csv);
    v.boolean("label_images", c.output.label_images);
  });
}

/// "[0, 20]" or "(0, 10]".
std::string range_text(const IntRange& r);
std::string range_text(const RealRange& r);
inline bool in_range(long long v, const IntRange& r) { return v >= r.lo && v <= r.hi; }
/// NaN is out of every range.
inline bool in_range(double v, const RealRange& r) { return (r.lo_open ? v > r.lo : v >= r.lo) && v <= r.hi; }

}  // namespace lysisq::config::detail
