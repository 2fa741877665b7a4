// SPDX-License-Identifier: MIT
// run_plate's field stream (src/pipeline/run_plate.cpp over field_stream.hpp): the records do not
// depend on the thread count, decoded fields in memory stay within the stream's bound whatever
// the plate's size, every field reaches the label sink once, the first failing field is reported,
// and a cancel stops the plate.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <tuple>
#include <vector>

#include "lysisq/config_io.hpp"
#include "lysisq/io.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/synth.hpp"
#include "support/object_rows.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

/// 90 wells x 2 fields of 96x96: 180 fields, a second or so per run on 2 cores.
struct StreamPlate {
  test::TempDir tmp;
  fs::path dir;
  PlateLayout layout;
  StreamPlate() {
    synth::SynthParams sp;
    sp.seed = 5;
    sp.fields = 2;
    sp.width = sp.height = 96;
    dir = tmp / "plate";
    synth::generate_fluorescence_plate(sp, dir);
    layout = config::load_layout(dir / "layout.yaml");
  }
  static const StreamPlate& shared() {
    static const StreamPlate p;
    return p;
  }
};

AssayConfig config_with_threads(int threads) {
  AssayConfig cfg;
  cfg.compute.backend = BackendChoice::kCpu;
  cfg.compute.threads = threads;
  config::validate(cfg);
  return cfg;
}

using test::object_rows;

}  // namespace

TEST_CASE("run_plate streams fields: same records for any thread count, bounded decoded fields", "[unit]") {
  const StreamPlate& p = StreamPlate::shared();
  const io::PlateManifest manifest = io::scan_plate_dir(p.dir, AssayConfig{}.input.filename_pattern);
  const PlateRunResult one = run_plate(manifest, p.layout, config_with_threads(1), Backend::kCpu);
  std::mutex m;
  std::multiset<std::pair<std::string, int>> sunk;
  PlateRunOptions opts;
  bool sizes_ok = true;
  opts.label_sink = [&](const io::FieldFiles& f, const LabelImage& labels) {  // worker threads: no Catch here
    std::lock_guard<std::mutex> lock(m);
    sizes_ok = sizes_ok && labels.width() == 96 && labels.height() == 96;
    sunk.insert({f.well.str(), f.field});
  };
  std::size_t last_done = 0;
  opts.progress = [&](std::size_t done, std::size_t total) {
    CHECK(done == last_done + 1);
    CHECK(total == manifest.fields.size());
    last_done = done;
  };
  const PlateRunResult three = run_plate(manifest, p.layout, config_with_threads(3), Backend::kCpu, opts);

  REQUIRE(three.field_count == 180);
  CHECK(object_rows(three) == object_rows(one));
  REQUIRE(three.field_quality.size() == one.field_quality.size());
  for (std::size_t i = 0; i < one.field_quality.size(); ++i) {
    CHECK(three.field_quality[i].well == one.field_quality[i].well);
    CHECK(three.field_quality[i].field == one.field_quality[i].field);
    CHECK(three.field_quality[i].objects == one.field_quality[i].objects);
  }
  CHECK(last_done == 180);
  CHECK(sizes_ok);
  CHECK(sunk.size() == 180);
  for (const auto& f : manifest.fields) CHECK(sunk.count({f.well.str(), f.field}) == 1);
  // 3 threads: 3 segmenting workers, 1 reader, 3 queued = 7 fields at most, of 180.
  CHECK(three.max_fields_in_memory == 7);
  CHECK(three.peak_fields_in_memory >= 1);
  CHECK(three.peak_fields_in_memory <= three.max_fields_in_memory);
  CHECK(one.peak_fields_in_memory <= one.max_fields_in_memory);
  CHECK(one.max_fields_in_memory == 3);
}

TEST_CASE("run_plate reports the first corrupt field in plate order", "[unit]") {
  const StreamPlate& p = StreamPlate::shared();
  test::TempDir tmp;
  for (const auto& e : fs::directory_iterator(p.dir))
    if (e.path().extension() == ".tif") fs::copy_file(e.path(), tmp / e.path().filename().string());
  for (const char* name : {"SYNTH01_F07_s1_w2.tif", "SYNTH01_B03_s2_w1.tif"})
    std::ofstream(tmp / name, std::ios::binary | std::ios::trunc) << "not a TIFF at all";
  const io::PlateManifest manifest = io::scan_plate_dir(tmp.path(), AssayConfig{}.input.filename_pattern);
  REQUIRE_THROWS_AS(run_plate(manifest, p.layout, config_with_threads(3), Backend::kCpu), InputError);
  REQUIRE_THROWS_WITH(run_plate(manifest, p.layout, config_with_threads(3), Backend::kCpu),
                      Catch::Contains("SYNTH01_B03_s2_w1.tif"));
}

TEST_CASE("run_plate stops on its cancel flag", "[unit]") {
  const StreamPlate& p = StreamPlate::shared();
  const io::PlateManifest manifest = io::scan_plate_dir(p.dir, AssayConfig{}.input.filename_pattern);
  std::atomic<bool> cancel{false};
  std::size_t calls = 0;
  PlateRunOptions opts;
  opts.cancel = &cancel;
  opts.progress = [&](std::size_t done, std::size_t) {
    ++calls;
    if (done == 5) cancel = true;
  };
  REQUIRE_THROWS_AS(run_plate(manifest, p.layout, config_with_threads(2), Backend::kCpu, opts), Cancelled);
  CHECK(calls < 180);
}
