// SPDX-License-Identifier: MIT
// read_plate_image: spots -> grid (plate_image_spots/lattice/grid.cpp), then every well's disc
// integral minus its local annulus background, calibrated to cpm, with saturation and spill-over.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lysisq/errors.hpp"
#include "lysisq/plate_image.hpp"
#include "plate_image_detail.hpp"

namespace lysisq {

namespace {

using plate_image_detail::no_grid;

struct DiscSums {
  double raw = 0;
  double background = 0;
  int area = 0;
  int saturated = 0;
  bool clipped = false;
};

double median_of(std::vector<float>& v) {
  if (v.empty()) return 0;
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(m), v.end());
  if (v.size() % 2 == 1) return v[m];
  const float below = *std::max_element(v.begin(), v.begin() + std::ptrdiff_t(m));
  return 0.5 * (double(below) + double(v[m]));
}

/// Disc sum and annulus median around (x, y); `buf` is reused between wells.
DiscSums measure_disc(U16View scan, double x, double y, double r_disc, double r_in, double r_out, int sat_level,
                      std::vector<float>& buf) {
  DiscSums d;
  const int x0 = int(std::floor(x - r_out)), x1 = int(std::ceil(x + r_out));
  const int y0 = int(std::floor(y - r_out)), y1 = int(std::ceil(y + r_out));
  d.clipped = x0 < 0 || y0 < 0 || x1 >= scan.width || y1 >= scan.height;
  buf.clear();
  const double rd2 = r_disc * r_disc, ri2 = r_in * r_in, ro2 = r_out * r_out;
  for (int py = std::max(0, y0); py <= std::min(scan.height - 1, y1); ++py) {
    const u16* row = scan.row(py);
    for (int px = std::max(0, x0); px <= std::min(scan.width - 1, x1); ++px) {
      const double d2 = (px - x) * (px - x) + (py - y) * (py - y);
      const u16 v = row[px];
      if (d2 <= rd2) {
        d.raw += v;
        d.area += 1;
        d.saturated += int(v) >= sat_level;
      } else if (d2 >= ri2 && d2 <= ro2) {
        buf.push_back(float(v));
      }
    }
  }
  d.background = median_of(buf);
  return d;
}

/// Mean pixel value within `r` of (x, y), or NaN if no pixel is inside the scan.
double region_mean(U16View scan, double x, double y, double r) {
  double sum = 0;
  int n = 0;
  for (int py = std::max(0, int(std::floor(y - r))); py <= std::min(scan.height - 1, int(std::ceil(y + r))); ++py)
    for (int px = std::max(0, int(std::floor(x - r))); px <= std::min(scan.width - 1, int(std::ceil(x + r))); ++px)
      if ((px - x) * (px - x) + (py - y) * (py - y) <= r * r) {
        sum += scan.at(px, py);
        ++n;
      }
  return n > 0 ? sum / n : std::nan("");
}

/// Value of `img` at the pixel nearest to (x, y), clamped to the image.
double nearest(const Image<float>& img, double x, double y) {
  const int px = std::clamp(int(std::lround(x)), 0, img.width() - 1);
  const int py = std::clamp(int(std::lround(y)), 0, img.height() - 1);
  return img.at(px, py);
}

/// Spill-over of every well from its brightest 4-neighbour (definition in plate_image.hpp). The
/// reference level at the midpoint is this well's own annulus median plus the change of the smooth
/// background between node and midpoint: exact on a ramp, and blind to the neighbour's halo
/// (which raises the neighbour's annulus, so the pair's mean background would hide the spill).
void add_spillover(U16View scan, const Image<float>& smooth_bg, PlateImageReading& out, double disc_frac) {
  const PlateFormat f = out.format;
  for (int r = 0; r < f.rows; ++r)
    for (int c = 0; c < f.cols; ++c) {
      WellImageSignal& w = out.wells[std::size_t(r * f.cols + c)];
      const WellImageSignal* best = nullptr;
      const int dr[4] = {-1, 1, 0, 0}, dc[4] = {0, 0, -1, 1};
      for (int k = 0; k < 4; ++k) {
        const WellId n{r + dr[k], c + dc[k]};
        if (!f.contains(n)) continue;
        const WellImageSignal& cand = out.wells[std::size_t(n.row * f.cols + n.col)];
        if (!best || cand.net_signal > best->net_signal) best = &cand;
      }
      w.spillover_from = best ? best->well : w.well;
      // Only a neighbour with a detected spot can spill (two blank neighbours would divide noise
      // by noise).
      if (!best || best->net_signal <= 0 || (best->flags & kWellNoSpot)) continue;
      const double mx = 0.5 * (w.x_px + best->x_px), my = 0.5 * (w.y_px + best->y_px);
      const double gap_r = std::max(1.0, (0.5 - disc_frac) * std::hypot(best->x_px - w.x_px, best->y_px - w.y_px));
      const double gap = region_mean(scan, mx, my, gap_r);
      if (std::isnan(gap)) continue;
      const double ref = w.background + nearest(smooth_bg, mx, my) - nearest(smooth_bg, w.x_px, w.y_px);
      const double excess = gap - ref;
      w.spillover_frac = std::max(0.0, excess * w.disc_area_px / best->net_signal);
      if (w.spillover_frac > kSpilloverFlagFrac && best->net_signal > w.net_signal) w.flags |= kWellSpillover;
    }
}

}  // namespace

