// SPDX-License-Identifier: MIT
// Release %SL, control numbers, Z' and the MAD rule: ASSAY.md §5 vector A, QC example, Z' vector,
// §7 conventions, and degenerate inputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "lysisq/release.hpp"

using namespace lysisq::assay;

namespace {

const ReleaseControls kVectorA{{520, 480, 500}, {5100, 4900, 5000}, {}};

/// Oracle for the SD of %SL: the sample SD of the per-well %SL values (ASSAY-DOMAIN §2.3 lists them).
double per_well_sd_pct(const std::vector<double>& e, double s, double m) {
  std::vector<double> sl;
  for (double v : e) sl.push_back((v - s) / (m - s) * 100.0);
  double mean = 0, ss = 0;
  for (double v : sl) mean += v / static_cast<double>(sl.size());
  for (double v : sl) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(sl.size() - 1));
}

}  // namespace

TEST_CASE("release vector A: %SL and SD of %SL at 40/20/10/5, %spont 10 %", "[unit]") {
  const ControlSummary c = summarize_controls(kVectorA);
  REQUIRE(c.reason.empty());
  REQUIRE(c.spontaneous.mean == Approx(500));
  REQUIRE(c.maximum.mean == Approx(5000));
  REQUIRE(c.spontaneous.cv_pct == Approx(4.0));
  REQUIRE(c.maximum.cv_pct == Approx(2.0));
  REQUIRE(c.background_cpm == 0);
  REQUIRE(c.spont_pct == Approx(10.0).epsilon(1e-12));
  REQUIRE(c.net_max_cpm == Approx(5000));
  REQUIRE(c.window_ratio == Approx(10.0));
  struct Row {
    std::vector<double> cpm;
    double mean, sl, sd;
  };
  const Row rows[] = {{{2300, 2250, 2350}, 2300, 40.000, 1.111},
                      {{1650, 1700, 1600}, 1650, 25.556, 1.111},
                      {{1100, 1150, 1050}, 1100, 13.333, 1.111},
                      {{760, 800, 790}, 783.33, 6.296, 0.463}};
  for (const Row& row : rows) {
    CAPTURE(row.mean);
    const ReleaseResult r = specific_release(row.cpm, c);
    REQUIRE(r.reason.empty());
    REQUIRE(r.experimental.n == 3);
    REQUIRE(r.experimental.mean == Approx(row.mean).margin(0.005));
    REQUIRE(r.lysis_pct == Approx(row.sl).margin(0.0005));
    REQUIRE(r.lysis_sd_pct == Approx(row.sd).margin(0.0005));
    // %SL of the mean equals the mean of per-well %SL, and SD(E)/(M-S) their sample SD.
    REQUIRE(r.lysis_sd_pct == Approx(per_well_sd_pct(row.cpm, 500, 5000)).epsilon(1e-12));
    REQUIRE(std::isnan(r.lysis_sd_delta_pct));  // not requested
    REQUIRE_FALSE(r.above_max_flag);
    REQUIRE_FALSE(r.below_min_flag);
  }
}

TEST_CASE("release QC example: S = 1500 with M = 5000 gives %spont 30 %", "[unit]") {
  const ControlSummary c = summarize_controls({{1500, 1450, 1550}, {5000, 5100, 4900}, {}});
  REQUIRE(c.spont_pct == Approx(30.0).epsilon(1e-12));
  REQUIRE(c.spont_pct > 20.0);  // beyond the 20 % cell-line limit of ASSAY.md §4
}

TEST_CASE("Z' of the §5 control vector is 0.8963", "[unit]") {
  const std::vector<double> max = {5000, 5200, 4800, 5100, 4900, 5000};
  const std::vector<double> spont = {500, 520, 480, 510, 490, 500};
  REQUIRE(z_prime(max, spont) == Approx(0.8963).margin(5e-5));
  REQUIRE(z_prime(max, spont) == Approx(1.0 - 3.0 * (std::sqrt(2e4) + std::sqrt(2e2)) / 4500.0));
  REQUIRE(summarize_controls({spont, max, {}}).z_prime == Approx(z_prime(max, spont)));
  REQUIRE(std::isnan(z_prime(std::vector<double>{5000}, spont)));
  REQUIRE(std::isnan(z_prime(spont, spont)));
}

