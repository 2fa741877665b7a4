// SPDX-License-Identifier: MIT
// QC wiring of a finished run (qc_run.hpp) and the run-history pieces (run_history.hpp) on
// hand-made results: which numbers each check sees, subjects, order, and the history controls.
// Expected values are computed here from the ASSAY.md §4 / §7 formulas written out.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "lysisq/qc_run.hpp"
#include "lysisq/run_history.hpp"
#include "support/release_plate.hpp"

using namespace lysisq;

namespace {

WellId well(const char* s) { return *WellId::parse(s); }

const QcResult* find(const std::vector<QcResult>& qc, const std::string& check, const std::string& subject) {
  for (const auto& r : qc)
    if (r.check == check && r.subject == subject) return &r;
  return nullptr;
}

int count_check(const std::vector<QcResult>& qc, const std::string& check) {
  return int(std::count_if(qc.begin(), qc.end(), [&](const QcResult& r) { return r.check == check; }));
}

double mean(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x;
  return m / double(v.size());
}

/// Sample SD (n - 1), ASSAY.md §7.
double sample_sd(const std::vector<double>& v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / double(v.size() - 1));
}

double cv_pct(const std::vector<double>& v) { return sample_sd(v) / mean(v) * 100; }

/// A hand-made imaging plate: K562 with spontaneous (G01-G03), maximum (H01-H03) and LAK-1 at
/// E:T 40 (A01-A03) and 10 (A04-A06); one field per well. The per-well counts and the image
/// numbers are chosen so that each image, well and condition check has a known verdict.
struct ImagingPlate {
  PlateLayout layout;
  PlateRunResult result;
  AssayConfig cfg;
};

struct WellSpec {
  const char* well;
  WellRole role;
  double et;
  std::int64_t live, dead, objects;
  double focus, saturated_w1, saturated_w2;
};