PlateImageReading read_plate_image(U16View scan, PlateFormat fmt, const PlateImageParams& p) {
  LYSISQ_EXPECTS(fmt.rows > 0 && fmt.cols > 0, "read_plate_image: empty plate format");
  LYSISQ_EXPECTS(scan.empty() || (scan.data != nullptr && scan.stride_px >= scan.width), "read_plate_image: bad view");
  LYSISQ_EXPECTS(p.disc_radius_frac > 0 && p.annulus_inner_frac >= p.disc_radius_frac &&
                     p.annulus_outer_frac > p.annulus_inner_frac,
                 "read_plate_image: need 0 < disc_radius_frac <= annulus_inner_frac < annulus_outer_frac");
  if (scan.width < 2 * fmt.cols || scan.height < 2 * fmt.rows)
    no_grid("the scan (" + std::to_string(scan.width) + "x" + std::to_string(scan.height) +
            " px) is too small for a " + std::to_string(fmt.rows) + "x" + std::to_string(fmt.cols) + " plate");
  const plate_image_detail::FlatScan flat = plate_image_detail::flatten_scan(scan, fmt);
  const std::vector<plate_image_detail::Spot> spots = plate_image_detail::detect_spots(flat);
  if (spots.empty()) no_grid("nothing stands out from the background (blank or noise-only scan)");
  const int min_spots = std::max(6, fmt.well_count() / 8);
  if (int(spots.size()) < min_spots)
    no_grid(std::to_string(spots.size()) + " spot(s) found; a " + std::to_string(fmt.well_count()) +
            "-well plate needs at least " + std::to_string(min_spots));
  if (int(spots.size()) > 4 * fmt.well_count())
    no_grid(std::to_string(spots.size()) + " spot candidates, far more than the plate's " +
            std::to_string(fmt.well_count()) + " wells (not a plate scan, or the wrong format?)");
  const plate_image_detail::GridFit fit = plate_image_detail::fit_plate_grid(flat, spots, fmt);

  PlateImageReading out;
  out.format = fmt;
  out.grid = fit.grid;
  out.grid_residual_px = fit.residual_px;
  out.grid_residual_flag = fit.residual_px > p.max_grid_residual_px;
  out.spots_found = int(spots.size());
  out.spots_fitted = fit.spots_fitted;
  const double pitch = std::min(fit.grid.pitch_x_px, fit.grid.pitch_y_px);
  std::vector<float> buf;
  for (int r = 0; r < fmt.rows; ++r)
    for (int c = 0; c < fmt.cols; ++c) {
      WellImageSignal w;
      w.well = {r, c};
      w.x_px = fit.grid.node_x(c, r);
      w.y_px = fit.grid.node_y(c, r);
      const DiscSums d = measure_disc(scan, w.x_px, w.y_px, p.disc_radius_frac * pitch, p.annulus_inner_frac * pitch,
                                      p.annulus_outer_frac * pitch, p.saturation_level, buf);
      w.raw_signal = d.raw;
      w.background = d.background;
      w.disc_area_px = d.area;
      w.net_signal = d.raw - d.background * d.area;
      w.cpm = p.calibration_slope * w.net_signal + p.calibration_offset;
      w.saturated_px = d.saturated;
      w.flags = (d.saturated > 0 ? kWellSaturated : 0u) | (d.clipped ? kWellPartlyOutside : 0u) |
                (fit.has_spot[std::size_t(r * fmt.cols + c)] ? 0u : kWellNoSpot);
      out.wells.push_back(w);
    }
  add_spillover(scan, flat.background, out, p.disc_radius_frac);
  for (const WellImageSignal& w : out.wells) {
    out.saturated_spots += (w.flags & kWellSaturated) != 0;
    out.spillover_wells += (w.flags & kWellSpillover) != 0;
  }
  return out;
}

}  // namespace lysisq
