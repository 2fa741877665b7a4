// SPDX-License-Identifier: MIT
// Plates built to fail QC (synth faults) through `lysisq run`: each fault fails or warns its check
// on the faulted subject only, the clean plate passes that check, a failing run exits 3 and still
// writes every file, --overlays draws the flagged fields, and a run history whose reference
// control drifts fires the expected Westgard rule through the run path, and no other.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "cli/cli_harness.hpp"
#include "lysisq/io.hpp"
#include "lysisq/synth.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// One fluorescence plate per fault set, generated once per test process: 96 wells, one 160x160
/// field each (~1.3 s). Seed 3's clean plate passes every check (2026-11).
const fs::path& fluorescence_plate(const std::string& name, std::vector<synth::Fault> faults) {
  static const test::TempDir dir;
  static std::map<std::string, fs::path> made;
  if (const auto it = made.find(name); it != made.end()) return it->second;
  synth::SynthParams p;
  p.seed = 3;
  p.fields = 1;
  p.width = p.height = 160;
  p.faults = std::move(faults);
  synth::generate_fluorescence_plate(p, dir.path() / name);
  return made[name] = dir.path() / name;
}

fs::path chromium_plate(const fs::path& dir, std::vector<synth::Fault> faults, double max_cpm = 5000) {
  synth::ChromiumSynthParams p;
  p.seed = 3;
  p.max_cpm = max_cpm;
  p.faults = std::move(faults);
  synth::generate_chromium_plate(p, dir);
  return dir;
}

struct Run {
  test::CliResult cli;
  Json json;  ///< run.json
  fs::path out;
};

Run run(const fs::path& input, const fs::path& layout, const fs::path& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", input.string(), "--layout", layout.string(), "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  Run r{test::run_lysisq(args, out.parent_path() / (out.filename().string() + "_scratch")), {}, out};
  INFO(r.cli.err);
  REQUIRE(test::run_completed(r.cli));
  r.json = Json::parse(std::ifstream(out / "run.json"));
  return r;
}

Run run_fluorescence(const fs::path& plate, const fs::path& out, std::vector<std::string> extra = {}) {
  return run(plate, plate / "layout.yaml", out, std::move(extra));
}

Run run_chromium(const fs::path& plate, const fs::path& out, std::vector<std::string> extra = {}) {
  return run(plate / "counts.csv", plate / "layout.yaml", out, std::move(extra));
}

/// The verdict of `check` on `subject` in run.json's QC rows ("" when absent).
std::string verdict(const Json& j, const std::string& check, const std::string& subject) {
  for (const auto& r : j["qc"]["results"])
    if (r["check"] == check && r["subject"] == subject) return r["verdict"];
  return "";
}

/// Subjects of `check` whose verdict is not pass.
std::vector<std::string> flagged(const Json& j, const std::string& check) {
  std::vector<std::string> out;
  for (const auto& r : j["qc"]["results"])
    if (r["check"] == check && r["verdict"] != "pass") out.push_back(r["subject"]);
  return out;
}

/// The fault lands where truth_faults.csv says (the test would otherwise check a blind spot).
void require_truth_names(const fs::path& plate, const std::string& fault, const std::string& well) {
  std::stringstream ss;
  ss << std::ifstream(plate / "truth_faults.csv").rdbuf();
  REQUIRE(contains(ss.str(), fault + "," + well + ","));
}

}  // namespace

