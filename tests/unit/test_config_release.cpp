// SPDX-License-Identifier: MIT
// The chromium, release, lytic-unit and selectivity config keys: the example loads, ranges and
// cross-field rules reject what the analysis cannot use, spellings match the assay library, and
// load_config_traced reports which keys were given.
#include <catch2/catch.hpp>

#include "lysisq/config_io.hpp"
#include "support/config_errors.hpp"
#include "lysisq/errors.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

const std::string kSource = LYSISQ_SOURCE_DIR;

/// Errors of these sections, after the required schema_version line.
void require_error(const std::string& yaml, std::initializer_list<std::string> parts) {
  test::require_config_error("schema_version: 1\n" + yaml, parts);
}

}  // namespace

TEST_CASE("configs/examples/chromium_release_96.yaml loads", "[unit]") {
  const AssayConfig c = config::load_config(kSource + "/configs/examples/chromium_release_96.yaml");
  REQUIRE(c.assay == "chromium");
  REQUIRE(c.chromium.counter.format == CounterFormat::kList);
  REQUIRE(c.chromium.counter.cpm_column == "CCPM1");
  REQUIRE(c.chromium.counter.delimiter == "tab");
  REQUIRE(c.release.outliers.enabled);
  REQUIRE(c.chromium.plate_image.calibration_slope == 0.05);
}

TEST_CASE("release, lytic unit and selectivity keys read and round-trip", "[unit]") {
  const AssayConfig c = config::parse_config(
      "schema_version: 1\nassay: chromium\nlytic_units: {method: log_interp, lysis_pct: 30, per_exponent: 6}\n"
      "selectivity: {min_lysis_pct: 15, min_ratio: 3}\nrelease: {flag_above_pct: 105, outliers: {min_n: 4}}\n"
      "chromium: {counter: {well_column: 'Well ID', format: matrix}}\n",
      "run.yaml");
  REQUIRE(c.lytic_units.method == assay::LuMethod::kLogInterp);
  REQUIRE(c.lytic_units.lysis_pct == 30);
  REQUIRE(c.lytic_units.per_exponent == 6);
  REQUIRE(c.selectivity.min_ratio == 3);
  REQUIRE(c.release.outliers.min_n == 4);
  REQUIRE(c.chromium.counter.well_column == "Well ID");
  const std::string text = config::to_yaml(c);
  REQUIRE(config::to_yaml(config::parse_config(text, "resolved")) == text);
}

TEST_CASE("LU method spellings are the assay library's", "[unit]") {
  for (auto m : {assay::LuMethod::kExponential, assay::LuMethod::kOneHit, assay::LuMethod::kWeibull,
                 assay::LuMethod::kLogLinear, assay::LuMethod::kLogInterp}) {
    const std::string name = assay::lu_method_name(m);
    CAPTURE(name);
    REQUIRE(config::parse_config("schema_version: 1\nlytic_units: {method: " + name + "}\n", "x").lytic_units.method == m);
  }
}

TEST_CASE("chromium and lytic-unit ranges and cross-field rules", "[unit]") {
  require_error("lytic_units: {lysis_pct: 100}\n", {"lytic_units.lysis_pct", "(0, 100)"});
  require_error("lytic_units: {lysis_pct: 0}\n", {"lytic_units.lysis_pct"});
  require_error("lytic_units: {per_exponent: 2}\n", {"lytic_units.per_exponent", "[3, 9]"});
  require_error("lytic_units: {per_exponent: 10}\n", {"per_exponent"});
  require_error("lytic_units: {method: probit}\n", {"exponential, one_hit, weibull, log_linear, log_interp"});
  require_error("selectivity: {min_ratio: 1}\n", {"selectivity.min_ratio", "(1, 1000]"});
  require_error("chromium: {plate_image: {annulus_outer_frac: 0.6}}\n", {"annulus_outer_frac", "0.5"});
  require_error("chromium: {plate_image: {annulus_inner_frac: 0.49, annulus_outer_frac: 0.45}}\n",
                {"run.yaml:2", "annulus_inner_frac", "annulus_outer_frac"});
  require_error("chromium: {plate_image: {disc_radius_frac: 0.42}}\n", {"disc_radius_frac", "annulus_inner_frac"});
  require_error("chromium: {counter: {delimiter: pipe}}\n", {"auto, comma, tab, semicolon"});
  require_error("chromium: {counter: {cpm_column: ''}}\n", {"chromium.counter.cpm_column", "empty"});
  require_error("release: {flag_below_pct: 200}\n", {"release.flag_below_pct", "flag_above_pct"});
  require_error("release: {outliers: {min_n: 2}}\n", {"release.outliers.min_n"});
  require_error("assay: elisa\n", {"fluorescence, chromium"});
}

TEST_CASE("load_config_traced says where each given key came from", "[unit]") {
  const auto none = config::load_config_traced("", {});
  REQUIRE(none.given.empty());
  const auto set = config::load_config_traced("", {"assay=chromium"});
  REQUIRE(set.config.assay == "chromium");
  REQUIRE(set.given.at("assay") == "--set");
  const auto file = config::load_config_traced(kSource + "/configs/examples/chromium_release_96.yaml", {});
  REQUIRE_THAT(file.given.at("assay"), Contains("chromium_release_96.yaml:4"));
  REQUIRE(file.given.count("lytic_units.method") == 1);
  REQUIRE(file.given.count("compute.backend") == 0);
}
