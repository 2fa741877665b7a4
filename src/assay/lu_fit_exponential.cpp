// SPDX-License-Identifier: MIT
// Constrained least squares for y = A(1 - e^(-k x)) (Pross 1981, Bol 1986), the default
// lytic-unit method. For fixed k the model is linear in A, so the optimal A is closed-form and
// clamping it to (0, 1] gives the constrained optimum for that k (the SSE is a parabola in A).
// What remains is a 1-D search over ln k: a coarse grid brackets the minimum of the profile SSE,
// golden-section search refines it. Robust for 3-6 points, no starting values, no derivatives.
#include <algorithm>
#include <cmath>
#include <limits>

#include "lu_methods.hpp"

namespace lysisq::assay::detail {
namespace {

/// A is constrained to (0, 1]; this keeps it strictly positive when the data say A <= 0.
constexpr double kMinPlateau = 1e-9;
/// The k range spans curves from k x_max = 1e-4 (a line far below 1 % lysis) to k x_min = 50
/// (saturated at every E:T): beyond either end the profile SSE no longer changes.
constexpr double kMinRateXmax = 1e-4;
constexpr double kMaxRateXmin = 50.0;
constexpr int kGridPoints = 241;      ///< about 0.06 in ln k for a 5-40 E:T range
constexpr double kLnRateTol = 1e-12;  ///< golden section stops at this bracket width in ln k

struct Profile {
  double plateau = 0, sse = 0;
};

/// Best A in (0, 1] and its SSE for a fixed k.
Profile profile_at(std::span<const DosePoint> pts, double k) {
  double sgg = 0, sgy = 0;
  for (const DosePoint& p : pts) {
    const double g = -std::expm1(-k * p.et_ratio);  // 1 - e^(-kx), accurate for small kx
    sgg += g * g;
    sgy += g * p.lysis_pct / 100.0;
  }
  Profile pr;
  pr.plateau = sgg > 0 ? std::clamp(sgy / sgg, kMinPlateau, 1.0) : kMinPlateau;
  for (const DosePoint& p : pts) {
    const double r = p.lysis_pct / 100.0 - pr.plateau * -std::expm1(-k * p.et_ratio);
    pr.sse += r * r;
  }
  return pr;
}

/// Golden-section minimum of the profile SSE over ln k in [lo, hi].
double golden_ln_rate(std::span<const DosePoint> pts, double lo, double hi) {
  const double inv_phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = hi - inv_phi * (hi - lo), d = lo + inv_phi * (hi - lo);
  double fc = profile_at(pts, std::exp(c)).sse, fd = profile_at(pts, std::exp(d)).sse;
  while (hi - lo > kLnRateTol) {
    if (fc <= fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - inv_phi * (hi - lo);
      fc = profile_at(pts, std::exp(c)).sse;
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + inv_phi * (hi - lo);
      fd = profile_at(pts, std::exp(d)).sse;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace

ExponentialFit fit_exponential(std::span<const DosePoint> sorted) {
  const double x_min = sorted.front().et_ratio, x_max = sorted.back().et_ratio;
  const double lo = std::log(kMinRateXmax / x_max), hi = std::log(kMaxRateXmin / x_min);
  const double step = (hi - lo) / (kGridPoints - 1);
  int best = 0;
  double best_sse = std::numeric_limits<double>::infinity();
  for (int i = 0; i < kGridPoints; ++i) {
    const double sse = profile_at(sorted, std::exp(lo + i * step)).sse;
    if (sse < best_sse) {
      best_sse = sse;
      best = i;
    }
  }
  const double a = lo + std::max(best - 1, 0) * step;
  const double b = lo + std::min(best + 1, kGridPoints - 1) * step;
  const double ln_k = golden_ln_rate(sorted, a, b);
  const Profile pr = profile_at(sorted, std::exp(ln_k));
  ExponentialFit f{pr.plateau, std::exp(ln_k), pr.sse};
  if (best_sse < pr.sse) {  // flat profile: the grid point is as good and needs no refinement
    const Profile g = profile_at(sorted, std::exp(lo + best * step));
    f = {g.plateau, std::exp(lo + best * step), g.sse};
  }
  return f;
}

EtEstimate estimate_exponential(std::span<const DosePoint> sorted, double x_frac) {
  EtEstimate e;
  if (sorted.size() < 2 || sorted.front().et_ratio == sorted.back().et_ratio) {
    e.reason = "exponential fit needs at least 2 distinct E:T ratios";
    return e;
  }
  const ExponentialFit f = fit_exponential(sorted);
  e.fit = {f.plateau, f.rate, static_cast<int>(sorted.size())};
  if (f.plateau <= x_frac) {
    e.status = LuStatus::kNotReached;
    e.reason = "fitted plateau A = " + std::to_string(f.plateau) + " <= x";
    return e;
  }
  e.status = LuStatus::kValue;
  e.et_x = -std::log1p(-x_frac / f.plateau) / f.rate;
  return e;
}

}  // namespace lysisq::assay::detail