TEST_CASE("QC plates: saturated and blurred fields fail saturation and warn focus on their field only", "[e2e]") {
  test::TempDir tmp;
  const fs::path& plate =
      fluorescence_plate("sat_blur", {synth::Fault::kSaturatedField, synth::Fault::kBlurredField});
  require_truth_names(plate, "saturated-field", "B01");
  require_truth_names(plate, "blurred-field", "D04");
  const Run bad = run_fluorescence(plate, tmp / "bad", {"--overlays"});
  CAPTURE(bad.json["qc"].dump());
  REQUIRE(flagged(bad.json, "saturation") == std::vector<std::string>{"B01 s1 w1"});
  REQUIRE(verdict(bad.json, "saturation", "B01 s1 w1") == "fail");
  REQUIRE(flagged(bad.json, "focus") == std::vector<std::string>{"D04 s1 w1"});
  REQUIRE(verdict(bad.json, "focus", "D04 s1 w1") == "warn");
  REQUIRE(bad.cli.status == 3);
  // --overlays draws exactly the flagged fields, at the field's size.
  std::vector<std::string> pngs;
  for (const auto& e : fs::directory_iterator(bad.out / "overlays")) pngs.push_back(e.path().filename().string());
  std::sort(pngs.begin(), pngs.end());
  REQUIRE(pngs == std::vector<std::string>{"SYNTH01_B01_s1.png", "SYNTH01_D04_s1.png"});
  const cv::Mat png = cv::imread((bad.out / "overlays" / "SYNTH01_D04_s1.png").string(), cv::IMREAD_COLOR);
  REQUIRE((png.cols == 160 && png.rows == 160));
  REQUIRE(contains(bad.json["outputs"].dump(), "overlays/"));

  // What was rendered: > 5 % of B01 s1's nuclear pixels at 65535, the same nuclei as the clean
  // plate's (truth labels), and D04 s1 differs from the clean plate only by the blur.
  const fs::path& clean_plate = fluorescence_plate("clean", {});
  const Image<u16> w1 = io::read_image_u16(plate / "SYNTH01_B01_s1_w1.tif");
  std::size_t at_max = 0;
  for (std::size_t i = 0; i < w1.size(); ++i) at_max += w1.data()[i] == 65535;
  REQUIRE(double(at_max) > 0.05 * double(w1.size()));
  for (const char* f : {"SYNTH01_B01_s1_labels.tif", "SYNTH01_D04_s1_labels.tif"}) {
    const Image<u16> a = io::read_image_u16(plate / "truth" / f), b = io::read_image_u16(clean_plate / "truth" / f);
    REQUIRE(std::equal(a.data(), a.data() + a.size(), b.data(), b.data() + b.size()));
  }

  const Run clean = run_fluorescence(clean_plate, tmp / "clean");
  REQUIRE(verdict(clean.json, "saturation", "B01 s1 w1") == "pass");
  REQUIRE(verdict(clean.json, "focus", "D04 s1 w1") == "pass");
  REQUIRE(flagged(clean.json, "saturation").empty());
  REQUIRE(flagged(clean.json, "focus").empty());
  REQUIRE(clean.cli.status == 0);
  REQUIRE(clean.json["qc"]["counts"]["fail"] == 0);
}

TEST_CASE("QC plates: an empty field warns field_count, a half-seeded replicate fails replicate_cv", "[e2e]") {
  test::TempDir tmp;
  const fs::path& empty = fluorescence_plate("empty", {synth::Fault::kEmptyField});
  require_truth_names(empty, "empty-field", "E07");
  const Run e = run_fluorescence(empty, tmp / "empty");
  REQUIRE(flagged(e.json, "field_count") == std::vector<std::string>{"E07 s1"});
  REQUIRE(verdict(e.json, "field_count", "E07 s1") == "warn");
  REQUIRE(verdict(e.json, "focus", "E07 s1 w1").empty());  // nothing to focus on: not judged

  const fs::path& outlier = fluorescence_plate("outlier", {synth::Fault::kReplicateOutlier});
  require_truth_names(outlier, "replicate-outlier", "B10");
  const Run o = run_fluorescence(outlier, tmp / "outlier");
  REQUIRE(flagged(o.json, "replicate_cv") == std::vector<std::string>{"LAK-D1/K562 E:T 5"});
  REQUIRE(verdict(o.json, "replicate_cv", "LAK-D1/K562 E:T 5") == "fail");

  const Run clean = run_fluorescence(fluorescence_plate("clean", {}), tmp / "clean");
  REQUIRE(verdict(clean.json, "field_count", "E07 s1") == "pass");
  REQUIRE(verdict(clean.json, "replicate_cv", "LAK-D1/K562 E:T 5") == "pass");
  REQUIRE(flagged(clean.json, "field_count").empty());
  REQUIRE(flagged(clean.json, "replicate_cv").empty());
}

