// SPDX-License-Identifier: MIT
// The "Killing over time" section of report.html from hand-written kinetics.csv and
// kinetic_summary.csv: one chart per effector with a dataset per target x E:T carrying exactly the
// CSV's points, the KT level line, "not reached" in the summary, escaping, and no trace of the
// section when the CSVs are absent.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "lysisq/report.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

const std::string kEvil = "<b>x";

const char* kRunJson = R"({"tool": {"name": "lysisq", "version": "0.1.0"}, "plate": {"name": "KIN"},
  "start_time_utc": "2026-03-14T10:15:00Z", "quantification": {"primary_metric": "target_loss"}, "complete": true})";

struct Cond {
  std::string target, effector;
  double et;
  std::vector<double> time_h, killing;  // NaN: an empty cell
};

/// Rows out of time order on purpose for LAK-D1 K562 40:1; the report must sort by time.
const std::vector<Cond> kConds = {
    {"K562", "LAK-D1", 40, {0, 4, 2, 6}, {0, 48.5, 22.25, 71}},
    {"K562", "LAK-D1", 10, {0, 2, 4, 6}, {0, 8, NAN, 30.5}},
    {kEvil, "LAK-D1", 40, {0, 2, 4, 6}, {0, -3.5, 5, 12}},
    {"Daudi", "NK-2", 5, {0, 3}, {0, 61}}};

std::string csv_text(const std::string& s) { return "\"" + s + "\""; }

