// SPDX-License-Identifier: MIT
// Result writers: RFC 4180 quoting (checked by an independent parser), column tables, run.json
// keys, and that a failed write never leaves a folder that looks complete.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "lysisq/results.hpp"
#include "support/batch_fixture.hpp"
#include "support/result_table.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;
using test::read_result_table;

namespace {

/// A small result by hand: one experimental well whose target name needs quoting.
PlateRunResult sample_result() {
  PlateRunResult r;
  r.plate_name = "P1";
  r.field_count = 2;
  WellResult w;
  w.assignment.well = *WellId::parse("B03");
  w.assignment.target = "K562, \"clone 2\"";
  w.assignment.effector = "LAK";
  w.assignment.et_ratio = 12.5;
  w.assignment.labels = {{"time", "4h"}};
  w.counts = {w.assignment.well, 2, 30, 10, 15, 5};
  w.dead_targets_pct = 25;
  w.killing_target_loss_pct = 62.5;
  w.specific_death_pct = std::nan("");
  r.quant.wells.push_back(w);
  ConditionResult c;
  c.target = w.assignment.target;
  c.effector = "LAK";
  c.et_ratio = 12.5;
  c.labels = w.assignment.labels;
  c.wells = {w.assignment.well};
  c.live_targets = {1, 15, 0, 0};
  c.killing_target_loss = {1, 62.5, 0, 0};
  r.quant.conditions.push_back(c);
  ObjectRecord o;
  o.well = w.assignment.well;
  o.label = 1;
  o.area_px = 80;
  o.target_mean = 1234.5;
  o.cls = ObjectClass::kLiveTarget;
  r.objects.push_back(o);
  r.thresholds.target = 321.25;
  r.thresholds.dead = std::nan("");
  r.stage_totals_ms = {{"read", 1.5}, {"threshold", 2.0}};
  r.warnings = {"a warning, with a comma"};
  return r;
}

}  // namespace

