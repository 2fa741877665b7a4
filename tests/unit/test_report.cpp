// SPDX-License-Identifier: MIT
// report.html and index.html from hand-written result folders: section order, escaping of every
// data string, embedded Chart.js and no network URL, tolerance of missing tables, chart data.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "lysisq/errors.hpp"
#include "lysisq/lytic_units.hpp"
#include "lysisq/overlay.hpp"
#include "lysisq/report.hpp"
#include "report/csv_table.hpp"
#include "report/html.hpp"
#include "report/sections.hpp"
#include "support/temp_dir.hpp"
#include "support/read_text.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;
namespace detail = lysisq::report::detail;

namespace {

const std::string kEvil = "<script>alert(1)</script>";

const char* kRunJson = R"({"tool": {"name": "lysisq", "version": "0.1.0", "git_describe": "abc123"},
  "command_line": "lysisq run /data/p --layout l.yaml --out /r", "start_time_utc": "2026-03-14T10:15:00Z",
  "host": "lab-pc", "config": {"resolved_fnv1a64": "00ff00ff00ff00ff", "file": "", "overrides": []},
  "plate": {"name": "PLATE<7>"}, "compute": {"backend": "cuda", "device": "NVIDIA H100", "threads": 16},
  "quantification": {"primary_metric": "target_loss"}, "counts": {"wells": 5},
  "warnings": ["a warning & <b>bold</b>"], "outputs": ["wells.csv"], "complete": true})";

std::string wells_csv(bool plate_384) {
  std::string s = "plate,well,role,target,effector,et_ratio,labels,objects_n,live_targets_n,dead_targets_pct\n";
  s += "P,A01,experimental,\"" + kEvil + "\",LAK-D1,40,,100,5,60\n";
  s += "P,A02,experimental,\"" + kEvil + "\",LAK-D1,20,,80,8,40\n";
  s += "P,B01,spontaneous,K562,,0,,20,14,5\n";
  if (plate_384) s += "P,P24,spontaneous,K562,,0,,21,13,6\n";
  return s;
}

std::string conditions_csv() {
  std::string s = "plate,role,target,effector,et_ratio,labels,replicates_n,wells,killing_pct_mean,killing_pct_sd,primary_metric\n";
  const double et[] = {40, 5, 20, 10};  // unsorted on purpose
  const double evil[] = {45, 14, 31, 21}, k562[] = {60, 20, 50, 33};
  for (int i = 0; i < 4; ++i) {
    s += "P,experimental,\"" + kEvil + "\",LAK-D1," + std::to_string(et[i]) + ",,3,A01,";
    s += std::to_string(evil[i]) + ",2.5,target_loss\n";
    s += "P,experimental,K562,LAK-D1," + std::to_string(et[i]) + ",,3,B01," + std::to_string(k562[i]) + ",,target_loss\n";
  }
  return s + "P,spontaneous,K562,,0,,3,B01,0,0,target_loss\n";
}

const char* kLuHeader =
    "plate,lysis_measure,effector,target,labels,method,lysis_x_pct,per_effectors,targets_per_well,status,et_x,lu,"
    "lu_bound_kind,lu_bound,auc_pct_ln_et,points_n,points_used,fit_a,fit_b,reason\n";

std::string lytic_units_csv() {
  return std::string(kLuHeader) + "P,target_loss,LAK-D1,\"" + kEvil +
         "\",,exponential,20,10000000,15,value,10.2,65000,,,50,4,4,0.5,0.05,\n"
         "P,target_loss,LAK-D1,K562,,exponential,20,10000000,15,not_reached,,,<,16666.7,9,4,0,,,\"highest observed %SL is below x\"\n";
}

std::string selectivity_csv() {
  return "plate,lysis_measure,effector,labels,pattern,explanation,autologous,cell_line,lu_ratio_kind,lu_ratio,common_et,lysis_diff_pct\n"
         "P,target_loss,LAK-D1,,broad,\"broad, because " + kEvil + "\",MEL,\"" + kEvil + "\",<,0.25,40,-30.2\n";
}

