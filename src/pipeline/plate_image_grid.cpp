// SPDX-License-Identifier: MIT
// Plate images, step 3: fit the rows x cols well grid to the spot candidates. Spots are assigned to
// their nearest node of a relative lattice, the grid is fitted by least squares and re-assigned a
// few times, checked (is this really a plate of this format?), anchored to well A01, and refined
// with window centroids measured at every node of the plate.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "plate_image_detail.hpp"

namespace lysisq::plate_image_detail {

namespace {

constexpr double kAssignTolFrac = 0.3;   ///< a spot belongs to a node within 0.3 pitch
constexpr double kRefineTolFrac = 0.25;  ///< refined centroid / peak must stay within 0.25 pitch
constexpr double kWindowFrac = 0.4;      ///< centroid window radius: up to the gap between wells
constexpr double kMaxRmsFrac = 0.15;     ///< beyond this the spots are not on one grid
constexpr double kMaxAngleDeg = 20.0;

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0) {
  char buf[200];
  std::snprintf(buf, sizeof buf, f, a, b, c, d);
  return buf;
}

double min_pitch(const PlateGrid& g) { return std::min(g.pitch_x_px, g.pitch_y_px); }

/// Lattice through the spots: the guess's angle and pitches, origin from the mean phase of the
/// spots along each axis (circular mean, so no single spot decides it).
PlateGrid initial_grid(const LatticeGuess& g, const std::vector<Spot>& spots) {
  const double ca = std::cos(g.angle_rad), sa = std::sin(g.angle_rad), tau = 2 * std::numbers::pi;
  double cu = 0, su = 0, cv = 0, sv = 0;
  for (const Spot& s : spots) {
    const double u = s.x * ca + s.y * sa, v = -s.x * sa + s.y * ca;
    cu += std::cos(tau * u / g.pitch_x);
    su += std::sin(tau * u / g.pitch_x);
    cv += std::cos(tau * v / g.pitch_y);
    sv += std::sin(tau * v / g.pitch_y);
  }
  const double u0 = std::atan2(su, cu) / tau * g.pitch_x, v0 = std::atan2(sv, cv) / tau * g.pitch_y;
  return {u0 * ca - v0 * sa, u0 * sa + v0 * ca, g.pitch_x, g.pitch_y, g.angle_rad * 180.0 / std::numbers::pi};
}

/// Each spot to its nearest node if within `tol_frac` pitch; one spot per node (the closest).
std::vector<NodePoint> assign(const PlateGrid& g, const std::vector<Spot>& spots, double tol_frac) {
  const double a = g.angle_deg * std::numbers::pi / 180.0, ca = std::cos(a), sa = std::sin(a);
  const double tol = tol_frac * min_pitch(g);
  std::map<std::pair<int, int>, std::pair<double, NodePoint>> best;  // (row, col) -> (distance, point)
  for (const Spot& s : spots) {
    const double dx = s.x - g.origin_x_px, dy = s.y - g.origin_y_px;
    const int i = int(std::lround((dx * ca + dy * sa) / g.pitch_x_px));
    const int j = int(std::lround((-dx * sa + dy * ca) / g.pitch_y_px));
    const double d = std::hypot(g.node_x(i, j) - s.x, g.node_y(i, j) - s.y);
    if (d > tol) continue;
    auto [it, inserted] = best.try_emplace({j, i}, d, NodePoint{s.x, s.y, i, j});
    if (!inserted && d < it->second.first) it->second = {d, NodePoint{s.x, s.y, i, j}};
  }
  std::vector<NodePoint> out;
  for (const auto& kv : best) out.push_back(kv.second.second);
  return out;
}

struct Extent {
  int col_min = 0, col_max = -1, row_min = 0, row_max = -1;
  int distinct_cols = 0, distinct_rows = 0;
};
Extent extent(const std::vector<NodePoint>& pts) {
  Extent e;
  std::set<int> cols, rows;
  for (const NodePoint& p : pts) {
    cols.insert(p.col);
    rows.insert(p.row);
  }
  if (pts.empty()) return e;
  e = {*cols.begin(), *cols.rbegin(), *rows.begin(), *rows.rbegin(), int(cols.size()), int(rows.size())};
  return e;
}

/// While the spots span more columns (rows) than the plate has, drops the outer column (row) with
/// fewer spots if it is sparse (under a quarter of the mean per column): a stray speck beyond the
/// plate's edge, which happens to lie on the lattice, must not push the real wells off the plate.
void trim_stray_edges(std::vector<NodePoint>& pts, PlateFormat f) {
  for (bool by_col : {true, false}) {
    const int limit = by_col ? f.cols : f.rows;
    for (;;) {
      const Extent e = extent(pts);
      const int lo = by_col ? e.col_min : e.row_min, hi = by_col ? e.col_max : e.row_max;
      const int lines = by_col ? e.distinct_cols : e.distinct_rows;
      if (pts.empty() || hi - lo + 1 <= limit) break;
      auto count = [&](int k) {
        return std::count_if(pts.begin(), pts.end(), [&](const NodePoint& p) { return (by_col ? p.col : p.row) == k; });
      };
      const auto n_lo = count(lo), n_hi = count(hi);
      const int drop = n_lo <= n_hi ? lo : hi;
      if (4.0 * double(std::min(n_lo, n_hi)) >= double(pts.size()) / lines) break;
      std::erase_if(pts, [&](const NodePoint& p) { return (by_col ? p.col : p.row) == drop; });
    }
  }
}

/// Is the coarse fit a plate of this format? Throws no_grid() with the reason if not.
void check_lattice(const std::vector<NodePoint>& pts, std::size_t n_spots, PlateFormat f, const PlateGrid& g) {
  const int need = std::max(6, f.well_count() / 8);
  if (int(pts.size()) < need)
    no_grid(fmt("only %.0f of %.0f spots lie on a common grid; a plate needs at least %.0f", double(pts.size()),
                double(n_spots), double(need)));
  if (double(pts.size()) < 0.5 * double(n_spots))
    no_grid(fmt("only %.0f of %.0f spots lie on a common grid", double(pts.size()), double(n_spots)));
  const Extent e = extent(pts);
  if (e.distinct_cols < std::min(3, f.cols) || e.distinct_rows < std::min(3, f.rows))
    no_grid(fmt("the spots fill only %.0f column(s) and %.0f row(s)", e.distinct_cols, e.distinct_rows));
  const int span_c = e.col_max - e.col_min + 1, span_r = e.row_max - e.row_min + 1;
  if (span_c > f.cols || span_r > f.rows) {
    std::string why = fmt("the spots span %.0f columns x %.0f rows, more than a %.0f x %.0f plate has", span_c,
                          span_r, f.cols, f.rows);
    if (span_c <= f.rows && span_r <= f.cols) why += " (is the scan turned by 90 degrees?)";
    no_grid(why);
  }
  const double ratio = g.pitch_x_px / g.pitch_y_px;
  if (g.pitch_x_px < 3 || g.pitch_y_px < 3 || ratio < 0.67 || ratio > 1.5)
    no_grid(fmt("implausible well pitch %.1f x %.1f px", g.pitch_x_px, g.pitch_y_px));
  if (std::fabs(g.angle_deg) > kMaxAngleDeg)
    no_grid(fmt("the grid is turned by %.1f degrees (at most %.0f supported)", g.angle_deg, kMaxAngleDeg));
  const double rms = grid_rms(g, pts);
  if (rms > kMaxRmsFrac * min_pitch(g))
    no_grid(fmt("the spots miss the best grid by %.1f px RMS (pitch %.1f px)", rms, min_pitch(g)));
}

/// Anchors the relative lattice to well A01: of the placements that contain every fitted spot,
/// the one with the most plate corners inside the scan, then the one closest to the scan centre
/// (decides only when a whole edge row or column is blank).
PlateGrid anchor_to_plate(const PlateGrid& rel, const std::vector<NodePoint>& pts, PlateFormat f, int w, int h) {
  const Extent e = extent(pts);
  PlateGrid best = rel;
  std::pair<int, double> best_score{-1, 0};
  for (int c0 = e.col_max - (f.cols - 1); c0 <= e.col_min; ++c0)
    for (int r0 = e.row_max - (f.rows - 1); r0 <= e.row_min; ++r0) {
      PlateGrid g = rel;
      g.origin_x_px = rel.node_x(c0, r0);
      g.origin_y_px = rel.node_y(c0, r0);
      int inside = 0;
      for (int corner = 0; corner < 4; ++corner) {
        const double x = g.node_x(corner & 1 ? f.cols - 1 : 0, corner & 2 ? f.rows - 1 : 0);
        const double y = g.node_y(corner & 1 ? f.cols - 1 : 0, corner & 2 ? f.rows - 1 : 0);
        inside += x >= -0.5 && x <= w - 0.5 && y >= -0.5 && y <= h - 0.5;
      }
      const double off = std::hypot(g.node_x(0.5 * (f.cols - 1), 0.5 * (f.rows - 1)) - 0.5 * (w - 1),
                                    g.node_y(0.5 * (f.cols - 1), 0.5 * (f.rows - 1)) - 0.5 * (h - 1));
      if (best_score.first < 0 || inside > best_score.first || (inside == best_score.first && off < best_score.second)) {
        best = g;
        best_score = {inside, off};
      }
    }
  return best;
}

/// Centroid of the spot at node (x, y), or false if the node shows no spot: the window's peak
/// must rise above the detection level and lie within kRefineTolFrac pitch of the node (a
/// neighbour's halo peaks at the window edge). Weights are the signal above 3 noise SDs.
bool node_centroid(const FlatScan& s, double x, double y, double pitch, double& out_x, double& out_y) {
  const Image<float>& f = s.flat;
  const double rw = kWindowFrac * pitch, tol = kRefineTolFrac * pitch, floor = 3 * s.noise_sd;
  auto window = [&](double cx, double cy, auto&& fn) {
    const int x0 = std::max(0, int(std::floor(cx - rw))), x1 = std::min(f.width() - 1, int(std::ceil(cx + rw)));
    const int y0 = std::max(0, int(std::floor(cy - rw))), y1 = std::min(f.height() - 1, int(std::ceil(cy + rw)));
    for (int py = y0; py <= y1; ++py)
      for (int px = x0; px <= x1; ++px)
        if ((px - cx) * (px - cx) + (py - cy) * (py - cy) <= rw * rw) fn(px, py, double(f.at(px, py)));
  };
  double peak = -HUGE_VAL, peak_x = 0, peak_y = 0;
  window(x, y, [&](int px, int py, double v) {
    if (v > peak) std::tie(peak, peak_x, peak_y) = std::tuple(v, double(px), double(py));
  });
  if (peak <= s.threshold() || std::hypot(peak_x - x, peak_y - y) > tol) return false;
  double cx = peak_x, cy = peak_y;
  for (int it = 0; it < 3; ++it) {
    double sw = 0, sx = 0, sy = 0;
    window(cx, cy, [&](int px, int py, double v) {
      const double wgt = std::max(0.0, v - floor);
      sw += wgt;
      sx += wgt * px;
      sy += wgt * py;
    });
    if (sw <= 0) return false;
    cx = sx / sw;
    cy = sy / sw;
  }
  if (std::hypot(cx - x, cy - y) > tol) return false;
  out_x = cx;
  out_y = cy;
  return true;
}

std::vector<NodePoint> refine_at_nodes(const FlatScan& s, const PlateGrid& g, PlateFormat f) {
  std::vector<NodePoint> out;
  for (int r = 0; r < f.rows; ++r)
    for (int c = 0; c < f.cols; ++c) {
      double x = 0, y = 0;
      if (node_centroid(s, g.node_x(c, r), g.node_y(c, r), min_pitch(g), x, y)) out.push_back({x, y, c, r});
    }
  return out;
}

}  // namespace

