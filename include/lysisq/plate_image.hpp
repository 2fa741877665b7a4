// SPDX-License-Identifier: MIT
// 51Cr plate images (ASSAY.md §2.1): a 16-bit phosphor-imager / autoradiograph scan of the harvest
// plate -> fitted well grid -> per-well integrated signal with a local background -> cpm
// equivalents, with grid, saturation and spill-over QC. Pure computation, no I/O
// (src/pipeline/plate_image_*.cpp).
#pragma once
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/image.hpp"
#include "lysisq/plate.hpp"

namespace lysisq {

/// Per-well QC flags (bit mask in WellImageSignal::flags).
enum WellImageFlag : unsigned {
  kWellSaturated = 1u << 0,     ///< at least one disc pixel at or above saturation_level
  kWellSpillover = 1u << 1,     ///< spillover_frac above kSpilloverFlagFrac from a brighter neighbour
  kWellPartlyOutside = 1u << 2, ///< the disc or annulus is clipped by the image border
  kWellNoSpot = 1u << 3,        ///< no spot was detected at this node (blank or very faint well)
};

/// Spill-over above this fraction of the brightest neighbour's net signal is flagged. A clean
/// spot (no halo) puts < 1e-4 of its signal in the gap; 1 % of a 5000 cpm maximum well is 50 cpm,
/// about the Poisson SD of a 2500 cpm well in a 1 min count.
inline constexpr double kSpilloverFlagFrac = 0.01;

/// "saturated;spillover" ("" when no flag is set), for result files.
std::string well_image_flag_names(unsigned flags);

/// One well of the scan. Pixel centres are at integer coordinates.
struct WellImageSignal {
  WellId well;
  double x_px = 0, y_px = 0;   ///< fitted grid node (disc centre)
  double cpm = 0;              ///< calibration_slope x net_signal + calibration_offset (signed)
  double raw_signal = 0;       ///< sum of pixel values inside the disc
  double net_signal = 0;       ///< raw_signal - background x disc_area_px (signed, never clamped)
  double background = 0;       ///< per-pixel local background: median of the annulus
  int disc_area_px = 0;        ///< pixels summed (fewer where the border clips the disc)
  int saturated_px = 0;        ///< disc pixels >= saturation_level
  /// Spill-over from the brightest 4-neighbour: (mean of the pixels around the midpoint of the two
  /// nodes - this well's background carried to the midpoint along the smooth scan background)
  /// x disc_area_px / that neighbour's net signal; 0 when not positive. "How much of the
  /// neighbour's signal this well's disc would pick up if the gap level reached it." Clean spots
  /// give ~0; a halo or bleed around a hot well gives percents next to it.
  double spillover_frac = 0;
  WellId spillover_from;       ///< the brightest neighbour (equal to `well` when it has none)
  unsigned flags = 0;          ///< WellImageFlag bits
};

/// The fitted grid: node(col i, row j) = origin + i * pitch_x * (cos a, sin a)
///                                           + j * pitch_y * (-sin a, cos a).
struct PlateGrid {
  double origin_x_px = 0, origin_y_px = 0;  ///< node of well A01
  double pitch_x_px = 0, pitch_y_px = 0;    ///< along columns (1 -> 12) and rows (A -> H)
  double angle_deg = 0;                     ///< rotation of the plate in the scan, image frame
  double node_x(double col, double row) const;
  double node_y(double col, double row) const;
};

struct PlateImageReading {
  PlateFormat format;
  PlateGrid grid;
  std::vector<WellImageSignal> wells;  ///< every plate position, row-major (A01, A02, ... H12)
  double grid_residual_px = 0;  ///< RMS distance of the fitted spots to their nodes
  bool grid_residual_flag = false;  ///< grid_residual_px > max_grid_residual_px
  int spots_found = 0;          ///< spot candidates detected in the scan
  int spots_fitted = 0;         ///< nodes whose spot was found and used in the final fit
  int saturated_spots = 0;      ///< wells with kWellSaturated
  int spillover_wells = 0;      ///< wells with kWellSpillover
};

/// Finds the rows x cols well grid of `scan` (rotation up to about +-10 degrees, missing or blank
/// wells, a smooth uneven background) and measures every well with `p` (disc and annulus radii are
/// fractions of the smaller of the two fitted pitches). Throws InputError
/// "no well grid found: <why>" when the scan does not show a plate of this format (blank, noise,
/// too few spots, spots not on a lattice, lattice too large for the format); the caller adds the
/// file name. Single-threaded; 6 ms for a 420 x 300 px 96-well scan on the 2-core build machine
/// (2026-11, test_plate_image "takes milliseconds"). Rotation tested to +-5 degrees.
PlateImageReading read_plate_image(U16View scan, PlateFormat fmt, const PlateImageParams& p);

}  // namespace lysisq
