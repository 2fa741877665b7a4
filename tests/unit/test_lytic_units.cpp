// SPDX-License-Identifier: MIT
// Lytic units: every cell of ASSAY.md §5 (B1, B2, D, E, F x five methods), the §7 edge rules,
// independent closed-form oracles, and the AUC of %SL vs ln(E:T).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "lysisq/lytic_units.hpp"

using namespace lysisq::assay;

namespace {

constexpr std::array<double, 4> kEt = {40, 20, 10, 5};
constexpr std::array<LuMethod, 5> kAll = {LuMethod::kExponential, LuMethod::kOneHit, LuMethod::kWeibull,
                                         LuMethod::kLogLinear, LuMethod::kLogInterp};

std::vector<DosePoint> series(const std::array<double, 4>& lysis_pct) {
  std::vector<DosePoint> v;
  for (std::size_t i = 0; i < 4; ++i) v.push_back({kEt[i], lysis_pct[i]});
  return v;
}

LuResult lu(const std::vector<DosePoint>& pts, LuMethod m, double x = 20, double t = 1e4) {
  LuParams p;
  p.method = m;
  p.lysis_pct = x;
  p.targets_per_well = t;
  return lytic_units(pts, p);
}

double sse_exponential(const std::vector<DosePoint>& pts, double a, double k) {
  double s = 0;
  for (const DosePoint& q : pts) s += std::pow(q.lysis_pct / 100.0 - a * (1.0 - std::exp(-k * q.et_ratio)), 2);
  return s;
}

/// Oracle OLS slope/intercept through the 2x2 normal equations (a different form from the code's).
std::pair<double, double> normal_equations(const std::vector<double>& u, const std::vector<double>& v) {
  double n = 0, su = 0, sv = 0, suu = 0, suv = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    n += 1;
    su += u[i];
    sv += v[i];
    suu += u[i] * u[i];
    suv += u[i] * v[i];
  }
  const double b = (n * suv - su * sv) / (n * suu - su * su);
  return {(sv - b * su) / n, b};
}

struct TableRow {
  const char* name;
  std::array<double, 4> lysis;
  std::array<double, 5> et20;  ///< exponential, one_hit, weibull, log_linear, log_interp
  std::array<double, 5> lu20;
};
// ASSAY.md §5, copied as printed.
const TableRow kTable[] = {
    {"B1", {59.04, 36.00, 20.00, 10.557}, {10.000, 10.000, 10.000, 8.669, 10.000}, {100.0, 100.0, 100.0, 115.35, 100.0}},
    {"B2", {69.173, 50.570, 31.478, 17.696}, {5.7536, 6.115, 5.623, 5.819, 5.614}, {173.80, 163.54, 177.84, 171.84, 178.12}},
    {"D", {62, 48, 31, 18}, {5.691, 6.406, 5.439, 5.643, 5.563}, {175.70, 156.10, 183.87, 177.22, 179.77}},
    {"E", {35, 24, 14, 7}, {15.796, 15.812, 17.095, 14.142, 15.157}, {63.31, 63.24, 58.50, 70.71, 65.98}},
};

}  // namespace

TEST_CASE("lytic units: every (E:T)20 and LU20 of the §5 table", "[unit]") {
  for (const TableRow& row : kTable) {
    for (std::size_t m = 0; m < kAll.size(); ++m) {
      CAPTURE(row.name, lu_method_name(kAll[m]));
      const LuResult r = lu(series(row.lysis), kAll[m]);
      REQUIRE(r.status == LuStatus::kValue);
      REQUIRE(r.method == kAll[m]);
      // Closed forms agree with the printed (rounded) values; fitted values within 0.5 % (§5).
      const double tol = kAll[m] == LuMethod::kExponential ? 5e-3 : 1e-4;
      REQUIRE(r.et_x == Approx(row.et20[m]).epsilon(tol));
      REQUIRE(r.lu == Approx(row.lu20[m]).epsilon(tol));
      REQUIRE(r.lu == Approx(1e7 / (1e4 * r.et_x)).epsilon(1e-12));
      REQUIRE(std::isnan(r.bound));  // no bound for a value
    }
  }
}

