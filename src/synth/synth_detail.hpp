// SPDX-License-Identifier: MIT
// Internal pieces of the synthetic plate generator: the per-field design, the cells placed in a
// field, and the rendered channels. Not part of the public API.
#pragma once
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/labels.hpp"
#include "lysisq/synth.hpp"

namespace lysisq::synth::detail {

/// One number printf-formatted, for the generator's text files (truth tables, parameters).
inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// Optical point-spread function of an in-focus field (Gaussian sigma, px).
inline constexpr double kOpticsBlurSigmaPx = 0.8;

/// What one field holds before placement: counts and the key of its random streams.
struct FieldSpec {
  std::size_t well_index = 0;  ///< index into PlateTruth::wells
  int field = 1;               ///< 1-based, as in the file name
  int live_targets = 0, dead_targets = 0, effectors = 0;
  std::uint64_t key = 0;       ///< stream key for placement, texture and noise
  double blur_sigma_px = kOpticsBlurSigmaPx;  ///< larger: out of focus (blurred-field fault)
  bool saturate_nuclear = false;  ///< w1 at a gain that saturates > 5 % of it (saturated-field)
};

struct PlateDesign {
  PlateTruth truth;
  std::vector<FieldSpec> fields;  ///< sorted by well, then field
};

/// Which plate a design is for: the flat plate (the default) or one scan of a time-lapse.
struct ScanSpec {
  int time_point = 0;          ///< k of TimePoint_<k>, 1..time_points; 0 = the flat plate
  double killing_scale = 1.0;  ///< s_k: share of the design killing the experimental wells show
};

/// Layout, drawn counts and truth (design.cpp). Throws ConfigError for invalid parameters. The
/// counts of a scan come from the same random streams as the flat plate's, scaled by
/// killing_scale; only the fields' keys (placement, texture, noise) depend on the time point.
PlateDesign design_full(const SynthParams& p, const ScanSpec& scan = {});

/// Renders the fields of `d` and writes everything of a plate but layout.yaml under `dir`
/// (created): the image set, truth/, truth.csv and truth_faults.csv (write_plate.cpp).
/// `provenance` is appended to truth/params.txt.
void write_image_set(const SynthParams& p, const PlateDesign& d, const std::filesystem::path& dir,
                     const std::string& provenance);

/// The time-lapse output of generate_fluorescence_plate (write_kinetic.cpp).
PlateTruth write_time_lapse(const SynthParams& p, const std::filesystem::path& out_dir);

/// Targets per field after resolving the automatic default.
int resolved_targets_per_field(const SynthParams& p);

/// Effectors per field for a nominal E:T (the documented scaling).
int effectors_per_field(const SynthParams& p, int targets_per_field, double et_ratio);

enum class CellKind : std::uint8_t { kLiveTarget, kDeadTarget, kEffector };
const char* cell_kind_name(CellKind k);  ///< "live_target", "dead_target", "effector"

/// One cell: an elliptic nucleus and, for targets, a labelled disc-shaped cell body.
struct Cell {
  CellKind kind = CellKind::kLiveTarget;
  double x = 0, y = 0;          ///< nucleus centre, px (pixel centres at integers)
  double a = 1, b = 1;          ///< semi-axes, a >= b
  double theta = 0;             ///< orientation of the a axis, radians
  double body_x = 0, body_y = 0, body_r = 0;  ///< cell body disc (targets; body_r 0 for effectors)
  std::array<double, 3> level{};  ///< peak signal per channel (w1 nucleus, w2 body, w3 nucleus)
  std::uint64_t texture_key = 0;
};

/// Places the cells of one field (place.cpp): live targets, dead targets, then effectors; the
/// label of cell i is i + 1. Throws ConfigError if the field is too crowded to place them.
std::vector<Cell> place_cells(const FieldSpec& f, const SynthParams& p);

/// Radius of an ellipse along the direction `phi` (radians, image frame).
double radius_along(const Cell& c, double phi);

struct FieldImages {
  std::array<Image<u16>, 3> channels;  ///< w1, w2, w3
  LabelImage labels;                   ///< cell i -> label i + 1 (pixels with rho < 1)
};

/// Renders one field (render.cpp): signal layers, optical blur (f.blur_sigma_px), background,
/// noise; with f.saturate_nuclear, w1 is then scaled so that its top 6 % of pixels clip at 65535.
FieldImages render_field(const std::vector<Cell>& cells, int width, int height, const FieldSpec& f);

}  // namespace lysisq::synth::detail