std::string num(double v) {
  if (std::isnan(v)) return "";
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string kinetics_csv() {
  std::string s = "plate,target,effector,et_ratio,labels,time_point,time_h,live_targets_n_mean,"
                  "reference_live_targets_n_mean,killing_time_normalised_pct\n";
  for (const auto& c : kConds)
    for (std::size_t i = 0; i < c.time_h.size(); ++i)
      s += "KIN," + csv_text(c.target) + "," + c.effector + "," + num(c.et) + ",," + std::to_string(i) + "," +
           num(c.time_h[i]) + ",100,120," + num(c.killing[i]) + "\n";
  return s;
}

std::string summary_csv() {
  return "plate,target,effector,et_ratio,labels,points_n,duration_h,auc_pct_h,auc_normalised,max_killing_pct,"
         "kt_level_pct,kt_h,kt_status,reason\n"
         "KIN,K562,LAK-D1,40,,4,6,250.5,0.4175,71,50,4.125,value,\n"
         "KIN,K562,LAK-D1,10,,3,6,80,0.1333,30.5,50,,not_reached,\"1 point dropped; 50 % not reached\"\n"
         "KIN,\"" + kEvil + "\",LAK-D1,40,,4,6,30,0.05,12,50,,not_reached,\n"
         "KIN,Daudi,NK-2,5,,2,3,91.5,0.305,61,50,2.459,value,\n";
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

/// The charts of kind "kinetics" from the page's embedded chart data.
std::vector<nlohmann::json> kinetic_charts(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"lysisq-data\">";
  const auto b = html.find(open);
  REQUIRE(b != std::string::npos);
  const auto e = html.find("</script>", b);
  std::vector<nlohmann::json> out;
  for (const auto& c : nlohmann::json::parse(html.substr(b + open.size(), e - b - open.size())))
    if (c["kind"] == "kinetics") out.push_back(c);
  return out;
}

std::string render(bool kinetics, bool summary) {
  test::TempDir d;
  d.write("run.json", kRunJson);
  if (kinetics) d.write("kinetics.csv", kinetics_csv());
  if (summary) d.write("kinetic_summary.csv", summary_csv());
  return report::render_plate_report(d.path());
}

}  // namespace

TEST_CASE("report kinetics: one chart per effector, a dataset per target x E:T with the CSV's points", "[unit]") {
  const std::string html = render(true, true);
  REQUIRE_THAT(html, Contains("<section id=\"kinetics\"><h2>Killing over time</h2>"));
  REQUIRE(html.find("id=\"curves\"") < html.find("id=\"kinetics\""));  // right after the E:T curves
  REQUIRE(html.find("id=\"kinetics\"") < html.find("id=\"selectivity\""));
  const auto charts = kinetic_charts(html);
  REQUIRE(charts.size() == 2);
  // Expected datasets from kConds: label -> finite points sorted by time.
  std::map<std::string, std::map<std::string, std::vector<std::pair<double, double>>>> want;
  for (const auto& c : kConds) {
    auto& pts = want[c.effector][c.target + " " + num(c.et) + ":1"];
    for (std::size_t i = 0; i < c.time_h.size(); ++i)
      if (std::isfinite(c.killing[i])) pts.emplace_back(c.time_h[i], c.killing[i]);
    std::sort(pts.begin(), pts.end());
  }
  for (const auto& c : charts) {
    const std::string effector = c["title"];
    CAPTURE(effector);
    REQUIRE(want.count(effector) == 1);
    REQUIRE_THAT(html, Contains("<canvas id=\"" + c["id"].get<std::string>() + "\">"));
    REQUIRE(c["level"].get<double>() == 50);
    REQUIRE(c["series"].size() == want[effector].size());
    for (const auto& s : c["series"]) {
      const std::string label = s["label"];
      CAPTURE(label);
      REQUIRE(want[effector].count(label) == 1);
      const auto& pts = want[effector][label];
      REQUIRE(s["points"].size() == pts.size());
      for (std::size_t i = 0; i < pts.size(); ++i) {
        REQUIRE(s["points"][i]["x"].get<double>() == pts[i].first);
        REQUIRE(s["points"][i]["y"].get<double>() == pts[i].second);
      }
    }
  }
  REQUIRE(charts[0]["x_min"].get<double>() == 0);
  REQUIRE(charts[0]["x_max"].get<double>() == 6);
}

TEST_CASE("report kinetics: summary table says 'not reached' for each not_reached row", "[unit]") {
  const std::string html = render(true, true);
  const auto section = html.substr(html.find("id=\"kinetics\""), html.find("id=\"selectivity\"") - html.find("id=\"kinetics\""));
  REQUIRE(count_of(section, "<td>not reached</td>") == 2);
  REQUIRE_THAT(section, Contains("<td class=\"num\">4.125</td>"));  // reached: the time itself
  REQUIRE_THAT(section, Contains("<th>kt_h</th>"));
  REQUIRE(count_of(section, "<th>plate</th>") == 0);
  REQUIRE(count_of(section, "<td>KIN</td>") == 0);
}

TEST_CASE("report kinetics: every data string is escaped, in cells and chart data", "[unit]") {
  const std::string html = render(true, true);
  REQUIRE(count_of(html, kEvil) == 0);
  REQUIRE_THAT(html, Contains("<td>&lt;b&gt;x</td>"));
  REQUIRE_THAT(html, Contains("\\u003cb\\u003ex 40:1"));  // inside the JSON block
  std::set<std::string> labels;
  for (const auto& c : kinetic_charts(html))
    for (const auto& s : c["series"]) labels.insert(s["label"]);
  REQUIRE(labels.count(kEvil + " 40:1") == 1);  // the JSON still carries the name unchanged
}

TEST_CASE("report kinetics: absent CSVs leave no trace, one of the two gives a note", "[unit]") {
  const std::string none = render(false, false);
  REQUIRE(count_of(none, "Killing over time") == 0);
  REQUIRE(count_of(none, "id=\"kinetics\"") == 0);
  REQUIRE(count_of(none, "kinetic_summary") == 0);
  REQUIRE(kinetic_charts(none).empty());

  const std::string summary_only = render(false, true);
  REQUIRE_THAT(summary_only, Contains("Killing over time"));
  REQUIRE_THAT(summary_only, Contains("No kinetics.csv"));
  REQUIRE(kinetic_charts(summary_only).empty());
  REQUIRE(count_of(summary_only, "<td>not reached</td>") == 2);

  const std::string curves_only = render(true, false);
  REQUIRE_THAT(curves_only, Contains("No kinetic_summary.csv"));
  const auto charts = kinetic_charts(curves_only);
  REQUIRE(charts.size() == 2);
  REQUIRE(charts[0]["level"].is_null());  // no KT level without the summary
}