TEST_CASE("background: cancels in %SL, used for %spont, net maximum and window", "[unit]") {
  const ControlSummary c = summarize_controls({{520, 480, 500}, {5100, 4900, 5000}, {90, 110, 100}});
  REQUIRE(c.background_cpm == Approx(100));
  REQUIRE(c.spont_pct == Approx(400.0 / 4900.0 * 100.0));
  REQUIRE(c.net_max_cpm == Approx(4900));
  REQUIRE(c.window_ratio == Approx(4900.0 / 400.0));
  const std::vector<double> e = {2300, 2250, 2350};
  REQUIRE(specific_release(e, c).lysis_pct == Approx(40.0).epsilon(1e-12));
}

TEST_CASE("non-isotopic release subtracts the effector-only control", "[unit]") {
  const ControlSummary c = summarize_controls(kVectorA);
  const std::vector<double> e = {2300, 2250, 2350}, eff = {190, 210, 200};
  const ReleaseResult r = specific_release(e, c, {}, eff);
  REQUIRE(r.effector_only.n == 3);
  REQUIRE(r.lysis_pct == Approx((2300.0 - 200.0 - 500.0) / 4500.0 * 100.0));
  REQUIRE(r.lysis_sd_pct == Approx(50.0 / 4500.0 * 100.0));
}

TEST_CASE("negative %SL stays signed, > 100 and < -10 are flagged", "[unit]") {
  const ControlSummary c = summarize_controls(kVectorA);
  const ReleaseResult neg = specific_release(std::vector<double>{300, 320, 340}, c);
  REQUIRE(neg.lysis_pct == Approx((320.0 - 500.0) / 4500.0 * 100.0));  // -4 %: kept, not flagged
  REQUIRE_FALSE(neg.below_min_flag);
  const ReleaseResult very_neg = specific_release(std::vector<double>{10, 20, 30}, c);
  REQUIRE(very_neg.lysis_pct < -10);
  REQUIRE(very_neg.below_min_flag);
  const ReleaseResult over = specific_release(std::vector<double>{5200, 5300, 5400}, c);
  REQUIRE(over.lysis_pct > 100);
  REQUIRE(over.above_max_flag);
  // Exactly at a limit is not flagged (the limit itself passes).
  const ReleaseResult at_max = specific_release(std::vector<double>{5000}, c);
  REQUIRE(at_max.lysis_pct == Approx(100.0));
  REQUIRE_FALSE(at_max.above_max_flag);
}

TEST_CASE("delta-method SD matches numeric error propagation", "[unit]") {
  const ControlSummary c = summarize_controls({{540, 470, 490}, {5300, 4800, 5050}, {}});
  const std::vector<double> e = {2300, 2200, 2420};
  ReleaseParams p;
  p.delta_method_sd = true;
  const ReleaseResult r = specific_release(e, c, p);
  // Oracle: central differences of %SL(E, S, M), combined with var(E) of a well and var of the
  // control means.
  const double em = r.experimental.mean, s = c.spontaneous.mean, m = c.maximum.mean, h = 1e-3;
  const auto f = [](double E, double S, double M) { return (E - S) / (M - S) * 100.0; };
  const double de = (f(em + h, s, m) - f(em - h, s, m)) / (2 * h);
  const double ds = (f(em, s + h, m) - f(em, s - h, m)) / (2 * h);
  const double dm = (f(em, s, m + h) - f(em, s, m - h)) / (2 * h);
  const double var = de * de * r.experimental.sd * r.experimental.sd +
                     ds * ds * c.spontaneous.sd * c.spontaneous.sd / 3.0 +
                     dm * dm * c.maximum.sd * c.maximum.sd / 3.0;
  REQUIRE(r.lysis_sd_delta_pct == Approx(std::sqrt(var)).epsilon(1e-6));
  REQUIRE(r.lysis_sd_delta_pct > r.lysis_sd_pct);
  // Controls without spread: the delta SD reduces to SD(E)/(M-S).
  const ControlSummary exact = summarize_controls({{500, 500}, {5000, 5000}, {}});
  const ReleaseResult r0 = specific_release(e, exact, p);
  REQUIRE(r0.lysis_sd_delta_pct == Approx(r0.lysis_sd_pct).epsilon(1e-12));
}