TEST_CASE("QC plates: chromium high-spont, low-max and replicate-outlier fail their checks", "[e2e]") {
  test::TempDir tmp;
  const fs::path high = chromium_plate(tmp / "high", {synth::Fault::kHighSpont});
  require_truth_names(high, "high-spont", "G04");
  const Run h = run_chromium(high, tmp / "out_high");
  REQUIRE(flagged(h.json, "spont_pct") == std::vector<std::string>{"K562"});
  REQUIRE(verdict(h.json, "spont_pct", "K562") == "fail");
  for (const auto& r : h.json["qc"]["results"])
    if (r["check"] == "spont_pct" && r["subject"] == "K562") REQUIRE(r["value"].get<double>() == Approx(30).margin(2));
  REQUIRE(flagged(h.json, "max_window_ratio").empty());  // 1 / 0.30 = 3.3: still a window

  // max_cpm 10000 keeps K562's net maximum (2.5 x 6 % of it) above the 1000 cpm limit, so only
  // the window fails, with %spont (100 / window = 40 %), which a window below 3 always implies.
  const fs::path low = chromium_plate(tmp / "low", {synth::Fault::kLowMax}, 10000);
  require_truth_names(low, "low-max", "H04");
  const Run l = run_chromium(low, tmp / "out_low");
  REQUIRE(flagged(l.json, "max_window_ratio") == std::vector<std::string>{"K562"});
  REQUIRE(verdict(l.json, "max_window_ratio", "K562") == "fail");
  REQUIRE(flagged(l.json, "max_net_cpm").empty());

  const fs::path outlier = chromium_plate(tmp / "outlier", {synth::Fault::kReplicateOutlier});
  require_truth_names(outlier, "replicate-outlier", "B01");
  const Run o = run_chromium(outlier, tmp / "out_outlier");
  REQUIRE(flagged(o.json, "replicate_cv") == std::vector<std::string>{"LAK-D1/K562 E:T 40"});

  const Run clean = run_chromium(chromium_plate(tmp / "clean", {}), tmp / "out_clean");
  for (const char* check : {"spont_pct", "max_window_ratio", "max_net_cpm", "replicate_cv"}) {
    CAPTURE(check);
    REQUIRE(flagged(clean.json, check).empty());
  }
  REQUIRE(clean.cli.status == 0);
}

TEST_CASE("QC plates: a failing run exits 3 and writes every file, qc.csv first among equals", "[e2e]") {
  test::TempDir tmp;
  const Run r = run_chromium(chromium_plate(tmp / "plate", {synth::Fault::kHighSpont}), tmp / "out");
  REQUIRE(r.cli.status == 3);
  for (const char* f : {"wells.csv", "conditions.csv", "controls.csv", "qc.csv", "lytic_units.csv", "selectivity.csv",
                        "resolved_config.yaml", "run.json", "report.html"})
    REQUIRE(fs::exists(r.out / f));
  REQUIRE(r.json["complete"] == true);
  const auto& counts = r.json["qc"]["counts"];
  REQUIRE(counts["fail"] == 1);
  REQUIRE(r.json["qc"]["worst"] == "fail");
  // qc.csv: the header, then one row per verdict with the failure first; stderr sums it up.
  std::ifstream in(r.out / "qc.csv");
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  REQUIRE(header == "level,check,subject,value,unit,warn_limit,fail_limit,verdict,message");
  REQUIRE(first.rfind("plate,spont_pct,K562,", 0) == 0);
  REQUIRE(contains(first, ",fail,"));
  const std::string summary = "QC: 1 fail, " + std::to_string(counts["warn"].get<int>()) + " warn, " +
                              std::to_string(counts["pass"].get<int>()) + " pass \u2014 see qc.csv";
  REQUIRE(contains(r.cli.err, summary));
}

TEST_CASE("QC plates: --overlays all draws every field, --no-history and a bad history path", "[e2e]") {
  test::TempDir tmp;
  const fs::path& plate = test::shared_small_plate();
  const Run all = run_fluorescence(plate, tmp / "all", {"--overlays", "all", "--no-history"});
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(all.out / "overlays")) n += e.path().extension() == ".png";
  REQUIRE(n == all.json["counts"]["fields"].get<std::size_t>());
  REQUIRE(all.json["history"]["status"] == "disabled");

  // A history that cannot be written is a warning; the analysis completes.
  std::ofstream(tmp / "not_a_folder") << "x";
  const Run bad = run_chromium(chromium_plate(tmp / "cr", {}), tmp / "bad_history",
                               {"--set", "history.db_path=" + (tmp / "not_a_folder" / "h.sqlite").string()});
  REQUIRE(bad.cli.status == 0);
  REQUIRE(bad.json["history"]["status"] == "failed");
  REQUIRE(contains(bad.json["warnings"].dump(), "run history not recorded"));
}

