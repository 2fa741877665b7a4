// SPDX-License-Identifier: MIT
// Lytic units and the AUC of %SL vs ln(E:T) (ASSAY.md §3.3, §7). Pure arithmetic, no I/O.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lysisq::assay {

/// One point of a dose-response series: the condition's %SL (signed) at one E:T ratio.
struct DosePoint {
  double et_ratio = 0;   ///< effectors per target, > 0
  double lysis_pct = 0;  ///< %SL, signed, not clamped
};

/// How (E:T)x is found (config `lytic_units.method`; the result names the one used).
enum class LuMethod {
  kExponential,  ///< least squares y = A(1 - e^(-k x)), A in (0, 1] (Pross 1981, Bol 1986)
  kOneHit,       ///< A = 1; ln k = median_i[ln(-ln(1 - y_i)) - ln x_i]
  kWeibull,      ///< OLS of ln(-ln(1 - y)) on ln x, free slope
  kLogLinear,    ///< OLS of %lysis on log10(E:T) (the spreadsheet habit)
  kLogInterp,    ///< interpolation on a log E:T axis between the first bracketing pair
};
const char* lu_method_name(LuMethod m);  ///< "exponential", "one_hit", "weibull", "log_linear", "log_interp"
std::optional<LuMethod> parse_lu_method(std::string_view s);

struct LuParams {
  LuMethod method = LuMethod::kExponential;
  double lysis_pct = 20;           ///< x: the lysis level defining one lytic unit (LU20)
  int per_exponent = 7;            ///< N: LU per 10^N effectors
  double targets_per_well = 1e4;   ///< T
};

enum class LuStatus {
  kValue,       ///< lu holds LU_x per 10^N effectors
  kNotReached,  ///< x % lysis not reached within the tested E:T: LU < bound
  kBelowRange,  ///< x % lysis already exceeded below the lowest E:T: LU > bound
  kUndefined,   ///< no usable estimate (too few points, non-increasing curve...): see reason
};
const char* lu_status_name(LuStatus s);  ///< "value", "not_reached", "below_range", "undefined"

/// Fitted parameters, meaning per method: exponential a = A (plateau fraction), b = k;
/// one_hit a = 1, b = k; weibull a = intercept, b = slope of ln(-ln(1-y)) on ln x;
/// log_linear a = intercept (%), b = slope (% per decade); log_interp: NaN.
struct LuFit {
  double a = 0, b = 0;
  int points_used = 0;  ///< after the method's exclusion rule
};

struct LuResult {
  LuMethod method = LuMethod::kExponential;
  double lysis_pct = 20;     ///< x
  int per_exponent = 7;      ///< N
  LuStatus status = LuStatus::kUndefined;
  double et_x = 0;           ///< (E:T)x; NaN unless status == kValue (never extrapolated)
  double lu = 0;             ///< 10^N / (T x (E:T)x); NaN unless status == kValue
  double bound = 0;          ///< not_reached: 10^N/(T x max E:T); below_range: 10^N/(T x min E:T)
  LuFit fit;
  std::string reason;        ///< why status is not kValue (empty otherwise)
};

/// LU_x per 10^N effectors from a %SL vs E:T series (any order; non-finite %SL and E:T <= 0 are
/// ignored and noted). Never extrapolates: see LuStatus. ASSAY.md §7 decides every edge case.
LuResult lytic_units(std::span<const DosePoint> points, const LuParams& p = {});

/// Area under %SL vs ln(E:T) by the trapezoid rule on signed %SL (Dye 1991), in %·ln-units.
/// Points are sorted by E:T first; NaN with fewer than 2 usable points.
double lysis_auc_ln_et(std::span<const DosePoint> points);

}  // namespace lysisq::assay
