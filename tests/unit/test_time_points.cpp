// SPDX-License-Identifier: MIT
// run_plate analyses one time point and one Z-step (AssayConfig input.time_point, z_step;
// select_fields in src/pipeline/plate_checks.cpp), run_kinetic_plate every time point. Fixture: two different synthetic plates of the
// same layout put into TimePoint_1/ and TimePoint_2/ (or ZStep_ folders) as ImageXpress writes
// them; the oracle is each plate analysed on its own.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "lysisq/config_io.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/synth.hpp"
#include "support/object_rows.hpp"
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

using test::object_rows;

struct Fixture {
  test::TempDir tmp;
  AssayConfig cfg;
  fs::path first, second, kinetic, stack;
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
    stack = tmp / "stack";  // ZStep_0 is ImageXpress's projection of the planes
    copy_images(first, stack / "ZStep_0");
    copy_images(second, stack / "ZStep_1");
    layout = config::load_layout(first / "layout.yaml");
  }
  /// Generated once per test process and shared read-only (copy before modifying).
  static const Fixture& shared() {
    static const Fixture fx;
    return fx;
  }
  PlateRunResult run(const fs::path& dir, int time_point, std::optional<std::uint16_t> z_step = std::nullopt) const {
    AssayConfig c = cfg;
    c.input.time_point = time_point;
    c.input.z_step = z_step;
    return run_plate(io::discover_plate(dir, c.input), layout, c, Backend::kCpu, PlateRunOptions{});
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
  CHECK(object_rows(r) == object_rows(alone));
  CHECK(has_warning(r, "plate has time points 1-2; analysed 2 (use --time-point or --kinetics)"));
}

TEST_CASE("run_plate analyses the time point asked for, without a warning", "[unit]") {
  const Fixture& fx = Fixture::shared();
  const PlateRunResult alone = fx.run(fx.first, 0);
  const PlateRunResult r = fx.run(fx.kinetic, 1);
  CHECK(r.time_point == 1);
  CHECK(object_rows(r) == object_rows(alone));
  CHECK(object_rows(r) != object_rows(fx.run(fx.second, 0)));  // the fixture's time points do differ
  CHECK_FALSE(has_warning(r, "time points"));  // the user chose: nothing to tell
}