TEST_CASE("lytic units: vector F is not reached by every method, LU20 < 25", "[unit]") {
  const auto f = series({8, 5, 3, 1});
  for (LuMethod m : kAll) {
    CAPTURE(lu_method_name(m));
    const LuResult r = lu(f, m);
    REQUIRE(r.status == LuStatus::kNotReached);
    REQUIRE(r.bound == Approx(25.0).epsilon(1e-12));
    REQUIRE(std::isnan(r.lu));
    REQUIRE(std::isnan(r.et_x));
    REQUIRE_FALSE(r.reason.empty());
  }
}

TEST_CASE("lytic units: B1 LU30/1e7 = 62.56, halving T doubles every LU and bound", "[unit]") {
  const auto b1 = series({59.04, 36.00, 20.00, 10.557});
  for (LuMethod m : {LuMethod::kExponential, LuMethod::kOneHit, LuMethod::kWeibull}) {
    CAPTURE(lu_method_name(m));
    REQUIRE(lu(b1, m, 30).lu == Approx(62.56).margin(0.005));
  }
  for (const TableRow& row : kTable)
    for (LuMethod m : kAll) {
      CAPTURE(row.name, lu_method_name(m));
      REQUIRE(lu(series(row.lysis), m, 20, 5e3).lu == Approx(2 * lu(series(row.lysis), m).lu).epsilon(1e-12));
    }
  REQUIRE(lu(series({8, 5, 3, 1}), LuMethod::kWeibull, 20, 5e3).bound == Approx(50.0));
  LuParams p;
  p.per_exponent = 6;
  REQUIRE(lytic_units(b1, p).lu == Approx(10.0).epsilon(1e-5));  // LU20/1e6 = 10 x smaller
}

TEST_CASE("closed-form methods match independent oracles to 1e-9", "[unit]") {
  for (const TableRow& row : kTable) {
    CAPTURE(row.name);
    std::vector<double> ln_x, z, ln_k, log_x, pct;
    for (std::size_t i = 0; i < 4; ++i) {
      const double y = row.lysis[i] / 100.0;
      ln_x.push_back(std::log(kEt[i]));
      z.push_back(std::log(-std::log(1.0 - y)));
      ln_k.push_back(z.back() - ln_x.back());
      log_x.push_back(std::log10(kEt[i]));
      pct.push_back(row.lysis[i]);
    }
    std::sort(ln_k.begin(), ln_k.end());
    const double k = std::exp(0.5 * (ln_k[1] + ln_k[2]));  // median of four
    REQUIRE(lu(series(row.lysis), LuMethod::kOneHit).et_x == Approx(-std::log(0.8) / k).epsilon(1e-9));
    const auto [wa, wb] = normal_equations(ln_x, z);
    REQUIRE(lu(series(row.lysis), LuMethod::kWeibull).et_x ==
            Approx(std::exp((std::log(-std::log(0.8)) - wa) / wb)).epsilon(1e-9));
    const auto [la, lb] = normal_equations(log_x, pct);
    REQUIRE(lu(series(row.lysis), LuMethod::kLogLinear).et_x == Approx(std::pow(10.0, (20 - la) / lb)).epsilon(1e-9));
    // log_interp: B1, B2 and D cross 20 % between 5:1 and 10:1 (B1 exactly at 10:1), E between
    // 10:1 and 20:1; each pair is one doubling of E:T.
    const std::size_t hi = row.lysis[2] >= 20 ? 2 : 1;
    const double t = (20 - row.lysis[hi + 1]) / (row.lysis[hi] - row.lysis[hi + 1]);
    REQUIRE(lu(series(row.lysis), LuMethod::kLogInterp).et_x ==
            Approx(kEt[hi + 1] * std::pow(2.0, t)).epsilon(1e-9));
  }
}

