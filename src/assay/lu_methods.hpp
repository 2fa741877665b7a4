// SPDX-License-Identifier: MIT
// Private to src/assay/: one (E:T)x estimator per lytic-unit method. The driver in
// lytic_units.cpp cleans and sorts the points and applies the never-extrapolate rules.
#pragma once
#include <span>
#include <string>

#include "lysisq/lytic_units.hpp"

namespace lysisq::assay::detail {

/// What a method found. status kValue: et_x is the (possibly out-of-range) solution, which the
/// driver checks against the tested E:T range; any other status is final, with a reason.
struct EtEstimate {
  LuStatus status = LuStatus::kUndefined;
  double et_x = 0;
  LuFit fit;
  std::string reason;
};

/// All methods take points sorted by ascending E:T (E:T > 0, finite %SL) and x as a fraction in (0, 1).
EtEstimate estimate_exponential(std::span<const DosePoint> sorted, double x_frac);
EtEstimate estimate_one_hit(std::span<const DosePoint> sorted, double x_frac);
EtEstimate estimate_weibull(std::span<const DosePoint> sorted, double x_frac);
EtEstimate estimate_log_linear(std::span<const DosePoint> sorted, double x_frac);
EtEstimate estimate_log_interp(std::span<const DosePoint> sorted, double x_frac);

/// Least-squares fit of y = A(1 - e^(-k x)) with A in (0, 1] and k > 0 (y = fraction lysed).
struct ExponentialFit {
  double plateau = 0;  ///< A
  double rate = 0;     ///< k
  double sse = 0;      ///< residual sum of squares at the optimum
};
ExponentialFit fit_exponential(std::span<const DosePoint> sorted);

}  // namespace lysisq::assay::detail
