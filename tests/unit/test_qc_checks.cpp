// SPDX-License-Identifier: MIT
// Well, condition and plate QC checks (ASSAY.md §4, §5 QC example, §7 "at the limit passes"),
// verdict helpers and the check catalogue.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "lysisq/qc.hpp"

using namespace lysisq;

namespace {

/// Oracle: sample SD / mean x 100, two-pass.
double cv_pct(const std::vector<double>& v) {
  double mean = 0, ss = 0;
  for (double x : v) mean += x / double(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / double(v.size() - 1)) / mean * 100.0;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("qc: %spont 30 % fails a cell line and passes an autologous target at its limit", "[unit]") {
  const QcParams p;
  // ASSAY.md §5: S = 1500 with M = 5000 gives %spont 30 %.
  const assay::ControlSummary c = assay::summarize_controls({{1500, 1500, 1500}, {5000, 5000, 5000}, {}});
  REQUIRE(c.spont_pct == 30.0);
  const QcResult line = check_spont_pct("K562", c.spont_pct, TargetOrigin::kCellLine, p);
  REQUIRE(line.verdict == QcVerdict::kFail);
  REQUIRE(line.level == QcLevel::kPlate);
  REQUIRE(line.check == "spont_pct");
  REQUIRE(line.fail_limit == 20);
  REQUIRE(std::isnan(line.warn_limit));
  REQUIRE(line.bound == QcBound::kMax);
  REQUIRE(line.message == "K562: spontaneous release 30 % is above the fail limit 20 % (cell-line target): fail");
  for (const TargetOrigin o : {TargetOrigin::kAutologous, TargetOrigin::kAllogeneic}) {
    const QcResult fresh = check_spont_pct("MEL-1", c.spont_pct, o, p);
    REQUIRE(fresh.verdict == QcVerdict::kPass);
    REQUIRE(fresh.fail_limit == 30);
  }
  REQUIRE(check_spont_pct("MEL-1", 30.001, TargetOrigin::kAutologous, p).verdict == QcVerdict::kFail);
  // Exactly 30 % in exact arithmetic (4395 / 14650), 30.000000000000004 in double: still at the limit.
  const assay::ControlSummary rounded =
      assay::summarize_controls({{1423, 1465, 1507}, {5494, 4083, 5073}, {}});
  REQUIRE(rounded.spont_pct > 30.0);
  REQUIRE(rounded.spont_pct == Approx(30.0).epsilon(1e-14));
  REQUIRE(check_spont_pct("MEL-1", rounded.spont_pct, TargetOrigin::kAutologous, p).verdict == QcVerdict::kPass);
  REQUIRE(check_spont_pct("K562", 20.0, TargetOrigin::kCellLine, p).verdict == QcVerdict::kPass);
}

TEST_CASE("qc: every one-sided check passes exactly at its limit and trips just beyond", "[unit]") {
  const QcParams p;
  using Check = std::function<QcResult(double)>;
  struct Row {
    const char* name;
    Check check;
    double limit;
    double beyond;  // the side that is bad: +1 above, -1 below
    QcVerdict tripped;
  };
  const std::vector<Row> rows = {
      {"spont cell line", [&](double v) { return check_spont_pct("T", v, TargetOrigin::kCellLine, p); }, 20, 1, QcVerdict::kFail},
      {"max net", [&](double v) { return check_max_net_cpm("T", v, p); }, 1000, -1, QcVerdict::kFail},
      {"window", [&](double v) { return check_max_window_ratio("T", v, p); }, 3, -1, QcVerdict::kFail},
      {"z prime", [&](double v) { return check_z_prime("T", v, p); }, 0.5, -1, QcVerdict::kWarn},
      {"cv warn", [&](double v) { return check_replicate_cv("T", assay::ReplicateStats{3, 100, v, v}, p); }, 15, 1, QcVerdict::kWarn},
      {"cv fail", [&](double v) { return check_replicate_cv("T", assay::ReplicateStats{3, 100, v, v}, p); }, 20, 1, QcVerdict::kFail},
      {"lysis low", [&](double v) { return check_lysis_range("T", v, p); }, -10, -1, QcVerdict::kWarn},
      {"lysis high", [&](double v) { return check_lysis_range("T", v, p); }, 105, 1, QcVerdict::kWarn},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const QcResult at = row.check(row.limit);
    CAPTURE(at.message);
    REQUIRE(at.value == row.limit);
    REQUIRE(at.verdict <= QcVerdict::kWarn);  // "cv fail" at 20 is still beyond the warn limit 15
    if (std::string(row.name) != "cv fail") REQUIRE(at.verdict == QcVerdict::kPass);
    const QcResult past = row.check(row.limit + row.beyond * 1e-6 * std::max(1.0, std::fabs(row.limit)));
    CAPTURE(past.message);
    REQUIRE(past.verdict == row.tripped);
  }
}

TEST_CASE("qc: maximum release window fails below 1000 cpm net or a ratio of 3", "[unit]") {
  const QcParams p;
  const assay::ControlSummary good = assay::summarize_controls({{520, 480, 500}, {5100, 4900, 5000}, {}});
  const std::vector<QcResult> r = check_release_controls("K562", TargetOrigin::kCellLine, good, p);
  REQUIRE(r.size() == 4);
  const char* order[] = {"spont_pct", "max_net_cpm", "max_window_ratio", "z_prime"};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(r[i].message);
    REQUIRE(r[i].check == order[i]);
    REQUIRE(r[i].verdict == QcVerdict::kPass);
    REQUIRE(r[i].subject == "K562");
  }
  REQUIRE(r[1].value == Approx(5000));
  REQUIRE(r[2].value == Approx(10));

  // Low counts: net maximum 900 - 100 = 800 cpm; window (900-100)/(300-100) = 4.
  const assay::ControlSummary weak = assay::summarize_controls({{300, 300}, {900, 900}, {100, 100}});
  const std::vector<QcResult> w = check_release_controls("Daudi", TargetOrigin::kCellLine, weak, p);
  REQUIRE(w[1].verdict == QcVerdict::kFail);
  REQUIRE(w[1].value == Approx(800));
  REQUIRE(w[1].fail_limit == 1000);
  REQUIRE(w[1].bound == QcBound::kMin);
  REQUIRE(w[2].verdict == QcVerdict::kPass);
  // Narrow window: M/S = 5000/2000 = 2.5 fails (and %spont 40 % fails too).
  const assay::ControlSummary narrow = assay::summarize_controls({{2000, 2000}, {5000, 5000}, {}});
  const std::vector<QcResult> n = check_release_controls("Daudi", TargetOrigin::kCellLine, narrow, p);
  REQUIRE(n[2].verdict == QcVerdict::kFail);
  REQUIRE(n[2].value == Approx(2.5));
  REQUIRE(n[0].verdict == QcVerdict::kFail);
}

TEST_CASE("qc: Z' of the ASSAY vector passes, a noisy window warns, an undefined one warns with its reason", "[unit]") {
  const QcParams p;
  const std::vector<double> max{5000, 5200, 4800, 5100, 4900, 5000}, spont{500, 520, 480, 510, 490, 500};
  const QcResult good = check_z_prime("K562", assay::z_prime(max, spont), p);
  REQUIRE(good.value == Approx(0.8963).margin(5e-5));
  REQUIRE(good.verdict == QcVerdict::kPass);
  const std::vector<double> noisy_max{5000, 6500, 3500}, noisy_spont{500, 900, 100};
  // Oracle: sd_M = 1500, sd_S = 400, |5000 - 500| = 4500: Z' = 1 - 3 x 1900 / 4500 = -0.2667.
  const QcResult noisy = check_z_prime("K562", assay::z_prime(noisy_max, noisy_spont), p);
  REQUIRE(noisy.value == Approx(1.0 - 3.0 * 1900.0 / 4500.0));
  REQUIRE(noisy.verdict == QcVerdict::kWarn);
  REQUIRE(noisy.warn_limit == 0.5);

  const assay::ControlSummary single = assay::summarize_controls({{500}, {5000}, {}});
  const std::vector<QcResult> r = check_release_controls("K562", TargetOrigin::kCellLine, single, p);
  REQUIRE(std::isnan(r[3].value));
  REQUIRE(r[3].verdict == QcVerdict::kWarn);
  REQUIRE(contains(r[3].message, "not evaluable"));
  REQUIRE(contains(r[3].message, single.reason));
  REQUIRE(r[0].verdict == QcVerdict::kPass);  // %spont 10 % is still defined
}

TEST_CASE("qc: replicate CV warns above 15 %, an outlier pushing it to 25 % fails", "[unit]") {
  const QcParams p;
  const std::vector<double> tight{1000, 1100, 1200}, loose{1000, 1300, 1400}, outlier{1000, 1000, 1506};
  struct Row {
    const std::vector<double>* values;
    QcVerdict verdict;
  };
  for (const Row& row : {Row{&tight, QcVerdict::kPass}, Row{&loose, QcVerdict::kWarn}, Row{&outlier, QcVerdict::kFail}}) {
    const double gold = cv_pct(*row.values);
    CAPTURE(gold);
    const QcResult r = check_replicate_cv("LAK-D1/K562 E:T 40", *row.values, p);
    REQUIRE(r.value == Approx(gold).epsilon(1e-12));
    REQUIRE(r.verdict == row.verdict);
    REQUIRE(r.level == QcLevel::kCondition);
    REQUIRE(r.warn_limit == 15);
    REQUIRE(r.fail_limit == 20);
  }
  REQUIRE(cv_pct(outlier) == Approx(25.0).margin(0.01));
  const QcResult one = check_replicate_cv("K562 maximum", std::vector<double>{5000}, p);
  REQUIRE(std::isnan(one.value));
  REQUIRE(one.verdict == QcVerdict::kWarn);
  REQUIRE(contains(one.message, "needs >= 2 replicates"));
}

TEST_CASE("qc: %SL outside -10 to 105 % warns and reports the bound on its side", "[unit]") {
  const QcParams p;
  const QcResult low = check_lysis_range("c", -12.5, p), high = check_lysis_range("c", 110, p);
  const QcResult mid = check_lysis_range("c", 40, p), near_top = check_lysis_range("c", 90, p);
  REQUIRE(low.verdict == QcVerdict::kWarn);
  REQUIRE(low.bound == QcBound::kMin);
  REQUIRE(low.warn_limit == -10);
  REQUIRE(high.verdict == QcVerdict::kWarn);
  REQUIRE(high.bound == QcBound::kMax);
  REQUIRE(high.warn_limit == 105);
  REQUIRE(mid.verdict == QcVerdict::kPass);
  REQUIRE(mid.warn_limit == -10);  // nearer bound
  REQUIRE(near_top.warn_limit == 105);
  REQUIRE(std::isnan(high.fail_limit));
  REQUIRE(check_lysis_range("c", std::nan(""), p).verdict == QcVerdict::kWarn);
  REQUIRE(contains(low.message, "below the warn range [-10, 105] %"));
}

TEST_CASE("qc: live targets of target-only wells within 0.5-2 x their median", "[unit]") {
  const std::vector<QcSample> wells = {{"B02", 1000}, {"B03", 1000}, {"B04", 1000}, {"C02", 500},
                                       {"C03", 2000}, {"C04", 499},  {"D02", 2001}};
  const std::vector<QcResult> r = check_target_only_live(wells, QcParams{});  // median 1000
  const QcVerdict expected[] = {QcVerdict::kPass, QcVerdict::kPass, QcVerdict::kPass, QcVerdict::kPass,
                                QcVerdict::kPass, QcVerdict::kWarn, QcVerdict::kWarn};
  REQUIRE(r.size() == wells.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    CAPTURE(r[i].message);
    REQUIRE(r[i].subject == wells[i].subject);
    REQUIRE(r[i].level == QcLevel::kWell);
    REQUIRE(r[i].verdict == expected[i]);
  }
  REQUIRE(r[5].warn_limit == 500);
  REQUIRE(r[6].warn_limit == 2000);
}

TEST_CASE("qc: edge effect warns when outer controls differ by more than 3 pooled SD", "[unit]") {
  const QcParams p;
  // Pooled SD of {-1, 1} and {x-1, x+1} is sqrt(2): the value is x / sqrt(2).
  const std::vector<double> inner{-1, 1};
  const auto outer = [](double x) { return std::vector<double>{x - 1, x + 1}; };
  REQUIRE(check_edge_effect("K562 spontaneous", outer(3 * std::sqrt(2.0)), inner, p)->verdict == QcVerdict::kPass);
  const auto past = check_edge_effect("K562 spontaneous", outer(3.001 * std::sqrt(2.0)), inner, p);
  REQUIRE(past->verdict == QcVerdict::kWarn);
  REQUIRE(past->value == Approx(3.001));
  REQUIRE(past->unit == "SD");
  REQUIRE(check_edge_effect("s", std::vector<double>{}, inner, p) == std::nullopt);
  REQUIRE(check_edge_effect("s", std::vector<double>{5}, std::vector<double>{5}, p) == std::nullopt);
  REQUIRE(check_edge_effect("s", std::vector<double>{5, 5}, std::vector<double>{5}, p)->value == 0);
  REQUIRE(std::isinf(check_edge_effect("s", std::vector<double>{6, 6}, std::vector<double>{5}, p)->value));

  // On a plate: spontaneous wells in column 1 (edge) evaporate and read 20 % higher.
  const PlateFormat f96;
  std::vector<QcWellValue> wells;
  for (int row = 1; row <= 6; ++row) {
    wells.push_back({WellId{row, 0}, 600.0 + 5 * (row % 3)});
    wells.push_back({WellId{row, 5}, 500.0 + 5 * (row % 3)});
  }
  const auto r = check_edge_effect("K562 spontaneous", wells, f96, p);
  REQUIRE(r->verdict == QcVerdict::kWarn);
  REQUIRE(r->value > 3);
  REQUIRE(contains(r->message, "outer mean 605"));
}

TEST_CASE("qc: edge wells are the outermost ring of 96 and 384 plates", "[unit]") {
  const PlateFormat f96, f384{16, 24};
  for (const char* w : {"A01", "A05", "H12", "D01", "E12"}) REQUIRE(is_edge_well(*WellId::parse(w), f96));
  for (const char* w : {"B02", "G11", "D06"}) REQUIRE_FALSE(is_edge_well(*WellId::parse(w), f96));
  REQUIRE(is_edge_well(*WellId::parse("P24"), f384));
  REQUIRE_FALSE(is_edge_well(*WellId::parse("H12"), f384));
  REQUIRE_FALSE(is_edge_well(*WellId::parse("O23"), f384));
}

TEST_CASE("qc: verdict helpers, names and the check catalogue", "[unit]") {
  REQUIRE(worst(QcVerdict::kPass, QcVerdict::kWarn) == QcVerdict::kWarn);
  REQUIRE(worst(QcVerdict::kFail, QcVerdict::kWarn) == QcVerdict::kFail);
  const QcParams p;
  std::vector<QcResult> rs = {check_lysis_range("a", 50, p), check_lysis_range("b", 200, p)};
  REQUIRE(worst_verdict(rs) == QcVerdict::kWarn);
  REQUIRE(worst_verdict(std::vector<QcResult>{}) == QcVerdict::kPass);
  rs.push_back(check_max_net_cpm("c", 10, p));
  const QcCounts counts = count_verdicts(rs);
  REQUIRE((counts.pass == 1 && counts.warn == 1 && counts.fail == 1));
  for (const QcVerdict v : {QcVerdict::kPass, QcVerdict::kWarn, QcVerdict::kFail})
    REQUIRE(parse_qc_verdict(qc_verdict_name(v)) == v);
  for (const QcLevel l : {QcLevel::kImage, QcLevel::kWell, QcLevel::kCondition, QcLevel::kPlate, QcLevel::kRun})
    REQUIRE(parse_qc_level(qc_level_name(l)) == l);
  REQUIRE_FALSE(parse_qc_verdict("ok"));
  REQUIRE(std::string(qc_bound_name(QcBound::kMin)) == "min");
  std::set<std::string> names;
  for (const QcCheckInfo& c : qc_checks()) REQUIRE(names.insert(c.check).second);
  REQUIRE(names.size() == 12);  // 11 plate-run checks + "westgard" (run history)
}
