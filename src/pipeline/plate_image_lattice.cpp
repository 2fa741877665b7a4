// SPDX-License-Identifier: MIT
// Plate images, step 2: the lattice of the spots. A first guess of angle and pitches from
// neighbour vectors, and the least-squares grid model (origin, pitch_x, pitch_y, angle).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "plate_image_detail.hpp"

namespace lysisq::plate_image_detail {

namespace {

double median(std::vector<double> v) {
  const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

/// Nearest neighbour distance of every spot (O(n^2); the caller caps n at a few times the wells).
std::vector<double> nearest_distances(const std::vector<Spot>& s) {
  std::vector<double> nn(s.size(), HUGE_VAL);
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t k = i + 1; k < s.size(); ++k) {
      const double d = std::hypot(s[k].x - s[i].x, s[k].y - s[i].y);
      nn[i] = std::min(nn[i], d);
      nn[k] = std::min(nn[k], d);
    }
  return nn;
}

/// Pitch along the unit axis (ux, uy): per spot, the nearest other spot inside a +-15 degree cone
/// around the axis (within 3 base pitches), projected on it; the median over spots. A missing
/// neighbour makes a few of these 2 pitches, which the median ignores.
double axis_pitch(const std::vector<Spot>& s, double ux, double uy, double base, int& n_used) {
  const double cone = std::tan(15.0 * std::numbers::pi / 180.0);
  std::vector<double> along;
  for (std::size_t i = 0; i < s.size(); ++i) {
    double best = HUGE_VAL;
    for (std::size_t k = 0; k < s.size(); ++k) {
      const double dx = s[k].x - s[i].x, dy = s[k].y - s[i].y;
      const double a = dx * ux + dy * uy, b = std::fabs(-dx * uy + dy * ux);
      if (a > 0.5 * base && a < 3.0 * base && b < cone * a) best = std::min(best, a);
    }
    if (best < HUGE_VAL) along.push_back(best);
  }
  n_used = int(along.size());
  return along.empty() ? 0.0 : median(along);
}

}  // namespace

LatticeGuess estimate_lattice(const std::vector<Spot>& spots) {
  const double base = median(nearest_distances(spots));
  // Direction of the lattice modulo 90 degrees: the mean of exp(4i phi) over neighbour vectors
  // near the base pitch. On a lattice they all agree (|mean| ~ 1); scattered blobs give ~0.
  double c = 0, s = 0;
  int n = 0;
  for (std::size_t i = 0; i < spots.size(); ++i)
    for (std::size_t k = i + 1; k < spots.size(); ++k) {
      const double dx = spots[k].x - spots[i].x, dy = spots[k].y - spots[i].y;
      const double d = std::hypot(dx, dy);
      if (d < 0.8 * base || d > 1.2 * base) continue;
      const double phi = std::atan2(dy, dx);
      c += std::cos(4 * phi);
      s += std::sin(4 * phi);
      ++n;
    }
  const double coherence = n > 0 ? std::hypot(c, s) / n : 0.0;
  char buf[160];
  if (n < 4 || coherence < 0.7) {
    std::snprintf(buf, sizeof buf, "the %zu spots are not arranged in rows and columns (direction coherence %.2f, "
                  "a plate gives > 0.9)", spots.size(), coherence);
    no_grid(buf);
  }
  LatticeGuess g;
  g.angle_rad = std::atan2(s, c) / 4.0;  // (-45, 45] degrees: columns run along x
  int nx = 0, ny = 0;
  g.pitch_x = axis_pitch(spots, std::cos(g.angle_rad), std::sin(g.angle_rad), base, nx);
  g.pitch_y = axis_pitch(spots, -std::sin(g.angle_rad), std::cos(g.angle_rad), base, ny);
  if (nx < 3 || ny < 3) no_grid("the spots do not form both rows and columns");
  return g;
}

PlateGrid fit_grid_lsq(const std::vector<NodePoint>& pts, PlateGrid start) {
  // Gauss-Newton on p = (ox, oy, px, py, a): x = ox + i px cos a - j py sin a,
  // y = oy + i px sin a + j py cos a. From a close start it converges in 2-3 steps.
  std::array<double, 5> p = {start.origin_x_px, start.origin_y_px, start.pitch_x_px, start.pitch_y_px,
                             start.angle_deg * std::numbers::pi / 180.0};
  for (int iter = 0; iter < 10; ++iter) {
    double A[5][6] = {};
    const double ca = std::cos(p[4]), sa = std::sin(p[4]);
    for (const NodePoint& q : pts) {
      const double i = q.col, j = q.row;
      const double rx = p[0] + i * p[2] * ca - j * p[3] * sa - q.x;
      const double ry = p[1] + i * p[2] * sa + j * p[3] * ca - q.y;
      const double jx[5] = {1, 0, i * ca, -j * sa, -i * p[2] * sa - j * p[3] * ca};
      const double jy[5] = {0, 1, i * sa, j * ca, i * p[2] * ca - j * p[3] * sa};
      for (int r = 0; r < 5; ++r) {
        for (int k = 0; k < 5; ++k) A[r][k] += jx[r] * jx[k] + jy[r] * jy[k];
        A[r][5] -= jx[r] * rx + jy[r] * ry;
      }
    }
    // Gaussian elimination with partial pivoting on the 5 x 5 normal equations.
    for (int col = 0; col < 5; ++col) {
      int piv = col;
      for (int r = col + 1; r < 5; ++r)
        if (std::fabs(A[r][col]) > std::fabs(A[piv][col])) piv = r;
      if (std::fabs(A[piv][col]) < 1e-12) return start;  // degenerate (points on one line)
      for (int k = 0; k < 6; ++k) std::swap(A[col][k], A[piv][k]);
      for (int r = col + 1; r < 5; ++r) {
        const double f = A[r][col] / A[col][col];
        for (int k = col; k < 6; ++k) A[r][k] -= f * A[col][k];
      }
    }
    std::array<double, 5> d{};
    for (int r = 4; r >= 0; --r) {
      double v = A[r][5];
      for (int k = r + 1; k < 5; ++k) v -= A[r][k] * d[std::size_t(k)];
      d[std::size_t(r)] = v / A[r][r];
    }
    double step = 0;
    for (std::size_t k = 0; k < 5; ++k) {
      p[k] += d[k];
      step = std::max(step, std::fabs(d[k]) * (k == 4 ? 1000.0 : 1.0));
    }
    if (step < 1e-6) break;
  }
  return {p[0], p[1], p[2], p[3], p[4] * 180.0 / std::numbers::pi};
}

double grid_rms(const PlateGrid& g, const std::vector<NodePoint>& pts) {
  if (pts.empty()) return 0;
  double ss = 0;
  for (const NodePoint& q : pts) {
    const double dx = g.node_x(q.col, q.row) - q.x, dy = g.node_y(q.col, q.row) - q.y;
    ss += dx * dx + dy * dy;
  }
  return std::sqrt(ss / double(pts.size()));
}

}  // namespace lysisq::plate_image_detail
