// SPDX-License-Identifier: MIT
// E:T curves: one Chart.js chart per effector (and label set), a series per target with ±SD
// whiskers, the fitted lytic-unit curve where lytic_units.csv has fit parameters, and the LU
// figures in a table under each chart.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

using nlohmann::json;

std::optional<double> lu_curve_pct(std::string_view method, double a, double b, double et) {
  if (!(et > 0) || !std::isfinite(a) || !std::isfinite(b)) return std::nullopt;
  if (method == "exponential") return 100.0 * a * (1.0 - std::exp(-b * et));
  if (method == "one_hit") return 100.0 * (1.0 - std::exp(-b * et));
  if (method == "weibull") return 100.0 * (1.0 - std::exp(-std::exp(a) * std::pow(et, b)));
  if (method == "log_linear") return a + b * std::log10(et);
  return std::nullopt;
}

namespace {

struct LysisColumns {
  const char* mean;
  const char* sd;
  const char* y_label;
};

/// The condition-level lysis column, 51Cr first; fluorescence writes the primary metric as
/// killing_pct_mean.
std::optional<LysisColumns> lysis_columns(const CsvTable& c) {
  static constexpr LysisColumns kCandidates[] = {
      {"lysis_pct", "lysis_sd_pct", "% specific lysis"},
      {"killing_pct_mean", "killing_pct_sd", "% killing"},
      {"specific_death_pct_mean", "specific_death_pct_sd", "% specific death"},
      {"dead_targets_pct_mean", "dead_targets_pct_sd", "% dead targets"}};
  for (const auto& k : kCandidates)
    if (c.has(k.mean)) return k;
  return std::nullopt;
}

struct Point {
  double et, mean;
  std::optional<double> sd;
};
using GroupKey = std::pair<std::string, std::string>;  ///< effector, labels
using Series = std::map<std::string, std::vector<Point>>;  ///< by target

std::string per_text(std::optional<double> per) {
  if (!per || *per <= 0) return "";
  const double e = std::log10(*per);
  if (std::fabs(e - std::round(e)) < 1e-9) return " per 1e" + std::to_string(static_cast<int>(std::lround(e))) + " effectors";
  return " per " + fmt_num(per) + " effectors";
}

/// "LU20 = 71215 per 1e7 effectors", "LU20 < 16667 ...", "LU20 undefined".
std::string lu_text(const CsvTable& lu, std::size_t r) {
  const std::string name = "LU" + fmt_num(lu.number(r, "lysis_x_pct"), 3);
  const std::string per = per_text(lu.number(r, "per_effectors"));
  const std::string& status = lu.cell(r, "status");
  if (status == "value") return name + " = " + fmt_num(lu.number(r, "lu")) + per;
  const auto bound = lu.number(r, "lu_bound");
  if ((status == "not_reached" || status == "below_range") && bound)
    return name + " " + (status == "not_reached" ? "<" : ">") + " " + fmt_num(bound) + per;
  return name + " " + (status.empty() ? "not given" : status);
}

std::optional<std::size_t> lu_row(const CsvTable* lu, const GroupKey& g, const std::string& target) {
  if (!lu) return std::nullopt;
  for (std::size_t r = 0; r < lu->size(); ++r)
    if (lu->cell(r, "effector") == g.first && lu->cell(r, "labels") == g.second && lu->cell(r, "target") == target)
      return r;
  return std::nullopt;
}

/// The fitted curve over the tested E:T range widened by a quarter each side, 48 log-spaced points.
json fit_curve(const CsvTable& lu, std::size_t r, const std::vector<Point>& pts) {
  json out = json::array();
  const auto a = lu.number(r, "fit_a"), b = lu.number(r, "fit_b");
  if (!a || !b || pts.empty()) return out;
  const double lo = std::log(pts.front().et / 1.25), hi = std::log(pts.back().et * 1.25);
  for (int i = 0; i < 48; ++i) {
    const double x = std::exp(lo + (hi - lo) * i / 47.0);
    if (const auto y = lu_curve_pct(lu.cell(r, "method"), *a, *b, x)) out.push_back({{"x", x}, {"y", *y}});
  }
  return out;
}

std::string lu_table(const CsvTable& lu, const std::vector<std::size_t>& rows) {
  std::string h = "<table><tr><th>target</th><th>lytic units</th><th>(E:T)x</th><th>AUC (% \u00b7 ln E:T)</th>"
                  "<th>method</th><th>points used</th><th>note</th></tr>\n";
  for (std::size_t r : rows) {
    h += "<tr><td>" + esc(lu.cell(r, "target")) + "</td><td>" + esc(lu_text(lu, r)) + "</td><td class=\"num\">" +
         esc(fmt_cell(lu.cell(r, "et_x"))) + "</td><td class=\"num\">" + esc(fmt_cell(lu.cell(r, "auc_pct_ln_et"))) +
         "</td><td>" + esc(lu.cell(r, "method")) + "</td><td class=\"num\">" + esc(lu.cell(r, "points_used")) + " / " +
         esc(lu.cell(r, "points_n")) + "</td><td>" + esc(lu.cell(r, "reason")) + "</td></tr>\n";
  }
  return h + "</table>\n";
}

std::map<GroupKey, Series> collect(const CsvTable& c, const LysisColumns& cols) {
  std::map<GroupKey, Series> groups;
  for (std::size_t r = 0; r < c.size(); ++r) {
    const auto et = c.number(r, "et_ratio"), mean = c.number(r, cols.mean);
    if (c.cell(r, "effector").empty() || !et || !(*et > 0) || !mean) continue;
    if (c.has("role") && c.cell(r, "role") != "experimental") continue;
    groups[{c.cell(r, "effector"), c.cell(r, "labels")}][c.cell(r, "target")].push_back({*et, *mean, c.number(r, cols.sd)});
  }
  for (auto& [g, series] : groups)
    for (auto& [t, pts] : series) std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.et < b.et; });
  return groups;
}

