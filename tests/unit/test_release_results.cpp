// SPDX-License-Identifier: MIT
// Release and dose-response result files: every table follows its column table and parses back,
// run.json carries the same rows, and write_release_results writes run.json last and clears the
// other readout's stale files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "lysisq/results.hpp"
#include "support/release_plate.hpp"
#include "support/result_table.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;
using test::read_result_table;

namespace {

/// Vector A plus an outlier rule that fires on A02, and cold-target wells for cold_target.csv.
ReleaseRunResult sample_run(bool with_cold) {
  test::HandPlate p = test::vector_a_plate();
  p.cpm[*WellId::parse("A02")] = 9000;
  if (with_cold)
    p.add(WellRole::kExperimental, "K562", "LAK-1", 40, {"B01", "B02", "B03"}, {1400, 1400, 1400},
          {{"cold_target", "K562, unlabelled"}, {"cold_ratio", "20"}});
  p.finish();
  AssayConfig cfg;
  cfg.release.outliers.enabled = true;
  return run_release({"counts.csv", "counter_file", p.cpm, {"note"}, std::nullopt}, p.layout, cfg);
}

}  // namespace

TEST_CASE("release wells, conditions and controls tables parse back with units in the names", "[unit]") {
  const ReleaseRunResult r = sample_run(false);
  const auto wells = read_result_table(io::release_wells_csv(r), io::release_well_columns());
  REQUIRE(wells.rows.size() == 19);
  for (std::size_t i = 1; i < wells.rows.size(); ++i)
    REQUIRE(wells.cell(i, "excluded") == (wells.cell(i, "well") == "A02" ? "1" : "0"));
  REQUIRE(wells.cell(2, "cpm") == "9000");

  const auto cond = read_result_table(io::release_conditions_csv(r), io::release_condition_columns());
  REQUIRE(cond.rows.size() == 5);
  REQUIRE(cond.cell(1, "et_ratio") == "40");
  REQUIRE(cond.cell(1, "excluded_wells") == "A02");
  REQUIRE(cond.cell(1, "cpm_n") == "2");
  REQUIRE(std::stod(cond.cell(1, "lysis_pct")) == Approx((2325.0 - 500) / 45));
  REQUIRE(std::stod(cond.cell(2, "lysis_pct")) == Approx(25.556).margin(5e-4));
  REQUIRE(std::stod(cond.cell(4, "lysis_sd_pct")) == Approx(0.463).margin(5e-4));
  REQUIRE(cond.cell(4, "effector_only_cpm_mean").empty());
  for (const char* name : {"cpm_mean", "cpm_sd", "cpm_cv_pct", "lysis_pct", "lysis_sd_pct", "flags"})
    REQUIRE_NOTHROW(cond.cell(1, name));

  const auto ctl = read_result_table(io::controls_csv(r), io::control_columns());
  REQUIRE(ctl.rows.size() == 2);
  REQUIRE(ctl.cell(1, "target") == "K562");
  REQUIRE(std::stod(ctl.cell(1, "spont_pct")) == Approx(10));
  REQUIRE(std::stod(ctl.cell(1, "net_max_cpm")) == Approx(4500 + 500));
  REQUIRE(std::stod(ctl.cell(1, "window_ratio")) == Approx(10));
  REQUIRE(ctl.cell(1, "spontaneous_wells") == "H01 H02 H03");
}

TEST_CASE("lytic_units, selectivity and cold_target tables", "[unit]") {
  const ReleaseRunResult r = sample_run(true);
  const auto lu = read_result_table(io::lytic_units_csv(r.plate_name, r.dose_response), io::lytic_unit_columns());
  REQUIRE(lu.rows.size() == 3);  // with and without cold targets
  REQUIRE(lu.cell(1, "method") == "exponential");
  REQUIRE(lu.cell(1, "lysis_x_pct") == "20");
  REQUIRE(lu.cell(1, "per_effectors") == "10000000");
  REQUIRE(lu.cell(1, "lysis_measure") == "specific_release");
  // Labels sort by key; the cold series has one point (E:T 40), the plain one four.
  const std::size_t cold = lu.cell(1, "labels").empty() ? 2 : 1;
  REQUIRE(lu.cell(cold, "labels") == "cold_ratio=20;cold_target=K562, unlabelled");
  REQUIRE(lu.cell(3 - cold, "status") == "value");
  REQUIRE(lu.cell(3 - cold, "lu_bound_kind").empty());
  REQUIRE(std::stod(lu.cell(3 - cold, "lu")) > 0);

  const auto sel = read_result_table(io::selectivity_csv(r.plate_name, r.dose_response), io::selectivity_columns());
  REQUIRE(sel.rows.size() == 2);  // one effector, no autologous-vs-line pair: one row
  REQUIRE(sel.cell(1, "effector") == "LAK-1");
  REQUIRE_FALSE(sel.cell(1, "pattern").empty());
  REQUIRE_FALSE(sel.cell(1, "explanation").empty());
  REQUIRE(sel.cell(1, "lu_ratio").empty());

  const auto ct = read_result_table(io::cold_target_csv(r.plate_name, r.dose_response), io::cold_target_columns());
  REQUIRE(ct.rows.size() == 2);
  REQUIRE(ct.cell(1, "cold_target") == "K562, unlabelled");
  const double with = (1400.0 - 500) / 45, without = (2325.0 - 500) / 45;
  REQUIRE(std::stod(ct.cell(1, "inhibition_pct")) == Approx((1 - with / without) * 100));
}