TEST_CASE("MAD rule: drops at most one clear outlier and reports it", "[unit]") {
  const ControlSummary c = summarize_controls(kVectorA);
  ReleaseParams p;
  p.outliers.enabled = true;
  const std::vector<double> e = {2300, 2250, 5000};
  const ReleaseResult r = specific_release(e, c, p);
  REQUIRE(r.exclusions.size() == 1);
  REQUIRE(r.exclusions[0].group == "experimental");
  REQUIRE(r.exclusions[0].index == 2);
  REQUIRE(r.exclusions[0].value == 5000);
  REQUIRE(r.exclusions[0].robust_z == Approx(0.6745 * 2700.0 / 50.0));
  REQUIRE(r.experimental.n == 2);
  REQUIRE(r.lysis_pct == Approx((2275.0 - 500.0) / 4500.0 * 100.0));
  // Disabled: nothing is dropped.
  REQUIRE(specific_release(e, c).exclusions.empty());
  REQUIRE(specific_release(e, c).experimental.n == 3);
  // Never more than one per group, never from fewer than 3.
  const ScreenedGroup two_bad = screen_outliers(std::vector<double>{100, 101, 99, 100, 900, 950}, "g", p.outliers);
  REQUIRE(two_bad.excluded.size() == 1);
  REQUIRE(two_bad.excluded[0].value == 950);
  REQUIRE(screen_outliers(std::vector<double>{100, 900}, "g", p.outliers).excluded.empty());
}

TEST_CASE("MAD rule keeps ordinary triplicates, including two equal counts", "[unit]") {
  OutlierParams p;
  p.enabled = true;
  for (const auto& g : {std::vector<double>{2300, 2250, 2350}, std::vector<double>{760, 800, 790},
                        std::vector<double>{500, 500, 520}}) {
    const ScreenedGroup s = screen_outliers(g, "experimental", p);
    REQUIRE(s.excluded.empty());
    REQUIRE(s.kept == g);
  }
  // Vector A is unchanged with the rule on; a bad control well is dropped and reported.
  const ControlSummary c = summarize_controls({{520, 480, 500}, {5100, 4900, 900}, {}}, p);
  REQUIRE(c.exclusions.size() == 1);
  REQUIRE(c.exclusions[0].group == "maximum");
  REQUIRE(c.maximum.mean == Approx(5000));
}

TEST_CASE("degenerate release inputs give NaN and a reason, never a crash", "[unit]") {
  const std::vector<double> e = {2300, 2250, 2350};
  const ControlSummary flat = summarize_controls({{500, 500}, {500, 500}, {}});
  const ReleaseResult r1 = specific_release(e, flat);
  REQUIRE(std::isnan(r1.lysis_pct));
  REQUIRE_FALSE(r1.reason.empty());
  REQUIRE(std::isnan(flat.z_prime));
  const ControlSummary none = summarize_controls({});
  REQUIRE_FALSE(none.reason.empty());
  REQUIRE(std::isnan(none.spont_pct));
  const ReleaseResult r2 = specific_release(e, none);
  REQUIRE(std::isnan(r2.lysis_pct));
  REQUIRE(r2.reason.find("spontaneous") != std::string::npos);
  const ReleaseResult r3 = specific_release(std::vector<double>{}, summarize_controls(kVectorA));
  REQUIRE(std::isnan(r3.lysis_pct));
  REQUIRE(r3.reason.find("experimental") != std::string::npos);
  // A single replicate: %SL defined, its SD not.
  const ReleaseResult r4 = specific_release(std::vector<double>{2300}, summarize_controls(kVectorA));
  REQUIRE(r4.lysis_pct == Approx(40.0));
  REQUIRE(std::isnan(r4.lysis_sd_pct));
  // Spontaneous equal to background: window ratio undefined, the rest defined.
  const ControlSummary sb = summarize_controls({{100, 100}, {5000, 5000}, {100}});
  REQUIRE(std::isnan(sb.window_ratio));
  REQUIRE(sb.spont_pct == Approx(0.0));
  REQUIRE_FALSE(sb.reason.empty());
}