TEST_CASE("exponential fit: exact on noise-free curves, a true least-squares optimum", "[unit]") {
  for (const auto& [a, k] : {std::pair{0.8, 0.05}, std::pair{1.0, -std::log(0.8) / 10}, std::pair{0.45, 0.2}}) {
    CAPTURE(a, k);
    std::vector<DosePoint> pts;
    for (double x : kEt) pts.push_back({x, 100.0 * a * (1.0 - std::exp(-k * x))});
    const LuResult r = lu(pts, LuMethod::kExponential);
    REQUIRE(r.fit.a == Approx(a).epsilon(1e-7));
    REQUIRE(r.fit.b == Approx(k).epsilon(1e-7));
    const double gold = -std::log(1.0 - 0.2 / a) / k;
    if (gold >= 5 && gold <= 40) REQUIRE(r.et_x == Approx(gold).epsilon(1e-7));
  }
  REQUIRE(lu(series({69.173, 50.570, 31.478, 17.696}), LuMethod::kExponential).et_x ==
          Approx(std::log(4.0 / 3.0) / 0.05).epsilon(1e-4));  // inputs are rounded to 3 decimals
  // D and E: no feasible (A, k) near or far from the fit has a smaller SSE.
  for (const TableRow& row : {kTable[2], kTable[3]}) {
    const auto pts = series(row.lysis);
    const LuResult r = lu(pts, LuMethod::kExponential);
    const double best = sse_exponential(pts, r.fit.a, r.fit.b);
    for (double da : {-1e-3, 0.0, 1e-3})
      for (double dk : {-1e-3, 0.0, 1e-3})
        REQUIRE(best <= sse_exponential(pts, std::min(1.0, r.fit.a * (1 + da)), r.fit.b * (1 + dk)) + 1e-15);
    for (int i = 1; i <= 200; ++i)
      for (int j = -60; j <= 20; ++j)
        REQUIRE(best <= sse_exponential(pts, i / 200.0, std::exp(j / 10.0)) + 1e-15);
  }
}

TEST_CASE("exponential fit keeps A in 0 < A <= 1", "[unit]") {
  // Linear growth far above a one-hit curve pushes an unconstrained A beyond 1.
  const LuResult r = lu(series({98, 60, 30, 15}), LuMethod::kExponential);
  REQUIRE(r.fit.a <= 1.0);
  REQUIRE(r.fit.a > 0.0);
  // All lysis negative: A is clamped to its positive floor and the plateau is not reached.
  const LuResult neg = lu(series({-3, -2, -1, -4}), LuMethod::kExponential);
  REQUIRE(neg.status == LuStatus::kNotReached);
}

TEST_CASE("lytic units: not reached when the exponential plateau A <= x", "[unit]") {
  // Lysis saturates near 19 %, with one point just above 20 %.
  const auto pts = series({20.5, 19, 19, 18.5});
  const LuResult r = lu(pts, LuMethod::kExponential);
  CAPTURE(r.fit.a, r.fit.b, r.reason);
  REQUIRE(r.fit.a <= 0.2);
  REQUIRE(r.status == LuStatus::kNotReached);
  REQUIRE(r.bound == Approx(25.0));
  REQUIRE(r.reason.find("plateau") != std::string::npos);
}

TEST_CASE("lytic units: (E:T)x above the highest E:T is not reached", "[unit]") {
  // log_linear puts 20 % at about 72:1 although the 40:1 point has 21 %.
  const LuResult r = lu(series({21, 0, 0, 0}), LuMethod::kLogLinear);
  REQUIRE(r.status == LuStatus::kNotReached);
  REQUIRE(r.bound == Approx(25.0));
  REQUIRE(std::isnan(r.lu));
}

TEST_CASE("lytic units: x already exceeded at the lowest E:T is below range, LU > bound", "[unit]") {
  const auto pts = series({80, 70, 60, 50});
  for (LuMethod m : kAll) {
    CAPTURE(lu_method_name(m));
    const LuResult r = lu(pts, m);
    REQUIRE(r.status == LuStatus::kBelowRange);
    REQUIRE(r.bound == Approx(1e7 / (1e4 * 5)));
    REQUIRE(std::isnan(r.lu));
  }
}