std::string qc_csv() {
  return "level,check,subject,value,warn_limit,fail_limit,unit,verdict,message\n"
         "image,saturation,A01 s1,0.2,0.5,5,%,pass,saturation ok\n"
         "condition,replicate_cv,\"" + kEvil + "/LAK-D1 E:T 40\",25,15,20,%,fail,\"CV 25 % > 20 %, " + kEvil + "\"\n"
         "image,focus,A02 s1,0.3,0.5,,a.u.,warn,focus low\n";
}

/// A complete fluorescence result folder; `skip` names files to leave out.
void write_folder(const test::TempDir& d, std::initializer_list<std::string> skip = {}, bool plate_384 = false) {
  const auto want = [&](const std::string& f) { return std::find(skip.begin(), skip.end(), f) == skip.end(); };
  d.write("run.json", kRunJson);
  if (want("wells.csv")) d.write("wells.csv", wells_csv(plate_384));
  if (want("conditions.csv")) d.write("conditions.csv", conditions_csv());
  if (want("lytic_units.csv")) d.write("lytic_units.csv", lytic_units_csv());
  if (want("selectivity.csv")) d.write("selectivity.csv", selectivity_csv());
  if (want("qc.csv")) d.write("qc.csv", qc_csv());
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

nlohmann::json chart_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"lysisq-data\">";
  const auto b = html.find(open);
  REQUIRE(b != std::string::npos);
  const auto e = html.find("</script>", b);
  return nlohmann::json::parse(html.substr(b + open.size(), e - b - open.size()));
}

}  // namespace