GridFit fit_plate_grid(const FlatScan& s, const std::vector<Spot>& spots, PlateFormat f) {
  const LatticeGuess guess = estimate_lattice(spots);
  PlateGrid rel = initial_grid(guess, spots);
  std::vector<NodePoint> pts;
  // Fit, re-assign with the better grid, refit: spots at the ends of long rows, missed while the
  // pitch guess was a little off, join in as the fit improves.
  for (int it = 0; it < 4; ++it) {
    pts = assign(rel, spots, kAssignTolFrac);
    const Extent e = extent(pts);
    if (e.distinct_cols < 2 || e.distinct_rows < 2) break;
    rel = fit_grid_lsq(pts, rel);
  }
  pts = assign(rel, spots, kAssignTolFrac);
  trim_stray_edges(pts, f);
  check_lattice(pts, spots.size(), f, rel);

  PlateGrid grid = anchor_to_plate(rel, pts, f, s.flat.width(), s.flat.height());
  std::vector<NodePoint> refined;
  for (int round = 0; round < 2; ++round) {
    refined = refine_at_nodes(s, grid, f);
    const Extent e = extent(refined);
    if (e.distinct_cols < 2 || e.distinct_rows < 2) no_grid("the spots vanish when measured at the grid nodes");
    grid = fit_grid_lsq(refined, grid);
  }
  GridFit out;
  out.grid = grid;
  out.residual_px = grid_rms(grid, refined);
  out.spots_fitted = int(refined.size());
  if (out.residual_px > kMaxRmsFrac * min_pitch(grid))
    no_grid(fmt("the spots miss the refined grid by %.1f px RMS (pitch %.1f px)", out.residual_px, min_pitch(grid)));
  out.has_spot.assign(std::size_t(f.well_count()), 0);
  for (const NodePoint& p : refined) out.has_spot[std::size_t(p.row * f.cols + p.col)] = 1;
  return out;
}

}  // namespace lysisq::plate_image_detail