TEST_CASE("lytic units: per-method point exclusions (§7)", "[unit]") {
  // %SL <= 0 and >= 100 are dropped by one_hit and weibull only.
  const auto pts = series({100, 24, 14, -3});
  REQUIRE(lu(pts, LuMethod::kOneHit).fit.points_used == 2);
  REQUIRE(lu(pts, LuMethod::kWeibull).fit.points_used == 2);
  REQUIRE(lu(pts, LuMethod::kLogLinear).fit.points_used == 4);
  REQUIRE(lu(pts, LuMethod::kExponential).fit.points_used == 4);
  // One usable point: one_hit still has a k; weibull needs two E:T ratios.
  const auto one = series({100, 30, 0, -2});
  REQUIRE(lu(one, LuMethod::kOneHit).status != LuStatus::kUndefined);
  REQUIRE(lu(one, LuMethod::kWeibull).status == LuStatus::kUndefined);
}

TEST_CASE("log_interp uses the first bracketing pair scanning up from the lowest E:T", "[unit]") {
  // Non-monotone: 25 % at 5:1, 15 % at 10:1, then up again. The 5-10 pair brackets first.
  const LuResult r = lu(series({40, 30, 15, 25}), LuMethod::kLogInterp);
  REQUIRE(r.status == LuStatus::kValue);
  REQUIRE(r.et_x == Approx(std::sqrt(50.0)).epsilon(1e-12));
  // Exactly x at a tested E:T gives that E:T.
  REQUIRE(lu(series({40, 30, 20, 10}), LuMethod::kLogInterp).et_x == Approx(10.0).epsilon(1e-12));
}

TEST_CASE("lytic units: decreasing or unusable series are undefined with a reason", "[unit]") {
  const LuResult dec = lu(series({10, 20, 30, 40}), LuMethod::kLogLinear);
  REQUIRE(dec.status == LuStatus::kUndefined);
  REQUIRE(dec.reason.find("slope") != std::string::npos);
  REQUIRE(lu({}, LuMethod::kExponential).status == LuStatus::kUndefined);
  const std::vector<DosePoint> bad = {{0, 50}, {-5, 30}, {10, std::nan("")}};
  REQUIRE(lu(bad, LuMethod::kOneHit).status == LuStatus::kUndefined);
  // Non-finite points are ignored and noted; the rest still gives a value.
  auto pts = series({62, 48, 31, 18});
  pts.push_back({80, std::nan("")});
  const LuResult r = lu(pts, LuMethod::kOneHit);
  REQUIRE(r.status == LuStatus::kValue);
  REQUIRE(r.et_x == Approx(lu(series({62, 48, 31, 18}), LuMethod::kOneHit).et_x));
  REQUIRE(r.reason.find("ignored") != std::string::npos);
  REQUIRE(lu(series({62, 48, 31, 18}), LuMethod::kOneHit, 0).status == LuStatus::kUndefined);
}

TEST_CASE("lytic units: input order does not matter, names round-trip", "[unit]") {
  auto pts = series({62, 48, 31, 18});
  std::reverse(pts.begin(), pts.end());
  for (LuMethod m : kAll) {
    REQUIRE(lu(pts, m).et_x == Approx(lu(series({62, 48, 31, 18}), m).et_x).epsilon(1e-12));
    REQUIRE(parse_lu_method(lu_method_name(m)) == m);
  }
  REQUIRE_FALSE(parse_lu_method("pross").has_value());
  REQUIRE(std::string(lu_status_name(LuStatus::kNotReached)) == "not_reached");
}

TEST_CASE("AUC of %SL vs ln(E:T): trapezoid on signed values", "[unit]") {
  // A line in ln(E:T) is integrated exactly by the trapezoid rule.
  const double a = -12.5, b = 9.0;
  std::vector<DosePoint> pts;
  for (double x : {40.0, 5.0, 20.0, 10.0, 2.5}) pts.push_back({x, a + b * std::log(x)});
  const double l0 = std::log(2.5), l1 = std::log(40.0);
  REQUIRE(lysis_auc_ln_et(pts) == Approx(a * (l1 - l0) + b * (l1 * l1 - l0 * l0) / 2).epsilon(1e-12));
  // Negative %SL is not clamped: -2 % to 4 % over one doubling.
  REQUIRE(lysis_auc_ln_et(std::vector<DosePoint>{{10, 4}, {5, -2}}) == Approx(std::log(2.0)).epsilon(1e-12));
  REQUIRE(std::isnan(lysis_auc_ln_et(std::vector<DosePoint>{{10, 4}})));
}
