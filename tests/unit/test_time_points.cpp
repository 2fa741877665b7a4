// SPDX-License-Identifier: MIT
// run_plate analyses one time point (PlateRunOptions::time_point; select_fields in
// src/pipeline/plate_checks.cpp). Fixture: two different synthetic plates of the same layout put
// into TimePoint_1/ and TimePoint_2/ (ImageXpress); the oracle is each plate analysed on its own.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "lysisq/config_io.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/synth.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

/// A small plate (1 field of 96x96 per well) with its own seed: same layout, other cells.
fs::path small_plate(const fs::path& dir, std::uint64_t seed) {
  synth::SynthParams sp;
  sp.seed = seed;
  sp.fields = 1;
  sp.width = sp.height = 96;
  synth::generate_fluorescence_plate(sp, dir);
  return dir;
}

void copy_images(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from))
    if (e.path().extension() == ".tif") fs::copy_file(e.path(), to / e.path().filename());
}

using ObjectKey = std::tuple<std::string, int, int, std::int64_t, double, double, double, double, double, int>;

std::vector<ObjectKey> keys(const PlateRunResult& r) {
  std::vector<ObjectKey> out;
  for (const auto& o : r.objects)
    out.emplace_back(o.well.str(), o.field, o.label, o.area_px, o.centroid_x_px, o.centroid_y_px, o.nuclear_mean,
                     o.target_mean, o.dead_mean, static_cast<int>(o.cls));
  return out;
}

struct Fixture {
  test::TempDir tmp;
  AssayConfig cfg;
  fs::path first, second, kinetic;
  PlateLayout layout;
  Fixture() {
    cfg.compute.backend = BackendChoice::kCpu;
    cfg.compute.threads = 2;
    config::validate(cfg);
    first = small_plate(tmp / "first", 11);
    second = small_plate(tmp / "second", 12);
    kinetic = tmp / "kinetic";
    copy_images(first, kinetic / "TimePoint_1");
    copy_images(second, kinetic / "TimePoint_2");
    layout = config::load_layout(first / "layout.yaml");
  }
  /// Generated once per test process and shared read-only (copy before modifying).
  static const Fixture& shared() {
    static const Fixture fx;
    return fx;
  }
  PlateRunResult run(const fs::path& dir, int time_point) const {
    PlateRunOptions opts;
    opts.time_point = time_point;
    return run_plate(io::discover_plate(dir, cfg.input), layout, cfg, Backend::kCpu, opts);
  }
};

bool has_warning(const PlateRunResult& r, const std::string& text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("run_plate analyses the last time point by default, and says so", "[unit]") {
  const Fixture& fx = Fixture::shared();
  const PlateRunResult alone = fx.run(fx.second, 0);
  REQUIRE(alone.time_point == 0);  // a flat folder has no time axis
  REQUIRE_FALSE(has_warning(alone, "time points"));

  const PlateRunResult r = fx.run(fx.kinetic, 0);
  CHECK(r.time_point == 2);
  CHECK(r.field_count == alone.field_count);  // not both time points pooled
  CHECK(keys(r) == keys(alone));
  CHECK(has_warning(r, "plate has time points 1..2; analysed 2 (use --time-point)"));
}

TEST_CASE("run_plate analyses the time point asked for", "[unit]") {
  const Fixture& fx = Fixture::shared();
  const PlateRunResult alone = fx.run(fx.first, 0);
  const PlateRunResult r = fx.run(fx.kinetic, 1);
  CHECK(r.time_point == 1);
  CHECK(keys(r) == keys(alone));
  CHECK(keys(r) != keys(fx.run(fx.second, 0)));  // the fixture's time points do differ
  CHECK(has_warning(r, "plate has time points 1..2; analysed 1 (use --time-point)"));
}

TEST_CASE("a time point the plate lacks is an input error listing those present", "[unit]") {
  const Fixture& fx = Fixture::shared();
  REQUIRE_THROWS_AS(fx.run(fx.kinetic, 3), InputError);
  REQUIRE_THROWS_WITH(fx.run(fx.kinetic, 3), Catch::Contains("time points 1..2") && Catch::Contains("time point 3"));
  REQUIRE_THROWS_WITH(fx.run(fx.first, 1), Catch::Contains("no time points"));
}

TEST_CASE("a well imaged at another time point only is reported at the analysed one", "[unit]") {
  const Fixture& fx = Fixture::shared();
  const test::TempDir tmp;
  const fs::path kinetic = tmp / "kinetic";
  copy_images(fx.first, kinetic / "TimePoint_1");
  copy_images(fx.second, kinetic / "TimePoint_2");
  // B03 holds targets in the synthetic design; take its images out of the last time point.
  for (const auto& e : fs::directory_iterator(kinetic / "TimePoint_2"))
    if (e.path().filename().string().find("_B03_") != std::string::npos) fs::remove(e.path());
  REQUIRE_THROWS_WITH(fx.run(kinetic, 0), Catch::Contains("no images for well B03 at time point 2"));
  CHECK(fx.run(kinetic, 1).time_point == 1);
}