TEST_CASE("a time point the plate lacks is an input error listing those present", "[unit]") {
  const Fixture& fx = Fixture::shared();
  REQUIRE_THROWS_AS(fx.run(fx.kinetic, 3), InputError);
  REQUIRE_THROWS_WITH(fx.run(fx.kinetic, 3), Catch::Contains("time points 1-2") && Catch::Contains("time point 3"));
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

TEST_CASE("run_plate analyses one Z-step: the projection by default, or the one asked for", "[unit]") {
  const Fixture& fx = Fixture::shared();
  const PlateRunResult flat = fx.run(fx.first, 0);
  CHECK_FALSE(flat.z_step.has_value());  // one plane: nothing was chosen

  const PlateRunResult r = fx.run(fx.stack, 0);
  REQUIRE(r.z_step == std::optional<int>(0));
  CHECK(r.field_count == flat.field_count);  // planes not pooled
  CHECK(object_rows(r) == object_rows(flat));
  CHECK(has_warning(r, "plate has Z-steps 0-1; analysed the projection, ZStep_0"));

  const PlateRunResult plane = fx.run(fx.stack, 0, 1);
  CHECK(plane.z_step == std::optional<int>(1));
  CHECK(object_rows(plane) == object_rows(fx.run(fx.second, 0)));
}

TEST_CASE("planes without a projection need --z-step, and a Z-step the plate lacks is an input error", "[unit]") {
  const Fixture& fx = Fixture::shared();
  const test::TempDir tmp;
  const fs::path stack = tmp / "stack";
  copy_images(fx.first, stack / "ZStep_1");
  copy_images(fx.second, stack / "ZStep_2");
  REQUIRE_THROWS_AS(fx.run(stack, 0), InputError);
  REQUIRE_THROWS_WITH(fx.run(stack, 0), Catch::Contains("Z-steps 1-2 and no projection") && Catch::Contains("--z-step"));
  CHECK(object_rows(fx.run(stack, 0, 2)) == object_rows(fx.run(fx.second, 0)));
  REQUIRE_THROWS_WITH(fx.run(stack, 0, 0), Catch::Contains("Z-step 0 is not one of them"));
}

namespace {

/// Mean live targets of `wells` in a quantification: the oracle of the reference means.
double mean_live(const PlateQuantification& q, const std::vector<WellId>& wells) {
  double sum = 0;
  for (const WellId& w : wells)
    for (const WellResult& r : q.wells)
      if (r.assignment.well == w) sum += double(r.counts.live_targets);
  return sum / double(wells.size());
}

const ConditionResult& same_condition(const PlateQuantification& q, const KineticCondition& k) {
  for (const ConditionResult& c : q.conditions)
    if (c.role == WellRole::kExperimental && c.target == k.target && c.effector == k.effector &&
        c.et_ratio == k.et_ratio && c.labels == k.labels)
      return c;
  throw std::runtime_error("no condition " + k.target + "/" + k.effector);
}

}  // namespace

TEST_CASE("run_kinetic_plate follows every condition over the time points and keeps the endpoint's result", "[unit]") {
  const Fixture& fx = Fixture::shared();
  AssayConfig c = fx.cfg;
  c.kinetics.enabled = true;
  c.kinetics.interval_h = 6;
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  PlateRunOptions opts;
  opts.progress = [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); };
  const PlateRunResult k = run_kinetic_plate(io::discover_plate(fx.kinetic, c.input), fx.layout, c, Backend::kCpu, opts);
  const PlateRunResult t1 = fx.run(fx.first, 0), t2 = fx.run(fx.second, 0);

  CHECK(k.time_point == 2);  // the endpoint's own result, as without kinetics
  CHECK(object_rows(k) == object_rows(t2));
  CHECK_FALSE(has_warning(k, "time points"));
  REQUIRE(k.kinetic_times.size() == 2);
  CHECK((k.kinetic_times[0].time_point == 1 && k.kinetic_times[0].time_h == 0.0));
  CHECK((k.kinetic_times[1].time_point == 2 && k.kinetic_times[1].time_h == 6.0));
  REQUIRE(!progress.empty());
  CHECK(progress.back() == std::pair(t1.field_count + t2.field_count, t1.field_count + t2.field_count));

  const auto expected = std::count_if(t2.quant.conditions.begin(), t2.quant.conditions.end(), [](const ConditionResult& r) {
    return r.role == WellRole::kExperimental && !r.reference.empty();
  });
  REQUIRE(k.kinetics.size() == std::size_t(expected));
  REQUIRE(expected > 0);
  for (const KineticCondition& kc : k.kinetics) {
    CAPTURE(kc.target, kc.effector, kc.et_ratio);
    const ConditionResult& c1 = same_condition(t1.quant, kc);
    const ConditionResult& c2 = same_condition(t2.quant, kc);
    REQUIRE(kc.points.size() == 2);
    const double et1 = mean_live(t1.quant, c1.wells), et2 = mean_live(t2.quant, c2.wells);
    const double ref1 = mean_live(t1.quant, c1.reference_wells), ref2 = mean_live(t2.quant, c2.reference_wells);
    CHECK(kc.points[0].live_targets_mean == Approx(et1));
    CHECK(kc.points[1].live_targets_mean == Approx(et2));
    CHECK(kc.points[0].reference_live_targets_mean == Approx(ref1));
    CHECK(kc.points[1].reference_live_targets_mean == Approx(ref2));
    if (et1 > 0 && ref1 > 0 && ref2 > 0) {
      const double killing = (1 - (et2 / et1) / (ref2 / ref1)) * 100;
      CHECK(kc.points[0].killing_pct == Approx(0).margin(1e-9));
      CHECK(kc.points[1].killing_pct == Approx(killing));
      CHECK(kc.summary.auc_pct_h == Approx(6 * killing / 2));  // one trapezoid from 0 %
    }
  }
}

TEST_CASE("run_kinetic_plate needs several time points and a time for each", "[unit]") {
  const Fixture& fx = Fixture::shared();
  AssayConfig c = fx.cfg;
  c.kinetics.enabled = true;
  const auto run = [&](const fs::path& dir) {
    return run_kinetic_plate(io::discover_plate(dir, c.input), fx.layout, c, Backend::kCpu);
  };
  REQUIRE_THROWS_WITH(run(fx.kinetic), Catch::Contains("kinetics.interval_h"));  // TimePoint_<n> carry no times
  c.kinetics.interval_h = 1;
  REQUIRE_THROWS_AS(run(fx.first), InputError);  // a flat plate
  REQUIRE_THROWS_WITH(run(fx.first), Catch::Contains("several time points"));
  c.input.time_point = 1;
  CHECK(run(fx.kinetic).time_point == 1);  // the endpoint asked for
}