ImagingPlate imaging_plate() {
  const WellSpec specs[] = {
      {"A01", WellRole::kExperimental, 40, 40, 5, 150, 30, 0, 6.0},  // w2 saturation fails
      {"A02", WellRole::kExperimental, 40, 42, 5, 150, 30, 1.0, 0},  // w1 saturation warns
      {"A03", WellRole::kExperimental, 40, 20, 5, 150, 30, 0, 0},
      {"A04", WellRole::kExperimental, 10, 80, 5, 60, 20, 0, 0},
      {"A05", WellRole::kExperimental, 10, 82, 5, 60, 20, 0, 0},
      {"A06", WellRole::kExperimental, 10, 81, 5, 60, 20, 0, 0},
      {"G01", WellRole::kSpontaneous, 0, 100, 5, 30, 10, 0, 0},
      {"G02", WellRole::kSpontaneous, 0, 96, 5, 30, 4, 0, 0},   // focus warns
      {"G03", WellRole::kSpontaneous, 0, 40, 5, 30, 10, 0, 0},  // live targets warn
      {"H01", WellRole::kMaximum, 0, 0, 90, 30, 10, 0, 0},
      {"H02", WellRole::kMaximum, 0, 0, 100, 30, 10, 0, 0},
      {"H03", WellRole::kMaximum, 0, 0, 95, 0, 1, 0, 0},        // empty field: count warns, no focus
  };
  ImagingPlate p;
  p.layout.name = "QCP";
  p.layout.targets = {{"K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, 1e4}};
  p.layout.effectors = {{"LAK-1", EffectorType::kLak, "D1"}};
  std::vector<WellCounts> counts;
  for (const WellSpec& s : specs) {
    p.layout.wells.push_back({well(s.well), s.role, "K562", s.et > 0 ? "LAK-1" : "", s.et, {}});
    counts.push_back({well(s.well), 1, s.objects, s.objects - s.live - s.dead, s.live, s.dead});
    FieldQuality q;
    q.well = well(s.well);
    q.objects = s.objects;
    ImageQuality w1, w2;
    w1.focus_score = s.focus;
    w1.saturated_pct = s.saturated_w1;
    w2.focus_score = 1;  // not the nuclear channel: never judged for focus
    w2.saturated_pct = s.saturated_w2;
    q.channels = {{1, w1}, {2, w2}};
    p.result.field_quality.push_back(q);
  }
  std::sort(p.layout.wells.begin(), p.layout.wells.end(), [](const auto& a, const auto& b) { return a.well < b.well; });
  p.result.plate_name = "QCP";
  p.result.quant = quantify(p.layout, counts, p.cfg.quantification);
  p.result.dose_response.lysis_measure = "target_loss";
  return p;
}

ReleaseRunResult release_result(const test::HandPlate& p) {
  return run_release({"counts.csv", "counter_file", p.cpm, {}, std::nullopt}, p.layout, AssayConfig{});
}

}  // namespace

TEST_CASE("QC subjects name fields, conditions and groups", "[unit]") {
  REQUIRE(field_subject(well("B03"), 2) == "B03 s2");
  REQUIRE(condition_subject("LAK-D1", "K562", 40, {}) == "LAK-D1/K562 E:T 40");
  REQUIRE(condition_subject("LAK-D1", "K562", 2.5, {{"time_h", "4"}}) == "LAK-D1/K562 E:T 2.5 time_h=4");
  QcResult r;
  r.level = QcLevel::kImage;
  for (const char* s : {"B03 s2", "B03 s2 w1"}) {
    r.subject = s;
    REQUIRE(qc_names_field(r, well("B03"), 2));
  }
  for (const char* s : {"B03 s21", "B03 s2w1", "B3 s2", "C03 s2"}) {
    r.subject = s;
    CAPTURE(s);
    REQUIRE_FALSE(qc_names_field(r, well("B03"), 2));
  }
  r.subject = "B03 s2";
  r.level = QcLevel::kWell;
  REQUIRE_FALSE(qc_names_field(r, well("B03"), 2));  // only image-level rows name a field
}

TEST_CASE("sort_qc: fail, warn, pass, widest level first, otherwise stable", "[unit]") {
  std::vector<QcResult> qc;
  auto add = [&](QcVerdict v, QcLevel l, const char* s) {
    QcResult r;
    r.verdict = v;
    r.level = l;
    r.subject = s;
    qc.push_back(r);
  };
  add(QcVerdict::kPass, QcLevel::kRun, "p-run");
  add(QcVerdict::kWarn, QcLevel::kImage, "w-image-1");
  add(QcVerdict::kFail, QcLevel::kCondition, "f-cond");
  add(QcVerdict::kWarn, QcLevel::kPlate, "w-plate");
  add(QcVerdict::kWarn, QcLevel::kImage, "w-image-2");
  add(QcVerdict::kFail, QcLevel::kRun, "f-run");
  sort_qc(qc);
  std::vector<std::string> order;
  for (const auto& r : qc) order.push_back(r.subject);
  REQUIRE(order == std::vector<std::string>{"f-run", "f-cond", "w-plate", "w-image-1", "w-image-2", "p-run"});
}

TEST_CASE("imaging_qc: image checks per field, focus and counts against comparable fields", "[unit]") {
  const ImagingPlate p = imaging_plate();
  const auto qc = imaging_qc(p.result, p.layout, p.cfg);
  // Saturation: every field and channel, the limits of ASSAY.md §4 (warn > 0.5 %, fail > 5 %).
  REQUIRE(count_check(qc, "saturation") == 12 * 2);
  REQUIRE(find(qc, "saturation", "A01 s1 w2")->verdict == QcVerdict::kFail);
  REQUIRE(find(qc, "saturation", "A02 s1 w1")->verdict == QcVerdict::kWarn);
  REQUIRE(find(qc, "saturation", "A03 s1 w1")->verdict == QcVerdict::kPass);
  // Focus: nuclear channel only, empty fields left out; G02's 4 < 0.5 x the control median 10.
  REQUIRE(count_check(qc, "focus") == 11);
  REQUIRE_FALSE(find(qc, "focus", "H03 s1 w1"));
  REQUIRE_FALSE(find(qc, "focus", "A01 s1 w2"));
  const QcResult* g02 = find(qc, "focus", "G02 s1 w1");
  REQUIRE(g02->verdict == QcVerdict::kWarn);
  REQUIRE(g02->warn_limit == Approx(0.5 * 10));
  // E:T 40 fields have 3x the focus score of the controls: compared among themselves they pass.
  REQUIRE(find(qc, "focus", "A01 s1 w1")->verdict == QcVerdict::kPass);
  // Counts: the empty maximum field warns; the E:T 40 fields (150 objects, 5x the control median
  // 30, beyond the 4x range) pass because effector wells are compared per E:T.
  REQUIRE(find(qc, "field_count", "H03 s1")->verdict == QcVerdict::kWarn);
  REQUIRE(find(qc, "field_count", "A01 s1")->verdict == QcVerdict::kPass);
  REQUIRE(find(qc, "field_count", "G01 s1")->verdict == QcVerdict::kPass);
}

TEST_CASE("imaging_qc: reference-well live targets, replicate CV of counts, killing range, Z'", "[unit]") {
  const ImagingPlate p = imaging_plate();
  const auto qc = imaging_qc(p.result, p.layout, p.cfg);
  // Well level: the spontaneous wells are K562's reference (no target-only wells); median 96.
  REQUIRE(count_check(qc, "target_only_live") == 3);
  REQUIRE(find(qc, "target_only_live", "G03 K562")->verdict == QcVerdict::kWarn);
  REQUIRE(find(qc, "target_only_live", "G03 K562")->warn_limit == Approx(0.5 * 96));
  REQUIRE(find(qc, "target_only_live", "G01 K562")->verdict == QcVerdict::kPass);
  // Condition level: CV of live targets; of all targets in maximum wells.
  const QcResult* e40 = find(qc, "replicate_cv", "LAK-1/K562 E:T 40");
  REQUIRE(e40->value == Approx(cv_pct({40, 42, 20})));
  REQUIRE(e40->verdict == QcVerdict::kFail);
  REQUIRE(find(qc, "replicate_cv", "LAK-1/K562 E:T 10")->value == Approx(cv_pct({80, 82, 81})));
  REQUIRE(find(qc, "replicate_cv", "K562 maximum")->value == Approx(cv_pct({90, 100, 95})));
  REQUIRE(find(qc, "replicate_cv", "K562 spontaneous")->value == Approx(cv_pct({100, 96, 40})));
  // % killing of the E:T 40 condition vs the mean live targets of the reference wells.
  const double ref = (100 + 96 + 40) / 3.0;
  const double kill40 = ((1 - 40 / ref) + (1 - 42 / ref) + (1 - 20 / ref)) / 3 * 100;
  REQUIRE(find(qc, "lysis_range", "LAK-1/K562 E:T 40")->value == Approx(kill40));
  REQUIRE_FALSE(find(qc, "lysis_range", "K562 spontaneous"));
  // Plate level: Z' of maximum vs reference wells on live targets (target_loss).
  const double z = 1 - 3 * (0 + sample_sd({100, 96, 40})) / std::fabs(0 - ref);
  const QcResult* zp = find(qc, "z_prime", "K562");
  REQUIRE(zp->value == Approx(z));
  REQUIRE(zp->verdict == (z < 0.5 ? QcVerdict::kWarn : QcVerdict::kPass));
  // Sorted: the fails lead.
  REQUIRE(qc.front().verdict == QcVerdict::kFail);
  REQUIRE(std::is_sorted(qc.begin(), qc.end(), [](const QcResult& a, const QcResult& b) { return a.verdict > b.verdict; }));
}

TEST_CASE("release_qc: ASSAY.md vector A passes its control checks", "[unit]") {
  const auto plate = test::vector_a_plate();
  const ReleaseRunResult r = release_result(plate);
  const QcParams p;
  const auto& qc = r.qc;  // run_release fills it with release_qc()
  REQUIRE(find(qc, "spont_pct", "K562")->value == Approx(10.0));
  REQUIRE(find(qc, "spont_pct", "K562")->verdict == QcVerdict::kPass);
  REQUIRE(find(qc, "max_net_cpm", "K562")->value == Approx(5000));
  REQUIRE(find(qc, "max_window_ratio", "K562")->value == Approx(10));
  const double z = 1 - 3 * (sample_sd({520, 480, 500}) + sample_sd({5100, 4900, 5000})) / (5000 - 500);
  REQUIRE(find(qc, "z_prime", "K562")->value == Approx(z));
  REQUIRE(find(qc, "replicate_cv", "LAK-1/K562 E:T 40")->value == Approx(cv_pct({2300, 2250, 2350})));
  REQUIRE(find(qc, "replicate_cv", "K562 spontaneous")->value == Approx(cv_pct({520, 480, 500})));
  REQUIRE(find(qc, "lysis_range", "LAK-1/K562 E:T 5")->value == Approx(6.296).margin(1e-3));
  REQUIRE_FALSE(find(qc, "edge_effect", "control wells (cpm / group mean)"));  // row H only: no inner wells
  REQUIRE(worst_verdict(qc) == QcVerdict::kPass);
  REQUIRE(release_qc(r, plate.layout, p).size() == qc.size());
}

TEST_CASE("release_qc: %spont 30 % fails a cell line and passes an autologous target at its limit", "[unit]") {
  for (const TargetOrigin origin : {TargetOrigin::kCellLine, TargetOrigin::kAutologous}) {
    auto plate = test::vector_a_plate();
    plate.layout.targets[0].origin = origin;
    for (const char* w : {"H01", "H02", "H03"}) plate.cpm[well(w)] = 1500;  // ASSAY.md §5: S 1500, M 5000
    const QcResult* s = find(release_result(plate).qc, "spont_pct", "K562");
    CAPTURE(int(origin));
    REQUIRE(s->value == Approx(30.0));
    REQUIRE(s->verdict == (origin == TargetOrigin::kCellLine ? QcVerdict::kFail : QcVerdict::kPass));
  }
}

TEST_CASE("release_qc: edge effect over control wells, each relative to its group's mean", "[unit]") {
  test::HandPlate p;
  p.layout.name = "EDGE";
  p.layout.targets = {{"K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, 1e4}};
  p.layout.effectors = {{"LAK-1", EffectorType::kLak, "D1"}};
  p.add(WellRole::kSpontaneous, "K562", "", 0, {"A01", "B02", "C03", "D04"}, {600, 500, 505, 495});
  p.add(WellRole::kMaximum, "K562", "", 0, {"A05", "B06", "C07", "D08"}, {5600, 5000, 5050, 4950});
  p.add(WellRole::kExperimental, "K562", "LAK-1", 40, {"E02", "E03", "E04"}, {2300, 2250, 2350});
  p.finish();
  const double s = (600 + 500 + 505 + 495) / 4.0, m = (5600 + 5000 + 5050 + 4950) / 4.0;
  const std::vector<double> outer = {600 / s, 5600 / m};
  const std::vector<double> inner = {500 / s, 505 / s, 495 / s, 5000 / m, 5050 / m, 4950 / m};
  const double so = sample_sd(outer), si = sample_sd(inner);
  const double pooled = std::sqrt((1 * so * so + 5 * si * si) / 6);
  const double mo = (outer[0] + outer[1]) / 2;
  double mi = 0;
  for (double v : inner) mi += v / 6;
  const QcResult* e = find(release_result(p).qc, "edge_effect", "control wells (cpm / group mean)");
  REQUIRE(e);
  REQUIRE(e->value == Approx(std::fabs(mo - mi) / pooled));
  REQUIRE(e->verdict == QcVerdict::kWarn);
}

TEST_CASE("history controls of a release plate, decay correction to a reference date", "[unit]") {
  const auto plate = test::vector_a_plate();
  const ReleaseRunResult r = release_result(plate);
  HistoryConfig cfg;
  auto rc = history::release_run_controls(r, plate.layout, cfg, "2026-03-14T10:15:00Z");
  REQUIRE(rc.notes.empty());
  REQUIRE(rc.controls.size() == 3);
  REQUIRE(rc.controls[0].control == "K562 %spont");
  REQUIRE(rc.controls[0].value == Approx(10.0));
  REQUIRE(rc.controls[1].control == "K562 max cpm");  // no reference date: factor 1
  REQUIRE(rc.controls[1].value == Approx(5000));
  REQUIRE(rc.controls[2].control == "LAK-1/K562 %SL E:T 40");  // first LAK, NK-sensitive line, top E:T
  REQUIRE(rc.controls[2].value == Approx(40.0));
  REQUIRE(rc.controls[2].unit == "%");
  // 2025-06-10 -> 2026-03-14 is 277 days = 10 half-lives of 27.7 d: the count is 2^10 x higher.
  cfg.reference_date = "2025-06-10";
  rc = history::release_run_controls(r, plate.layout, cfg, "2026-03-14T10:15:00Z");
  REQUIRE(rc.controls[1].control == "K562 max cpm (decay-corrected to 2025-06-10)");
  REQUIRE(rc.controls[1].value == Approx(5000.0 * 1024));
}

TEST_CASE("history reference pair: defaults, configured names, and notes when absent", "[unit]") {
  PlateLayout l;
  l.targets = {{"MEL", TargetOrigin::kAutologous, NkClass::kUnknown, 1e4},
               {"Daudi", TargetOrigin::kCellLine, NkClass::kNkResistant, 1e4},
               {"k562", TargetOrigin::kCellLine, NkClass::kUnknown, 1e4}};
  l.effectors = {{"TIL-1", EffectorType::kTil, ""}, {"LAK-2", EffectorType::kLak, ""}, {"LAK-3", EffectorType::kLak, ""}};
  HistoryConfig cfg;
  auto ref = history::reference_pair(l, cfg);
  REQUIRE(ref.effector == "LAK-2");
  REQUIRE(ref.target == "k562");  // no NK class given: found by name
  REQUIRE(ref.notes.empty());
  l.targets[1].nk_class = NkClass::kNkSensitive;
  REQUIRE(history::reference_pair(l, cfg).target == "Daudi");
  cfg.reference_effector = "TIL-1";
  cfg.reference_target = "MEL";
  ref = history::reference_pair(l, cfg);
  REQUIRE((ref.effector == "TIL-1" && ref.target == "MEL" && ref.notes.empty()));
  cfg.reference_effector = "NOPE";
  REQUIRE(history::reference_pair(l, cfg).notes.size() == 1);
  l.effectors = {{"TIL-1", EffectorType::kTil, ""}};
  cfg = HistoryConfig{};
  ref = history::reference_pair(l, cfg);
  REQUIRE(ref.effector.empty());
  REQUIRE(ref.notes.size() == 1);
}

TEST_CASE("history controls of an imaging plate", "[unit]") {
  const ImagingPlate p = imaging_plate();
  const auto rc = history::imaging_run_controls(p.result, p.layout, HistoryConfig{});
  REQUIRE(rc.controls.size() == 2);
  const double ref = (100 + 96 + 40) / 3.0;
  REQUIRE(rc.controls[0].control == "LAK-1/K562 % killing (target_loss) E:T 40");
  REQUIRE(rc.controls[0].value == Approx(((1 - 40 / ref) + (1 - 42 / ref) + (1 - 20 / ref)) / 3 * 100));
  REQUIRE(rc.controls[1].control == "K562 live targets (spontaneous wells)");
  REQUIRE(rc.controls[1].value == Approx(ref));
}

TEST_CASE("westgard_results: one run-level verdict per control, limits on the value's side", "[unit]") {
  history::ControlVerdict hit;
  hit.control = "K562 %spont";
  hit.unit = "%";
  hit.value = 67;
  hit.limits = history::LjLimits{60, 2, 20, false};
  hit.z = 3.5;
  hit.hits = {{history::WestgardRule::k1_3s, history::Verdict::kFail, "1 run beyond +3 SD", {67}, {3.5}}};
  hit.verdict = history::Verdict::kFail;
  history::ControlVerdict low = hit;
  low.value = 55;
  low.z = -2.5;
  low.hits = {{history::WestgardRule::k1_2s, history::Verdict::kWarn, "1 run beyond -2 SD", {55}, {-2.5}}};
  low.verdict = history::Verdict::kWarn;
  history::ControlVerdict fresh;
  fresh.control = "K562 max cpm";
  fresh.value = 5000;
  fresh.unit = "cpm";
  fresh.note = "no limits yet: 2 earlier runs (5 needed)";
  const std::vector<history::ControlVerdict> v = {hit, low, fresh};
  const auto qc = history::westgard_results(v);
  REQUIRE(qc.size() == 3);
  REQUIRE((qc[0].level == QcLevel::kRun && qc[0].check == "westgard" && qc[0].subject == "K562 %spont"));
  REQUIRE((qc[0].warn_limit == 64 && qc[0].fail_limit == 66 && qc[0].bound == QcBound::kMax));
  REQUIRE(qc[0].verdict == QcVerdict::kFail);
  REQUIRE(qc[0].message.find("1-3s") != std::string::npos);
  REQUIRE((qc[1].warn_limit == 56 && qc[1].fail_limit == 54 && qc[1].bound == QcBound::kMin));
  REQUIRE(qc[1].verdict == QcVerdict::kWarn);
  REQUIRE(qc[2].verdict == QcVerdict::kPass);
  REQUIRE((std::isnan(qc[2].warn_limit) && std::isnan(qc[2].fail_limit)));
  REQUIRE(qc[2].message.find("no limits yet") != std::string::npos);
}

TEST_CASE("run record pieces: worst verdict per check, unique run ids, baseline policy", "[unit]") {
  std::vector<QcResult> qc(4);
  qc[0].check = "focus";
  qc[1].check = "focus";
  qc[1].verdict = QcVerdict::kWarn;
  qc[2].check = "spont_pct";
  qc[3].check = "focus";
  const auto s = history::qc_summaries(qc);
  REQUIRE(s.size() == 2);
  REQUIRE((s[0].check == "focus" && s[0].verdict == history::Verdict::kWarn));
  REQUIRE((s[1].check == "spont_pct" && s[1].verdict == history::Verdict::kPass));
  const std::string a = history::new_run_id("2026-03-14T10:15:00Z", "P07");
  const std::string b = history::new_run_id("2026-03-14T10:15:00Z", "P07");
  REQUIRE(a.rfind("20260314T101500Z-P07-", 0) == 0);
  REQUIRE(a.size() == std::string("20260314T101500Z-P07-").size() + 6);
  REQUIRE(a != b);  // 24 random bits: equal with probability 6e-8
  HistoryConfig cfg;
  cfg.baseline_runs = 12;
  cfg.min_runs = 3;
  cfg.fail_on_provisional = true;
  const auto policy = history::baseline_policy(cfg);
  REQUIRE((policy.baseline_runs == 12 && policy.min_runs == 3 && policy.fail_on_provisional));
}
