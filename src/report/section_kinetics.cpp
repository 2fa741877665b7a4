// SPDX-License-Identifier: MIT
// Killing over time (`lysisq run --kinetics`, ASSAY.md §3.2): one Chart.js chart per effector
// (and label set) of time-normalised %killing against hours, a dataset per target x E:T, the KT
// level as a dashed line, then kinetic_summary.csv. The whole section is left out when neither
// kinetic CSV exists: most runs are end-point only, and a "no kinetics" note on each would be noise.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

using nlohmann::json;

namespace {

constexpr const char* kTimeCol = "time_h";
constexpr const char* kKillingCol = "killing_time_normalised_pct";

struct TimePoint {
  double h, pct;
};
using GroupKey = std::pair<std::string, std::string>;                // effector, labels
using SeriesKey = std::pair<std::string, std::optional<double>>;     // target, E:T
using Series = std::map<SeriesKey, std::vector<TimePoint>>;          // ordered: target, then E:T

/// "K562 40:1"; the target alone when the row has no E:T ratio.
std::string series_label(const SeriesKey& k) {
  return k.second ? k.first + " " + fmt_num(k.second) + ":1" : k.first;
}

std::map<GroupKey, Series> collect(const CsvTable& k) {
  std::map<GroupKey, Series> groups;
  for (std::size_t r = 0; r < k.size(); ++r) {
    const auto h = k.number(r, kTimeCol), pct = k.number(r, kKillingCol);
    // An empty %killing (a reference count of 0) is unknown, not 0 %: the point is left out and
    // the line joins its neighbours, as the summary's AUC does.
    if (!h || !pct) continue;
    groups[{k.cell(r, "effector"), k.cell(r, "labels")}][{k.cell(r, "target"), k.number(r, "et_ratio")}].push_back({*h, *pct});
  }
  for (auto& [g, series] : groups)
    for (auto& [s, pts] : series)
      std::stable_sort(pts.begin(), pts.end(), [](const TimePoint& a, const TimePoint& b) { return a.h < b.h; });
  return groups;
}

/// The KT level of the group's summary rows (normally 50); nullopt without a summary.
std::optional<double> kt_level(const CsvTable* s, const GroupKey& g) {
  if (!s) return std::nullopt;
  for (std::size_t r = 0; r < s->size(); ++r)
    if (s->cell(r, "effector") == g.first && s->cell(r, "labels") == g.second)
      if (const auto v = s->number(r, "kt_level_pct")) return v;
  return std::nullopt;
}

void one_chart(const GroupKey& g, const Series& series, std::optional<double> level, Page& page) {
  const std::string name = g.first.empty() ? std::string("no effector") : g.first;
  const std::string title = name + (g.second.empty() ? "" : " (" + g.second + ")");
  const std::string id = page.new_id("kinetics");
  json chart = {{"id", id}, {"kind", "kinetics"}, {"title", title},
                {"y_label", "time-normalised % killing"}, {"series", json::array()}};
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& [key, pts] : series) {
    json s = {{"label", series_label(key)}, {"points", json::array()}};
    for (const auto& p : pts) s["points"].push_back({{"x", p.h}, {"y", p.pct}});
    lo = std::min(lo, pts.front().h), hi = std::max(hi, pts.back().h);
    chart["series"].push_back(std::move(s));
  }
  // The level line spans the x axis, so the axis is fixed to the time range (a single time point
  // gets an hour of width rather than a zero-width axis).
  chart["x_min"] = lo;
  chart["x_max"] = hi > lo ? hi : lo + 1;
  chart["level"] = level ? json(*level) : json();
  chart["level_label"] = level ? "KT" + fmt_num(level, 3) + " level (" + fmt_num(level, 3) + " %)" : "";
  page.charts.push_back(std::move(chart));
  page.html += "<div><h3>" + esc(title) + "</h3>\n<div class=\"chart\"><canvas id=\"" + id + "\"></canvas></div>\n</div>\n";
}

/// kinetic_summary.csv without the plate column. kt_h is empty when the curve never reached the
/// level; an empty cell would read as missing data, so it says "not reached" instead.
std::string summary_table(const CsvTable& s) {
  CsvTable shown = s;
  if (const auto kt = shown.column("kt_h"))
    for (std::size_t r = 0; r < shown.size(); ++r)
      if (shown.cell(r, "kt_status") == "not_reached") {
        if (shown.rows[r].size() <= *kt) shown.rows[r].resize(*kt + 1);
        shown.rows[r][*kt] = "not reached";
      }
  return html_table(shown, {"plate"});
}

}  // namespace

void section_kinetics(const ResultFolder& f, Page& page) {
  if (!f.kinetics && !f.kinetic_summary) return;
  page.html += "<section id=\"kinetics\"><h2>Killing over time</h2>\n";
  const CsvTable* summary = f.kinetic_summary ? &*f.kinetic_summary : nullptr;
  const bool usable = f.kinetics && f.kinetics->has(kTimeCol) && f.kinetics->has(kKillingCol);
  if (!f.kinetics) page.note("No kinetics.csv in this result folder: curves over time omitted.");
  else if (!usable) page.note("kinetics.csv has no time_h or killing_time_normalised_pct column: curves omitted.");
  const auto groups = usable ? collect(*f.kinetics) : std::map<GroupKey, Series>{};
  if (usable && groups.empty()) page.note("No time point with both a time and a %killing in kinetics.csv: no curves.");
  if (!groups.empty()) {
    page.html += "<p>Time-normalised %killing: live targets with effectors relative to the reference wells, "
                 "each against its own first time point, so target growth is not counted as killing. "
                 "Dashed: the KT level; KT is the first time a curve reaches it.</p>\n";
  }
  if (!summary) page.note("No kinetic_summary.csv in this result folder: no KT level line, AUC or KT.");
  page.html += "<div class=\"charts\">\n";
  for (const auto& [g, series] : groups) one_chart(g, series, kt_level(summary, g), page);
  page.html += "</div>\n";
  if (summary) page.html += "<h3>Per condition: AUC, maximum and KT</h3>\n" + summary_table(*summary);
  page.html += "</section>\n";
}

}  // namespace lysisq::report::detail