void one_chart(const ResultFolder& f, const GroupKey& g, const Series& series, const std::string& y_label, Page& page) {
  const std::string title = g.first + (g.second.empty() ? "" : " (" + g.second + ")");
  const std::string id = page.new_id("et");
  json chart = {{"id", id}, {"kind", "et"}, {"title", title}, {"y_label", y_label}, {"series", json::array()}};
  // The log axis would otherwise round out to powers of ten and squeeze 5..40 into a third of it.
  double et_lo = INFINITY, et_hi = -INFINITY;
  for (const auto& [target, pts] : series) et_lo = std::min(et_lo, pts.front().et), et_hi = std::max(et_hi, pts.back().et);
  chart["x_min"] = et_lo / 1.5;
  chart["x_max"] = et_hi * 1.5;
  std::vector<std::size_t> lu_rows;
  for (const auto& [target, pts] : series) {
    json s = {{"label", target}, {"points", json::array()}, {"fit", json::array()}};
    for (const auto& p : pts) s["points"].push_back({{"x", p.et}, {"y", p.mean}, {"sd", p.sd ? json(*p.sd) : json()}});
    if (const auto r = lu_row(f.lytic_units ? &*f.lytic_units : nullptr, g, target)) {
      s["fit"] = fit_curve(*f.lytic_units, *r, pts);
      lu_rows.push_back(*r);
    }
    chart["series"].push_back(std::move(s));
  }
  page.charts.push_back(std::move(chart));
  page.html += "<div><h3>" + esc(title) + "</h3>\n<div class=\"chart\"><canvas id=\"" + id + "\"></canvas></div>\n";
  if (!lu_rows.empty()) page.html += lu_table(*f.lytic_units, lu_rows);
  page.html += "</div>\n";
}

}  // namespace

void section_curves(const ResultFolder& f, Page& page) {
  page.html += "<section id=\"curves\"><h2>E:T curves</h2>\n";
  const auto cols = f.conditions ? lysis_columns(*f.conditions) : std::nullopt;
  if (!f.conditions) page.note("No conditions.csv in this result folder: E:T curves omitted.");
  else if (!cols) page.note("conditions.csv has no lysis column the report knows: E:T curves omitted.");
  const auto groups = cols ? collect(*f.conditions, *cols) : std::map<GroupKey, Series>{};
  if (cols && groups.empty()) page.note("No experimental condition with an effector and an E:T ratio: no curves.");
  if (cols && !f.lytic_units) page.note("No lytic_units.csv: points only, without fitted curves or lytic units.");
  std::string y_label = cols ? cols->y_label : "";
  if (f.conditions && f.conditions->size() && !f.conditions->cell(0, "primary_metric").empty())
    y_label += " (" + f.conditions->cell(0, "primary_metric") + ")";
  if (!groups.empty()) page.html += "<p>Mean of the replicate wells \u00b1 SD; dashed: fitted lytic-unit curve.</p>\n";
  page.html += "<div class=\"charts\">\n";
  for (const auto& [g, series] : groups) one_chart(f, g, series, y_label, page);
  page.html += "</div>\n</section>\n";
}

}  // namespace lysisq::report::detail
