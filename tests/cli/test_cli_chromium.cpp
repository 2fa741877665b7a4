// SPDX-License-Identifier: MIT
// `lysisq run` on 51Cr inputs as a user meets it: a counter file gives every result file; a
// readout mismatch, a layout without controls, missing wells, a non-numeric count, a blank plate
// image or an unknown input is exit 2 with one line naming the culprit, and no run.json.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/io.hpp"
#include "support/release_plate.hpp"
#include "support/temp_dir.hpp"
#include "support/read_text.hpp"

using namespace lysisq;
using test::require_one_error_line;
using test::run_lysisq;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// A counter list export of `cpm` with a two-line instrument preamble.
std::string counts_csv(const WellCpm& cpm) {
  std::string s = "Instrument: test counter\nCount time: 1.0 min\nWell,CPM\n";
  for (const auto& [well, v] : cpm) s += well.str() + "," + std::to_string(static_cast<long long>(v)) + "\n";
  return s;
}

struct Files {
  fs::path layout, counts;
};

/// Vector A's layout and counts written into `tmp`, with `edit` applied to the plate first.
template <class Edit>
Files write_plate(const test::TempDir& tmp, Edit edit) {
  test::HandPlate p = test::vector_a_plate();
  edit(p);
  return {tmp.write("layout.yaml", config::layout_to_yaml(p.layout)), tmp.write("counts.csv", counts_csv(p.cpm))};
}
Files write_plate(const test::TempDir& tmp) {
  return write_plate(tmp, [](test::HandPlate&) {});
}

test::CliResult run_input(const test::TempDir& tmp, const fs::path& input, const fs::path& layout,
                          std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", input.string(), "--layout", layout.string(), "--out", (tmp / "out").string(),
                                   "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_lysisq(args, tmp / "scratch");
}

void require_no_result(const test::TempDir& tmp) {
  REQUIRE_FALSE(fs::exists(tmp / "out" / "run.json"));
  REQUIRE_FALSE(fs::exists(tmp / "out" / "conditions.csv"));
}

}  // namespace

TEST_CASE("cli: a counter file gives every release result file, run.json last", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp);
  const auto r = run_input(tmp, f.counts, f.layout);
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  for (const char* name : {"wells.csv", "conditions.csv", "controls.csv", "lytic_units.csv", "selectivity.csv",
                           "resolved_config.yaml", "run.json"})
    REQUIRE(fs::exists(tmp / "out" / name));
  REQUIRE_FALSE(fs::exists(tmp / "out" / "objects.csv"));
  REQUIRE_FALSE(fs::exists(tmp / "out" / "cold_target.csv"));
  // Left at its default, `assay` follows the input, and the resolved config says so.
  REQUIRE(contains(test::read_text(tmp / "out" / "resolved_config.yaml"), "assay: chromium"));
  const auto j = nlohmann::json::parse(std::ifstream(tmp / "out" / "run.json"));
  REQUIRE(j["complete"] == true);
  REQUIRE(j["input"]["kind"] == "counter_file");
  REQUIRE(j["outputs"].back() == "run.json");
  REQUIRE(j["conditions"].size() == 4);
  for (std::size_t i = 0; i < 4; ++i)
    REQUIRE(j["conditions"][i]["lysis_pct"].get<double>() == Approx(test::kVectorALysisPct[i]).margin(5e-4));
  REQUIRE(j["controls"][0]["spont_pct"].get<double>() == Approx(10.0));
}

TEST_CASE("cli: assay given explicitly and contradicting the input is exit 2", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp);
  const auto r = run_input(tmp, f.counts, f.layout, {"--set", "assay=fluorescence"});
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"assay", "fluorescence", "counter file", "counts.csv"});
  require_no_result(tmp);

  const auto cfg = tmp.write("chromium.yaml", "schema_version: 1\nassay: chromium\n");
  const fs::path folder = tmp / "images";
  fs::create_directories(folder);
  const auto r2 = run_input(tmp, folder, f.layout, {"--config", cfg.string()});
  REQUIRE(r2.status == 2);
  require_one_error_line(r2, {"chromium.yaml:2", "assay", "folder"});
  require_no_result(tmp);
  // The matching explicit setting runs.
  REQUIRE(run_input(tmp, f.counts, f.layout, {"--config", cfg.string()}).status == 0);
}

TEST_CASE("cli: a layout target without maximum wells is exit 2 naming the layout", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp, [](test::HandPlate& p) {
    std::erase_if(p.layout.wells, [](const WellAssignment& a) { return a.role == WellRole::kMaximum; });
  });
  const auto r = run_input(tmp, f.counts, f.layout);
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"layout.yaml", "K562", "maximum"});
  require_no_result(tmp);
}

TEST_CASE("cli: a counter file missing layout wells is exit 2 naming the file and wells", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp, [](test::HandPlate& p) { p.cpm.erase(*WellId::parse("A07")); });
  const auto r = run_input(tmp, f.counts, f.layout);
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"counts.csv", "A07"});
  require_no_result(tmp);
}

TEST_CASE("cli: a non-numeric count is exit 2 naming the file", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp);
  std::string text = test::read_text(f.counts);
  text.replace(text.find("A05,") + 4, 4, "12x4");
  tmp.write("counts.csv", text);
  const auto r = run_input(tmp, f.counts, f.layout);
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"counts.csv"});
  require_no_result(tmp);
}

TEST_CASE("cli: a blank plate image is exit 2 naming the image", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp);
  Image<u16> blank(420, 300);
  io::write_tiff_u16(tmp / "scan.tif", blank.cview());
  const auto r = run_input(tmp, tmp / "scan.tif", f.layout);
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"scan.tif"});
  require_no_result(tmp);
}

TEST_CASE("cli: an input that is neither folder, counter file nor plate image is exit 2", "[cli]") {
  test::TempDir tmp;
  const Files f = write_plate(tmp);
  const auto xlsx = tmp.write("counts.xlsx", "PK");
  const auto r = run_input(tmp, xlsx, f.layout);
  REQUIRE(r.status == 2);
  require_one_error_line(r, {"counts.xlsx", ".csv"});
  const auto missing = run_input(tmp, tmp / "nowhere.csv", f.layout);
  REQUIRE(missing.status == 2);
  require_one_error_line(missing, {"nowhere.csv"});
  require_no_result(tmp);
}

TEST_CASE("cli: a fluorescence run also writes lytic_units.csv and selectivity.csv", "[cli]") {
  test::TempDir tmp;
  const fs::path plate = tmp / "plate";
  test::copy_plate(test::shared_small_plate(), plate);
  // A stale release file in the reused output folder must not survive.
  fs::create_directories(tmp / "out");
  std::ofstream(tmp / "out" / "controls.csv") << "old";
  const auto r = run_input(tmp, plate, plate / "layout.yaml", {"--backend", "cpu"});
  CAPTURE(r.err);
  REQUIRE(test::run_completed(r));
  for (const char* name : {"wells.csv", "conditions.csv", "lytic_units.csv", "selectivity.csv", "run.json"})
    REQUIRE(fs::exists(tmp / "out" / name));
  REQUIRE_FALSE(fs::exists(tmp / "out" / "controls.csv"));
  const auto j = nlohmann::json::parse(std::ifstream(tmp / "out" / "run.json"));
  REQUIRE(j["dose_response"]["lysis_measure"] == "target_loss");
  REQUIRE(j["dose_response"]["lytic_units"].size() > 0);
  REQUIRE(contains(test::read_text(tmp / "out" / "lytic_units.csv"), "effector,target,labels,method"));
}