TEST_CASE("column names of the release and dose-response tables are unique snake_case", "[unit]") {
  for (const auto cols : {io::release_well_columns(), io::release_condition_columns(), io::control_columns(),
                          io::lytic_unit_columns(), io::selectivity_columns(), io::cold_target_columns()}) {
    std::vector<std::string> names;
    for (const auto& c : cols) {
      CAPTURE(c.name);
      REQUIRE(c.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos);
      REQUIRE_FALSE(c.description.empty());
      names.emplace_back(c.name);
    }
    std::sort(names.begin(), names.end());
    REQUIRE(std::adjacent_find(names.begin(), names.end()) == names.end());
  }
}

TEST_CASE("release run.json holds the input, every table and the warnings", "[unit]") {
  const ReleaseRunResult r = sample_run(true);
  io::RunInfo info;
  info.resolved_config_yaml = "schema_version: 1\n";
  const std::vector<std::string> outputs = {"wells.csv", "run.json"};
  const auto j = nlohmann::json::parse(io::release_run_json(r, info, AssayConfig{}, outputs));
  for (const char* key : {"tool", "config", "assay", "plate", "input", "settings", "wells", "controls", "conditions",
                          "exclusions", "dose_response", "warnings", "outputs", "complete"})
    REQUIRE(j.contains(key));
  REQUIRE(j["assay"] == "chromium");
  REQUIRE(j["input"]["file"] == "counts.csv");
  REQUIRE(j["input"]["kind"] == "counter_file");
  REQUIRE(j["wells"].size() == r.quant.wells.size());
  REQUIRE(j["conditions"][0]["lysis_pct"].get<double>() == Approx(r.quant.conditions[0].release.lysis_pct));
  REQUIRE(j["exclusions"][0]["well"] == "A02");
  REQUIRE(j["dose_response"]["lytic_units"].size() == 2);
  REQUIRE(j["dose_response"]["cold_target"].size() == 1);
  REQUIRE(j["dose_response"]["selectivity"][0]["targets"][0]["target"] == "K562");
  REQUIRE(j["controls"][0]["z_prime"].is_number());
  REQUIRE(j["conditions"][0]["effector_only_cpm_mean"].is_null());  // NaN -> null
  bool warned = false;
  for (const auto& w : j["warnings"]) warned = warned || w.get<std::string>().find("A02") != std::string::npos;
  REQUIRE(warned);  // the exclusion is in the log as well as in the tables
}

TEST_CASE("run.json rows equal the CSV rows of the release, dose-response and QC tables", "[unit]") {
  const ReleaseRunResult r = sample_run(true);
  REQUIRE_FALSE(r.qc.empty());
  const auto j = nlohmann::json::parse(io::release_run_json(r, io::RunInfo{}, AssayConfig{}, {}));
  const auto& dose = j["dose_response"];
  const std::string& plate = r.plate_name;
  test::require_same_rows(read_result_table(io::release_wells_csv(r), io::release_well_columns()), j["wells"]);
  test::require_same_rows(read_result_table(io::controls_csv(r), io::control_columns()), j["controls"]);
  test::require_same_rows(read_result_table(io::release_conditions_csv(r), io::release_condition_columns()),
                          j["conditions"]);
  test::require_same_rows(read_result_table(io::lytic_units_csv(plate, r.dose_response), io::lytic_unit_columns()),
                          dose["lytic_units"]);
  test::require_same_rows(read_result_table(io::cold_target_csv(plate, r.dose_response), io::cold_target_columns()),
                          dose["cold_target"]);
  test::require_same_rows(read_result_table(io::qc_csv(r.qc), io::qc_columns()), j["qc"]["results"]);
}

TEST_CASE("write_release_results writes run.json last and clears the other readout's files", "[unit]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "out";
  fs::create_directories(out);
  for (const char* stale : {"objects.csv", "cold_target.csv", "run.json"}) std::ofstream(out / stale) << "old";
  io::RunInfo info;
  info.resolved_config_yaml = "schema_version: 1\n";
  const auto written = io::write_release_results(out, sample_run(false), info, AssayConfig{});
  REQUIRE(written.back() == "run.json");
  for (const char* name : {"wells.csv", "conditions.csv", "controls.csv", "lytic_units.csv", "selectivity.csv",
                           "resolved_config.yaml", "run.json"})
    REQUIRE(fs::exists(out / name));
  REQUIRE_FALSE(fs::exists(out / "objects.csv"));
  REQUIRE_FALSE(fs::exists(out / "cold_target.csv"));  // no cold-target conditions this time
  io::write_release_results(out, sample_run(true), info, AssayConfig{});
  REQUIRE(fs::exists(out / "cold_target.csv"));
}