TEST_CASE("csv_field quotes only what RFC 4180 requires", "[unit]") {
  REQUIRE(io::csv_field("plain") == "plain");
  REQUIRE(io::csv_field("a,b") == "\"a,b\"");
  REQUIRE(io::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  REQUIRE(io::csv_field("two\nlines") == "\"two\nlines\"");
  REQUIRE(io::csv_field("") == "");
}

TEST_CASE("csv_number is locale-free with '.' and empty for NaN", "[unit]") {
  REQUIRE(io::csv_number(0.5) == "0.5");
  REQUIRE(io::csv_number(40) == "40");
  REQUIRE(io::csv_number(-0.0) == "0");
  REQUIRE(io::csv_number(std::nan("")) == "");
  REQUIRE(io::csv_number(1.0 / 3.0) == "0.3333333333");
  REQUIRE(std::stod(io::csv_number(62.123456789)) == Approx(62.123456789));
}

TEST_CASE("wells.csv and conditions.csv follow their column tables and parse back", "[unit]") {
  const PlateRunResult r = sample_result();
  for (int table = 0; table < 2; ++table) {
    CAPTURE(table);
    const std::string text = table == 0 ? io::wells_csv(r) : io::conditions_csv(r);
    const auto t = read_result_table(text, table == 0 ? io::well_columns() : io::condition_columns());
    REQUIRE(t.rows.size() == 2);
    REQUIRE(t.cell(1, "target") == "K562, \"clone 2\"");
    REQUIRE(t.cell(1, "et_ratio") == "12.5");
    REQUIRE(t.cell(1, "labels") == "time=4h");
    if (table == 0) {
      REQUIRE(t.cell(1, "live_targets_n") == "15");
      REQUIRE(t.cell(1, "killing_target_loss_pct") == "62.5");
      REQUIRE(t.cell(1, "specific_death_pct").empty());
    } else {
      REQUIRE(t.cell(1, "killing_target_loss_pct_mean") == "62.5");
      REQUIRE(t.cell(1, "wells") == "B03");
    }
    REQUIRE(text.find(" \n") == std::string::npos);  // no trailing spaces
    REQUIRE(text.find(" ,") == std::string::npos);
  }
}

TEST_CASE("column names are unique snake_case", "[unit]") {
  std::vector<std::string> names;
  for (const auto& c : io::well_columns()) names.emplace_back(c.name);
  for (const auto& c : io::condition_columns()) names.emplace_back(c.name);
  for (const auto& n : io::object_column_names(ChannelParams{}, DeathReadout::kDeadStain)) names.push_back(n);
  for (const auto& n : names) {
    CAPTURE(n);
    REQUIRE(n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos);
  }
  auto objs = io::object_column_names(ChannelParams{}, DeathReadout::kDeadStain);
  REQUIRE(objs.back() == "mean_intensity_w3_au");
  REQUIRE(io::object_column_names(ChannelParams{}, DeathReadout::kCalceinLoss).back() == "mean_intensity_w2_au");
  std::sort(objs.begin(), objs.end());
  REQUIRE(std::adjacent_find(objs.begin(), objs.end()) == objs.end());
}

TEST_CASE("objects.csv rows match its header, with one intensity column per measured channel", "[unit]") {
  const PlateRunResult r = sample_result();
  for (const DeathReadout readout : {DeathReadout::kDeadStain, DeathReadout::kCalceinLoss}) {
    const bool dead_stain = readout == DeathReadout::kDeadStain;
    CAPTURE(dead_stain);
    const auto t = read_result_table(io::objects_csv(r, ChannelParams{}, readout),
                                     io::object_column_names(ChannelParams{}, readout));
    REQUIRE(t.rows.size() == 2);
    REQUIRE(t.cell(1, "plate") == "P1");
    REQUIRE(t.cell(1, "well") == "B03");
    REQUIRE(t.cell(1, "class") == "live_target");
    REQUIRE(t.cell(1, "area_px") == "80");
    REQUIRE(t.cell(1, "mean_intensity_w2_au") == "1234.5");  // the target channel's mean
    REQUIRE(t.cell(1, "mean_intensity_w1_au") == "0");
    REQUIRE(t.names.back() == (dead_stain ? "mean_intensity_w3_au" : "mean_intensity_w2_au"));
  }
}

TEST_CASE("the per-image objects CSV of lysisq segment follows its columns", "[unit]") {
  ObjectMeasurement m;
  m.label = 7;
  m.m.area_px = 12;
  m.m.bbox_x1 = 3;
  m.centroid_x_px = 1.25;
  m.mean_intensity[0] = 99.5;
  const std::vector<ObjectMeasurement> objects = {m, m};
  const auto t = read_result_table(io::field_objects_csv(objects), io::field_object_column_names());
  REQUIRE(t.rows.size() == 3);
  REQUIRE(t.cell(2, "label") == "7");
  REQUIRE(t.cell(2, "area_px") == "12");
  REQUIRE(t.cell(2, "bbox_x1_px") == "3");
  REQUIRE(t.cell(2, "centroid_x_px") == "1.25");
  REQUIRE(t.cell(2, "mean_intensity_au") == "99.5");
}

TEST_CASE("fnv1a64_hex matches the published FNV-1a test vectors", "[unit]") {
  REQUIRE(io::fnv1a64_hex("") == "cbf29ce484222325");
  REQUIRE(io::fnv1a64_hex("a") == "af63dc4c8601ec8c");
  REQUIRE(io::fnv1a64_hex("foobar") == "85944171f73967e8");
}

TEST_CASE("run.json carries provenance, thresholds, timings and warnings", "[unit]") {
  const PlateRunResult r = sample_result();
  io::RunInfo info;
  info.command_line = "lysisq run p --out o";
  info.resolved_config_yaml = "schema_version: 1\n";
  info.device = "cpu";
  const std::vector<std::string> outputs = {"wells.csv", "run.json"};
  const auto j = nlohmann::json::parse(io::run_json(r, info, AssayConfig{}, outputs));
  for (const char* key : {"tool", "command_line", "start_time_utc", "host", "plate", "config", "compute",
                          "counts", "classification", "stage_timings", "warnings", "outputs", "complete"})
    REQUIRE(j.contains(key));
  REQUIRE(j["tool"]["version"].is_string());
  REQUIRE(j["config"]["resolved_fnv1a64"] == io::fnv1a64_hex(info.resolved_config_yaml));
  REQUIRE(j["classification"]["target_threshold_au"] == 321.25);
  REQUIRE(j["classification"]["dead_threshold_au"].is_null());
  REQUIRE(j["stage_timings"][0]["stage"] == "read");
  REQUIRE(j["counts"]["objects"] == 1);
  REQUIRE(j["counts"]["fields"] == 2);
  REQUIRE(j["warnings"][0] == "a warning, with a comma");
}

TEST_CASE("write_results writes every file and run.json last", "[unit]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "nested" / "out";
  AssayConfig cfg;
  cfg.output.objects_csv = true;
  io::RunInfo info;
  info.resolved_config_yaml = "schema_version: 1\n";
  const auto written = io::write_results(out, sample_result(), info, cfg);
  REQUIRE(written.back() == "run.json");
  for (const auto& name : {"wells.csv", "conditions.csv", "objects.csv", "resolved_config.yaml", "run.json"})
    REQUIRE(fs::exists(out / name));
  REQUIRE(test::read_text(out / "resolved_config.yaml") == info.resolved_config_yaml);
  // A rerun without objects removes the stale objects.csv.
  cfg.output.objects_csv = false;
  io::write_results(out, sample_result(), info, cfg);
  REQUIRE_FALSE(fs::exists(out / "objects.csv"));
}

TEST_CASE("a failed write removes the previous run.json", "[unit]") {
  test::TempDir tmp;
  io::RunInfo info;
  io::write_results(tmp.path(), sample_result(), info, AssayConfig{});
  REQUIRE(fs::exists(tmp.path() / "run.json"));
  fs::remove(tmp.path() / "conditions.csv");
  fs::create_directory(tmp.path() / "conditions.csv");  // cannot be replaced by a file
  fs::create_directory(tmp.path() / "conditions.csv" / "blocker");
  REQUIRE_THROWS_AS(io::write_results(tmp.path(), sample_result(), info, AssayConfig{}), Error);
  REQUIRE_FALSE(fs::exists(tmp.path() / "run.json"));
}