TEST_CASE("report: sections in reading order, Chart.js embedded, no network URL", "[unit]") {
  test::TempDir d;
  write_folder(d);
  const std::string html = report::render_plate_report(d.path());
  std::size_t last = 0;
  for (const char* id : {"id=\"qc\"", "id=\"heatmaps\"", "id=\"curves\"", "id=\"selectivity\"", "id=\"conditions\"",
                         "id=\"overlays\"", "id=\"history\"", "<footer>"}) {
    CAPTURE(id);
    const auto at = html.find(id);
    REQUIRE(at != std::string::npos);
    REQUIRE(at > last);
    last = at;
  }
  for (const char* fact : {"PLATE&lt;7&gt;", "2026-03-14T10:15:00Z", "0.1.0 (abc123)", "cuda, NVIDIA H100", "00ff00ff00ff00ff"})
    CHECK_THAT(html, Contains(fact));
  const fs::path chartjs = "/usr/share/javascript/chart.js/chart.min.js";  // LYSISQ_CHARTJS_FILE's default
  REQUIRE(fs::exists(chartjs));
  REQUIRE_THAT(html, Contains(test::read_text(chartjs)));
  REQUIRE(detail::chartjs_source() == test::read_text(chartjs));
  REQUIRE(count_of(html, "<script") == 3);  // data, Chart.js, page script: nothing else
  const std::regex remote(R"((src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//)", std::regex::icase);
  REQUIRE_FALSE(std::regex_search(html, remote));
  REQUIRE_THAT(html, Contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

TEST_CASE("report: every data string is escaped, in HTML and in the chart data", "[unit]") {
  test::TempDir d;
  write_folder(d);
  const std::string html = report::render_plate_report(d.path());
  REQUIRE(count_of(html, kEvil) == 0);
  REQUIRE(count_of(html, "<b>bold</b>") == 0);
  REQUIRE_THAT(html, Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  REQUIRE_THAT(html, Contains("a warning &amp; &lt;b&gt;bold&lt;/b&gt;"));
  REQUIRE_THAT(html, Contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));  // inside the JSON block
  const auto charts = chart_data(html);
  REQUIRE(charts[0]["series"][0]["label"] == kEvil);  // the JSON still carries the name unchanged
}

TEST_CASE("report: QC verdicts first, worst first, with colour chips", "[unit]") {
  test::TempDir d;
  write_folder(d);
  const std::string html = report::render_plate_report(d.path());
  REQUIRE_THAT(html, Contains("Worst QC verdict: <span class=\"chip fail\">fail</span>"));
  const auto fail = html.find("<td><span class=\"chip fail\">fail</span></td>");
  const auto warn = html.find("<td><span class=\"chip warn\">warn</span></td>");
  const auto pass = html.find("<td><span class=\"chip pass\">pass</span></td>");
  REQUIRE(fail != std::string::npos);
  REQUIRE(fail < warn);
  REQUIRE(warn < pass);
  REQUIRE(html.rfind("<details>", pass) != std::string::npos);  // passes are folded away
  REQUIRE_THAT(html, Contains("25 %"));

  test::TempDir no_qc;
  write_folder(no_qc, {"qc.csv"});
  REQUIRE_THAT(report::render_plate_report(no_qc.path()), Contains("QC not evaluated"));
}

TEST_CASE("report: absent optional tables are omitted with a note", "[unit]") {
  test::TempDir d;
  write_folder(d, {"wells.csv", "conditions.csv", "lytic_units.csv", "selectivity.csv", "qc.csv"});
  const std::string html = report::render_plate_report(d.path());
  for (const char* note : {"QC not evaluated", "No wells.csv", "No conditions.csv", "No selectivity.csv", "No overlays/",
                           "No run history given"})
    CHECK_THAT(html, Contains(note));
  REQUIRE(chart_data(html).empty());

  test::TempDir no_lu;
  write_folder(no_lu, {"lytic_units.csv"});
  const std::string points_only = report::render_plate_report(no_lu.path());
  REQUIRE_THAT(points_only, Contains("No lytic_units.csv"));
  REQUIRE(chart_data(points_only)[0]["series"][0]["fit"].empty());
}

TEST_CASE("report: a folder without run.json is an error naming the folder", "[unit]") {
  test::TempDir d;
  d.write("wells.csv", wells_csv(false));
  REQUIRE_THROWS_WITH(report::render_plate_report(d.path()), Contains(d.path().string()) && Contains("run.json"));
  REQUIRE_THROWS_AS(report::write_plate_report(d.path() / "missing"), InputError);
  REQUIRE_FALSE(fs::exists(d / "report.html"));
}

TEST_CASE("report: heatmaps have one cell per well of the plate format, values in hover titles", "[unit]") {
  for (const bool big : {false, true}) {
    CAPTURE(big);
    test::TempDir d;
    write_folder(d, {}, big);
    const std::string html = report::render_plate_report(d.path());
    const std::size_t wells = big ? 384 : 96;
    REQUIRE(count_of(html, "<g><title>") == 2 * wells);  // live targets and objects
    const auto live = html.find("<h3>live targets</h3>"), objects = html.find("<h3>objects</h3>");
    REQUIRE(live < objects);  // primary metric target_loss: live targets first
    REQUIRE_THAT(html, Contains("A01 \u00b7 experimental \u00b7 &lt;script&gt;alert(1)&lt;/script&gt; \u00b7 LAK-D1 "
                                "\u00b7 E:T 40 \u2014 live targets: 5</title>"));
    REQUIRE_THAT(html, Contains("A03 \u00b7 not in the layout"));
  }
}

TEST_CASE("report: E:T chart data has sorted means with SD and the fitted curve", "[unit]") {
  test::TempDir d;
  write_folder(d);
  const std::string html = report::render_plate_report(d.path());
  const auto charts = chart_data(html);
  REQUIRE(charts.size() == 1);  // one effector
  const auto& c = charts[0];
  REQUIRE(c["kind"] == "et");
  REQUIRE(c["title"] == "LAK-D1");
  REQUIRE(c["x_min"].get<double>() == Approx(5 / 1.5));
  REQUIRE(c["x_max"].get<double>() == Approx(40 * 1.5));
  const auto& evil = c["series"][0];
  REQUIRE(evil["points"].size() == 4);
  const double xs[] = {5, 10, 20, 40}, ys[] = {14, 21, 31, 45};
  for (int i = 0; i < 4; ++i) {
    REQUIRE(evil["points"][i]["x"].get<double>() == xs[i]);
    REQUIRE(evil["points"][i]["y"].get<double>() == ys[i]);
    REQUIRE(evil["points"][i]["sd"].get<double>() == 2.5);
  }
  REQUIRE(evil["fit"].size() == 48);
  for (const auto& p : evil["fit"]) {
    const double x = p["x"].get<double>();
    REQUIRE(p["y"].get<double>() == Approx(100 * 0.5 * (1 - std::exp(-0.05 * x))));
  }
  const auto& k562 = c["series"][1];
  REQUIRE(k562["points"][0]["sd"].is_null());
  REQUIRE(k562["fit"].empty());  // not_reached: no fit parameters
  REQUIRE_THAT(html, Contains("LU20 = 65000 per 1e7 effectors"));
  REQUIRE_THAT(html, Contains("LU20 &lt; 16667 per 1e7 effectors"));
}

TEST_CASE("lu_curve_pct passes through (E:T)x at x % lysis for each fitted method", "[unit]") {
  const std::vector<assay::DosePoint> pts = {{5, 12}, {10, 21}, {20, 33}, {40, 46}};
  for (const auto m : {assay::LuMethod::kExponential, assay::LuMethod::kOneHit, assay::LuMethod::kWeibull,
                       assay::LuMethod::kLogLinear}) {
    CAPTURE(assay::lu_method_name(m));
    assay::LuParams p;
    p.method = m;
    const auto r = assay::lytic_units(pts, p);
    REQUIRE(r.status == assay::LuStatus::kValue);
    const auto y = detail::lu_curve_pct(assay::lu_method_name(m), r.fit.a, r.fit.b, r.et_x);
    REQUIRE(y.has_value());
    REQUIRE(*y == Approx(p.lysis_pct).margin(1e-6));
  }
  REQUIRE_FALSE(detail::lu_curve_pct("log_interp", NAN, NAN, 10).has_value());
  REQUIRE_FALSE(detail::lu_curve_pct("exponential", 0.5, 0.1, 0).has_value());
}

TEST_CASE("report CSV reader: RFC 4180 quoting, CRLF, BOM, lookup by name", "[unit]") {
  const auto t = detail::parse_csv("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\n2,,\n3\n");
  REQUIRE(t.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(t.size() == 3);
  REQUIRE(t.cell(0, "b") == "x, \"y\"");
  REQUIRE(t.cell(0, "c") == "two\nlines");
  REQUIRE(t.cell(1, "b").empty());
  REQUIRE(t.cell(2, "c").empty());  // short row
  REQUIRE(t.cell(0, "missing").empty());
  REQUIRE(t.number(1, "a") == 2.0);
  REQUIRE_FALSE(t.number(0, "b").has_value());
  REQUIRE_FALSE(detail::parse_number("nan").has_value());
  REQUIRE_FALSE(detail::parse_number("1.5x").has_value());
  REQUIRE(detail::parse_number("-1e3") == -1000.0);
}

TEST_CASE("report text helpers: escaping, numbers, base64, URL segments", "[unit]") {
  REQUIRE(report::html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  REQUIRE(detail::json_for_script(R"({"a":"</script><!--&"})") == R"({"a":"\u003c/script\u003e\u003c!--\u0026"})");
  REQUIRE(detail::fmt_num(71214.94) == "71215");
  REQUIRE(detail::fmt_num(0.462475) == "0.4625");
  REQUIRE(detail::fmt_num(45.2381) == "45.24");
  REQUIRE(detail::fmt_num(14.0) == "14");
  REQUIRE(detail::fmt_num(2.5e-5) == "2.500e-05");
  REQUIRE(detail::fmt_num(std::nullopt).empty());
  // RFC 4648 section 10 test vectors.
  const std::pair<const char*, const char*> vectors[] = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [in, out] : vectors) REQUIRE(detail::base64(in) == out);
  REQUIRE(detail::url_segment("plate 1/#2") == "plate%201%2F%232");
}

TEST_CASE("report: Levey-Jennings charts from --history-json", "[unit]") {
  test::TempDir d;
  write_folder(d);
  d.write("history.json", R"({"control": "K562 %spont", "unit": "%", "points": [
      {"time_utc": "2026-03-01T09:00:00Z", "plate": "OLD", "value": 8.1, "qc": "pass"},
      {"time_utc": "2026-03-14T10:15:00Z", "plate": "PLATE<7>", "value": 12.5, "lj_mean": 8.0, "lj_sd": 1.5, "qc": "fail"}]})");
  report::ReportOptions opt;
  opt.history_json = d / "history.json";
  const auto charts = chart_data(report::render_plate_report(d.path(), opt));
  REQUIRE(charts.size() == 2);
  const auto& lj = charts[1];
  REQUIRE(lj["kind"] == "lj");
  REQUIRE(lj["control"] == "K562 %spont");
  REQUIRE(lj["values"] == nlohmann::json::array({8.1, 12.5}));
  REQUIRE(lj["mean"][0].is_null());
  REQUIRE(lj["sd"][1] == 1.5);
  REQUIRE(lj["current"] == nlohmann::json::array({false, true}));
  d.write("bad.json", "{\"points\": 3}");
  opt.history_json = d / "bad.json";
  REQUIRE_THROWS_AS(report::render_plate_report(d.path(), opt), InputError);
}

TEST_CASE("report: thumbnails of flagged fields link the full overlay", "[unit]") {
  test::TempDir d;
  write_folder(d);
  fs::create_directory(d / "overlays");
  const Image<u16> ch(64, 48, 100);
  const LabelImage labels(64, 48, 0);
  for (const char* name : {"PLATE_A01_s1.png", "PLATE_A02_s1.png", "PLATE_B01_s1.png"})
    io::write_overlay_png(d / "overlays" / name, ch.cview(), labels, {});
  const std::string html = report::render_plate_report(d.path());
  // qc.csv flags A02 s1 (focus warn) only; A01 s1 passed.
  REQUIRE(count_of(html, "<figure>") == 1);
  REQUIRE_THAT(html, Contains("<a href=\"overlays/PLATE_A02_s1.png\"><img alt=\"overlay\" src=\"data:image/png;base64,"));
  REQUIRE_THAT(html, Contains("focus warn"));
  test::TempDir no_qc;
  write_folder(no_qc, {"qc.csv"});
  fs::create_directory(no_qc / "overlays");
  io::write_overlay_png(no_qc / "overlays" / "X_C03_s2.png", ch.cview(), labels, {});
  REQUIRE(count_of(report::render_plate_report(no_qc.path()), "<figure>") == 1);  // unflagged: all shown
}

TEST_CASE("write_plate_report writes report.html atomically", "[unit]") {
  test::TempDir d;
  write_folder(d);
  const fs::path file = report::write_plate_report(d.path());
  REQUIRE(file == d / "report.html");
  REQUIRE(test::read_text(file) == report::render_plate_report(d.path()));
  for (const auto& name : d.names()) REQUIRE(name.find(".tmp") == std::string::npos);
}

TEST_CASE("batch index links every plate folder that has a report", "[unit]") {
  test::TempDir batch;
  for (const char* sub : {"plate 1", "plate2", "no_report", "not_a_run"}) fs::create_directory(batch / sub);
  for (const char* sub : {"plate 1", "plate2", "no_report"}) {
    std::ofstream(batch / sub / "run.json") << kRunJson;
  }
  std::ofstream(batch / "plate2" / "qc.csv") << qc_csv();
  std::ofstream(batch / "plate2" / "selectivity.csv") << selectivity_csv();
  for (const char* sub : {"plate 1", "plate2"}) std::ofstream(batch / sub / "report.html") << "<html></html>";
  const fs::path file = report::write_batch_index(batch.path());
  const std::string html = test::read_text(file);
  REQUIRE(file == batch / "index.html");
  REQUIRE_THAT(html, Contains("<a href=\"plate%201/report.html\">PLATE&lt;7&gt;</a>"));
  REQUIRE_THAT(html, Contains("<a href=\"plate2/report.html\">"));
  REQUIRE(html.find("plate%201/report.html") < html.find("plate2/report.html"));
  REQUIRE(count_of(html, "/report.html\">") == 2);
  REQUIRE_THAT(html, Contains("<span class=\"chip fail\">fail</span>"));
  REQUIRE_THAT(html, Contains("not evaluated"));
  REQUIRE_THAT(html, Contains("LAK-D1: broad"));
  REQUIRE_THAT(html, Contains("no_report: run.json but no report.html"));
  REQUIRE(count_of(html, kEvil) == 0);
  REQUIRE(count_of(html, "not_a_run") == 0);
  REQUIRE_THROWS_AS(report::write_batch_index(batch / "missing"), InputError);
}
