// SPDX-License-Identifier: MIT
// A batch plate before it runs: its inputs record, and the resume decision against OUT/<plate>.
#include <catch2/catch.hpp>

#include "cli/batch_prepare.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/synth.hpp"
#include "support/batch_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using namespace lysisq::batch;
namespace fs = std::filesystem;

namespace {

/// A 51Cr counter file with its layout beside it: the cheapest real plate.
PlateEntry chromium_plate(const test::TempDir& d) {
  synth::ChromiumSynthParams p;
  p.seed = 4;
  synth::generate_chromium_plate(p, d / "C1");
  return {"C1", fs::absolute(d / "C1" / "counts.csv"), fs::absolute(d / "C1" / "layout.yaml")};
}

}  // namespace

TEST_CASE("batch prepare: readout, files and a config fingerprint blind to the thread count", "[unit]") {
  test::TempDir d;
  const PlateEntry e = chromium_plate(d);
  const PreparedPlate p = prepare_plate(e, config::load_config_traced("", {"compute.threads=1"}));
  CHECK(p.readout == "chromium");
  CHECK(p.base == e.input.parent_path());
  REQUIRE(p.inputs.files.size() == 1);
  CHECK(p.inputs.files[0].path == "counts.csv");
  CHECK(p.inputs.files[0].size == fs::file_size(e.input));

  const PreparedPlate more_threads = prepare_plate(e, config::load_config_traced("", {"compute.threads=2"}));
  CHECK(more_threads.inputs.config_fnv1a64 == p.inputs.config_fnv1a64);
  const PreparedPlate other = prepare_plate(e, config::load_config_traced("", {"release.outliers.enabled=true"}));
  CHECK(other.inputs.config_fnv1a64 != p.inputs.config_fnv1a64);
  CHECK(other.inputs.layout_fnv1a64 == p.inputs.layout_fnv1a64);

  PlateEntry no_layout = e;
  no_layout.layout = d / "C1" / "missing.yaml";
  try {
    prepare_plate(no_layout, config::load_config_traced("", {}));
    FAIL("no error");
  } catch (const InputError& err) {
    CHECK(std::string(err.what()).find("missing.yaml") != std::string::npos);
  }
}

TEST_CASE("batch resume check: skip only complete results made from the same inputs", "[unit]") {
  test::TempDir d;
  const PlateEntry e = chromium_plate(d);
  const auto cfg = config::load_config_traced("", {});
  const fs::path out = d / "out" / "C1";
  PreparedPlate p = prepare_plate(e, cfg);
  CHECK_FALSE(check_resume(p, out).skip);

  // A finished folder as the batch leaves it: complete run.json and the inputs record.
  fs::create_directories(out);
  d.write("out/C1/wells.csv", "plate\n");
  d.write("out/C1/run.json", R"({"complete": true, "outputs": ["wells.csv", "run.json"], "start_time_utc": "T0"})");
  CHECK(check_resume(p, out).why == "no valid inputs.json");
  hash_inputs(p.base, p.inputs.files);
  io::write_file_atomic(out / kInputsFile, inputs_json(p.inputs));

  PreparedPlate again = prepare_plate(e, cfg);
  const ResumeCheck rc = check_resume(again, out);
  CHECK(rc.skip);
  CHECK(rc.why == "unchanged since T0");

  PreparedPlate other_cfg = prepare_plate(e, config::load_config_traced("", {"release.outliers.enabled=true"}));
  CHECK(check_resume(other_cfg, out).why == "resolved config changed");

  std::string counts = test::read_text(e.input);
  counts += "\n";  // a different size
  d.write("C1/counts.csv", counts);
  PreparedPlate edited = prepare_plate(e, cfg);
  CHECK(check_resume(edited, out).why == "counts.csv changed (size)");

  fs::remove(out / "wells.csv");  // listed in run.json but gone: incomplete
  CHECK(check_resume(again, out).why == "results incomplete");
}
