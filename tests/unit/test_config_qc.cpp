// SPDX-License-Identifier: MIT
// The qc and history config keys: defaults equal QcParams{} / HistoryConfig{}, values read and
// round-trip, ranges and cross-field rules name the key and line.
#include <catch2/catch.hpp>

#include "lysisq/config_io.hpp"
#include "support/config_errors.hpp"
#include "lysisq/errors.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

/// Errors of these sections, after the required schema_version line.
void require_error(const std::string& yaml, std::initializer_list<std::string> parts) {
  test::require_config_error("schema_version: 1\n" + yaml, parts);
}

}  // namespace

TEST_CASE("qc and history keys default to the ASSAY.md limits and the history defaults", "[unit]") {
  const AssayConfig c = config::parse_config("schema_version: 1\n", "run.yaml");
  const QcParams q;
  REQUIRE(c.qc.spont_fail_pct_cell_line == 20);
  REQUIRE(c.qc.spont_fail_pct_autologous == 30);
  REQUIRE(c.qc.cv_warn_pct == 15);
  REQUIRE(c.qc.cv_fail_pct == 20);
  REQUIRE(c.qc.saturation_level == 65535);
  REQUIRE(c.qc.focus_warn_ratio == q.focus_warn_ratio);
  REQUIRE(c.qc.target_only_live_max_ratio == q.target_only_live_max_ratio);
  REQUIRE(c.history.enabled);
  REQUIRE(c.history.db_path.empty());
  REQUIRE(c.history.reference_date.empty());
  REQUIRE(c.history.baseline_runs == 20);
  REQUIRE(c.history.min_runs == 5);
}

TEST_CASE("qc and history keys read from YAML and --set, and round-trip", "[unit]") {
  const std::string yaml =
      "schema_version: 1\n"
      "qc:\n  cv_warn_pct: 12\n  cv_fail_pct: 18.5\n  saturation_level: 4095\n  focus_warn_ratio: 0.4\n"
      "history:\n  db_path: /tmp/x y/h.sqlite\n  reference_effector: LAK-D1\n  reference_date: 2026-01-31\n"
      "  baseline_runs: 10\n  min_runs: 3\n";
  const AssayConfig c = config::parse_config(yaml, "run.yaml", {"history.enabled=false", "qc.z_prime_warn=0.3"});
  REQUIRE(c.qc.cv_warn_pct == 12);
  REQUIRE(c.qc.cv_fail_pct == 18.5);
  REQUIRE(c.qc.saturation_level == 4095);
  REQUIRE(c.qc.focus_warn_ratio == 0.4);
  REQUIRE(c.qc.z_prime_warn == 0.3);
  REQUIRE_FALSE(c.history.enabled);
  REQUIRE(c.history.db_path == "/tmp/x y/h.sqlite");
  REQUIRE(c.history.reference_effector == "LAK-D1");
  REQUIRE(c.history.reference_date == "2026-01-31");
  REQUIRE((c.history.baseline_runs == 10 && c.history.min_runs == 3));
  const std::string text = config::to_yaml(c);
  REQUIRE(config::to_yaml(config::parse_config(text, "resolved_config.yaml")) == text);
  // An empty value (or none) means "use the default".
  const AssayConfig e = config::parse_config("schema_version: 1\nhistory:\n  db_path:\n  reference_target: ''\n", "r");
  REQUIRE((e.history.db_path.empty() && e.history.reference_target.empty()));
}

TEST_CASE("qc and history ranges and cross-field rules", "[unit]") {
  require_error("qc:\n  cv_warn_pct: 25\n", {"run.yaml:3", "qc.cv_warn_pct", "qc.cv_fail_pct", "25"});
  require_error("qc:\n  saturation_warn_pct: 6\n", {"qc.saturation_warn_pct", "qc.saturation_fail_pct"});
  require_error("qc:\n  lysis_warn_min_pct: 105\n", {"qc.lysis_warn_min_pct", "empty"});
  require_error("qc:\n  saturation_level: 0\n", {"qc.saturation_level", "[1, 65535]"});
  require_error("qc:\n  focus_warn_ratio: 2\n", {"qc.focus_warn_ratio"});
  require_error("qc:\n  cv_fial_pct: 20\n", {"qc.cv_fial_pct", "did you mean", "cv_fail_pct"});
  require_error("history:\n  reference_date: 2026-02-30\n", {"run.yaml:3", "history.reference_date", "YYYY-MM-DD"});
  require_error("history:\n  reference_date: yesterday\n", {"history.reference_date"});
  require_error("history:\n  min_runs: 30\n", {"history.min_runs", "history.baseline_runs"});
  require_error("history:\n  enabled: maybe\n", {"history.enabled"});
}
