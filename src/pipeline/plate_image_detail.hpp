// SPDX-License-Identifier: MIT
// Internal pieces of read_plate_image: the flattened scan, spot candidates, the lattice guess and
// the grid fit. Not part of the public API.
#pragma once
#include <string>
#include <vector>

#include "lysisq/image.hpp"
#include "lysisq/plate.hpp"
#include "lysisq/plate_image.hpp"

namespace lysisq::plate_image_detail {

/// Throws InputError("no well grid found: " + why).
[[noreturn]] void no_grid(const std::string& why);

/// The scan smoothed (binomial, sigma 1 px) minus a smooth background estimate, and the noise SD
/// of that smoothed image. Spots are positive bumps on a ~0 floor.
struct FlatScan {
  Image<float> flat;
  Image<float> background;  ///< the smooth background removed (follows ramps, not spots or halos)
  double noise_sd = 0;  ///< robust SD of the smoothed image's noise (>= a quantisation floor)
  double threshold() const;  ///< spot detection level: kSpotSigmas x noise_sd
};

/// Spots are detected kSpotSigmas noise SDs above the flattened floor: far beyond noise (no false
/// spot in a 10^6 px scan of Gaussian noise), far below the faintest real well (a 100 cpm well is
/// hundreds of SDs in a usable scan).
inline constexpr double kSpotSigmas = 8.0;

/// `fmt` sets the background block size (about one well pitch if the plate fills the scan).
FlatScan flatten_scan(U16View scan, PlateFormat fmt);

/// A spot candidate: a connected region of the flattened scan above FlatScan::threshold().
struct Spot {
  double x = 0, y = 0;  ///< centroid weighted by the flattened signal
  double mass = 0;      ///< flattened signal summed over the region
  int area = 0;         ///< pixels
};
std::vector<Spot> detect_spots(const FlatScan& s);

/// First guess of the lattice from the spots' neighbour vectors.
struct LatticeGuess {
  double angle_rad = 0;
  double pitch_x = 0, pitch_y = 0;
};
/// Throws no_grid() when the spots show no common lattice direction or spacing.
LatticeGuess estimate_lattice(const std::vector<Spot>& spots);

/// A point assigned to grid node (col, row), in absolute (plate) or relative indices.
struct NodePoint {
  double x = 0, y = 0;
  int col = 0, row = 0;
};
/// Least-squares fit of PlateGrid (origin, pitch_x, pitch_y, angle) to points at known nodes,
/// by Gauss-Newton from `start`. Needs points in >= 2 rows and >= 2 columns.
PlateGrid fit_grid_lsq(const std::vector<NodePoint>& pts, PlateGrid start);

/// RMS distance of the points to their nodes.
double grid_rms(const PlateGrid& g, const std::vector<NodePoint>& pts);

/// The fitted plate grid and which nodes hold a detected spot.
struct GridFit {
  PlateGrid grid;
  std::vector<char> has_spot;  ///< row-major over the plate: 1 if a spot was fitted at the node
  double residual_px = 0;      ///< RMS over the fitted spots
  int spots_fitted = 0;
};
/// Fits the rows x cols grid to the spots and refines it on the flattened scan (window centroids
/// at every node). Throws no_grid() when no plate grid of this format explains the spots.
GridFit fit_plate_grid(const FlatScan& s, const std::vector<Spot>& spots, PlateFormat fmt);

}  // namespace lysisq::plate_image_detail