TEST_CASE("QC plates: a drifting reference control fires 4-1s through the run path, and no other rule", "[e2e]") {
  // 20 baseline runs of LAK-D1/K562 %SL at 40:1 around 40 % (a balanced period-5 pattern: every
  // z within +-1.6 SD, never 4 beyond 1 SD on one side), then 4 runs at +1.5 SD of the baseline:
  // the 4th of them completes 4-1s (4 runs beyond +1 SD); 1-2s, 2-2s, 1-3s, R-4s and 10-x never
  // fire. Every other control is identical in each run (SD 0: never judged).
  test::TempDir tmp;
  synth::ChromiumSynthParams sp;
  sp.seed = 3;
  const synth::ChromiumPlateTruth t = synth::generate_chromium_plate(sp, tmp / "plate");
  double s = 0, m = 0, base = 0;
  int ns = 0, nm = 0;
  for (const auto& w : t.wells) {
    if (w.used && w.target == "K562" && w.role == WellRole::kSpontaneous) s += w.true_cpm, ++ns;
    if (w.used && w.target == "K562" && w.role == WellRole::kMaximum) m += w.true_cpm, ++nm;
    if (w.used && w.target == "K562" && w.effector == "LAK-D1" && w.et_ratio == 40) base += w.true_cpm / 3;
  }
  s /= ns;
  m /= nm;
  const double pattern[5] = {0, 2, -2, 1, -1};
  std::vector<double> baseline;
  for (int i = 0; i < 20; ++i) baseline.push_back(40 + pattern[i % 5]);
  double sd = 0;
  for (double v : baseline) sd += (v - 40) * (v - 40);
  sd = std::sqrt(sd / 19);
  const fs::path db = tmp / "history.sqlite";
  for (int run_i = 0; run_i < 24; ++run_i) {
    const double lysis = run_i < 20 ? baseline[std::size_t(run_i)] : 40 + 1.5 * sd;
    std::string csv = "well,cpm\n";
    char line[64];
    for (const auto& w : t.wells) {
      double cpm = w.true_cpm;
      if (w.used && w.target == "K562" && w.effector == "LAK-D1" && w.et_ratio == 40)
        cpm = (s + lysis / 100 * (m - s)) * w.true_cpm / base;  // mean %SL exactly `lysis`
      std::snprintf(line, sizeof line, "%s,%.6f\n", w.well.str().c_str(), cpm);
      csv += line;
    }
    const fs::path counts = tmp.write("counts_" + std::to_string(run_i) + ".csv", csv);
    const Run r = run(counts, tmp / "plate" / "layout.yaml", tmp / ("out" + std::to_string(run_i)),
                      {"--set", "history.db_path=" + db.string(), "--quiet"});
    CAPTURE(run_i, r.json["qc"].dump());
    REQUIRE(r.json["history"]["status"] == "recorded");
    const auto hits = flagged(r.json, "westgard");
    if (run_i < 23) {
      REQUIRE(hits.empty());
      REQUIRE(r.cli.status == 0);
      continue;
    }
    REQUIRE(hits == std::vector<std::string>{"LAK-D1/K562 %SL E:T 40"});
    REQUIRE(verdict(r.json, "westgard", "LAK-D1/K562 %SL E:T 40") == "fail");
    REQUIRE(r.cli.status == 3);
    for (const auto& q : r.json["qc"]["results"]) {
      if (q["check"] != "westgard" || q["verdict"] == "pass") continue;
      const std::string msg = q["message"];
      REQUIRE(contains(msg, "4-1s"));
      for (const char* other : {"1-2s", "1-3s", "2-2s", "R-4s", "10-x"}) REQUIRE_FALSE(contains(msg, other));
    }
  }
}
