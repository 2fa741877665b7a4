// SPDX-License-Identifier: MIT
// Closed-form lytic-unit methods (ASSAY.md §3.3, §7): one-hit median, Weibull and log-linear
// regressions, log-axis interpolation. Exclusion rules: one_hit and weibull drop %SL <= 0 or
// >= 100 (their transform ln(-ln(1 - y)) is undefined there); log_linear and log_interp use all.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "lu_methods.hpp"

namespace lysisq::assay::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The one-hit linearisation ln(-ln(1 - y)) of the fraction lysed.
double cloglog(double y) { return std::log(-std::log1p(-y)); }

struct Line {
  double intercept = kNaN, slope = kNaN;
};

/// Ordinary least squares v = intercept + slope u; NaN when u has no spread.
Line ols(const std::vector<double>& u, const std::vector<double>& v) {
  const double n = static_cast<double>(u.size());
  double mu = 0, mv = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    mu += u[i];
    mv += v[i];
  }
  mu /= n;
  mv /= n;
  double suu = 0, suv = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    suu += (u[i] - mu) * (u[i] - mu);
    suv += (u[i] - mu) * (v[i] - mv);
  }
  Line l;
  if (suu > 0) {
    l.slope = suv / suu;
    l.intercept = mv - l.slope * mu;
  }
  return l;
}

/// (ln x, ln(-ln(1 - y))) of the points with 0 < %SL < 100.
void one_hit_coordinates(std::span<const DosePoint> pts, std::vector<double>& ln_x,
                         std::vector<double>& z) {
  for (const DosePoint& p : pts) {
    if (p.lysis_pct <= 0 || p.lysis_pct >= 100) continue;
    ln_x.push_back(std::log(p.et_ratio));
    z.push_back(cloglog(p.lysis_pct / 100.0));
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

EtEstimate from_line(const Line& l, int used, const char* what) {
  EtEstimate e;
  e.fit = {l.intercept, l.slope, used};
  if (std::isnan(l.slope)) {
    e.reason = std::string(what) + " needs at least 2 distinct E:T ratios";
  } else if (!(l.slope > 0)) {
    e.reason = std::string(what) + ": lysis does not increase with E:T (slope <= 0)";
  } else {
    e.status = LuStatus::kValue;
  }
  return e;
}

}  // namespace

EtEstimate estimate_one_hit(std::span<const DosePoint> sorted, double x_frac) {
  std::vector<double> ln_x, z;
  one_hit_coordinates(sorted, ln_x, z);
  EtEstimate e;
  if (z.empty()) {
    e.reason = "one_hit: no point with 0 < %SL < 100";
    return e;
  }
  std::vector<double> ln_k(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) ln_k[i] = z[i] - ln_x[i];
  const double k = std::exp(median(ln_k));
  e.fit = {1.0, k, static_cast<int>(z.size())};
  e.status = LuStatus::kValue;
  e.et_x = -std::log1p(-x_frac) / k;
  return e;
}

EtEstimate estimate_weibull(std::span<const DosePoint> sorted, double x_frac) {
  std::vector<double> ln_x, z;
  one_hit_coordinates(sorted, ln_x, z);
  const Line l = z.empty() ? Line{} : ols(ln_x, z);
  EtEstimate e = from_line(l, static_cast<int>(z.size()), "weibull (points with 0 < %SL < 100)");
  if (e.status == LuStatus::kValue) e.et_x = std::exp((cloglog(x_frac) - l.intercept) / l.slope);
  return e;
}

EtEstimate estimate_log_linear(std::span<const DosePoint> sorted, double x_frac) {
  std::vector<double> u, v;
  for (const DosePoint& p : sorted) {
    u.push_back(std::log10(p.et_ratio));
    v.push_back(p.lysis_pct);
  }
  const Line l = ols(u, v);
  EtEstimate e = from_line(l, static_cast<int>(u.size()), "log_linear");
  if (e.status == LuStatus::kValue) e.et_x = std::pow(10.0, (x_frac * 100.0 - l.intercept) / l.slope);
  return e;
}

EtEstimate estimate_log_interp(std::span<const DosePoint> sorted, double x_frac) {
  const double x_pct = x_frac * 100.0;
  EtEstimate e;
  e.fit = {kNaN, kNaN, static_cast<int>(sorted.size())};
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
    const DosePoint& a = sorted[i];
    const DosePoint& b = sorted[i + 1];
    if (x_pct < std::min(a.lysis_pct, b.lysis_pct) || x_pct > std::max(a.lysis_pct, b.lysis_pct)) continue;
    const double t = a.lysis_pct == b.lysis_pct ? 0.0 : (x_pct - a.lysis_pct) / (b.lysis_pct - a.lysis_pct);
    e.status = LuStatus::kValue;
    e.et_x = std::exp(std::log(a.et_ratio) + t * (std::log(b.et_ratio) - std::log(a.et_ratio)));
    return e;
  }
  // No adjacent pair brackets x although the driver saw a point >= x: every point lies above x,
  // so x % lysis is reached below the lowest E:T (a single point >= x lands here too).
  e.status = LuStatus::kBelowRange;
  e.reason = "every point is above x: reached below the lowest E:T";
  return e;
}

}  // namespace lysisq::assay::detail
