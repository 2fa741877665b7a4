// SPDX-License-Identifier: MIT
// Levey-Jennings charts of control values over past runs, from a JSON file given with
// --history-json (the columns of `lysisq history trend --csv`; see ReportOptions). The report does
// not open the history database itself, so a report can be made on any machine.
#include <fstream>

#include "lysisq/errors.hpp"
#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

using nlohmann::json;

namespace {

json number_or_null(const json& p, const char* key) {
  return p.contains(key) && p[key].is_number() ? p[key] : json();
}

std::string string_at(const json& p, const char* key) {
  return p.contains(key) && p[key].is_string() ? p[key].get<std::string>() : std::string();
}

/// One control's series as chart data, and a line of text naming its latest verdict.
json lj_chart(const json& series, const std::string& plate, const std::string& id, const std::filesystem::path& file) {
  if (!series.is_object() || !series.contains("points") || !series["points"].is_array())
    throw InputError(file.string() + ": each history series needs a \"points\" array");
  json c = {{"id", id},         {"kind", "lj"},         {"control", string_at(series, "control")},
            {"unit", string_at(series, "unit")}, {"labels", json::array()}, {"values", json::array()},
            {"mean", json::array()}, {"sd", json::array()}, {"qc", json::array()}, {"current", json::array()}};
  for (const auto& p : series["points"]) {
    if (!p.is_object()) throw InputError(file.string() + ": a history point is not an object");
    const std::string run_plate = string_at(p, "plate");
    c["labels"].push_back(string_at(p, "time_utc").substr(0, 10) + (run_plate.empty() ? "" : " " + run_plate));
    c["values"].push_back(number_or_null(p, "value"));
    c["mean"].push_back(number_or_null(p, "lj_mean"));
    c["sd"].push_back(number_or_null(p, "lj_sd"));
    c["qc"].push_back(string_at(p, "qc"));
    c["current"].push_back(!plate.empty() && run_plate == plate);
  }
  return c;
}

json read_history(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot read the history file");
  try {
    json j = json::parse(in);
    if (j.is_object()) j = json::array({j});
    if (!j.is_array()) throw InputError(file.string() + ": expected a history series object or an array of them");
    return j;
  } catch (const json::exception& e) {
    throw InputError(file.string() + ": not valid JSON: " + e.what());
  }
}

}  // namespace

void section_history(const ResultFolder& f, const ReportOptions& opt, Page& page) {
  page.html += "<section id=\"history\"><h2>Control history (Levey-Jennings)</h2>\n";
  if (!opt.history_json) {
    page.note("No run history given (lysisq report DIR --history-json FILE): the Levey-Jennings chart of the "
              "reference control is omitted.");
    page.html += "</section>\n";
    return;
  }
  page.html += "<p>Points coloured by the run's Westgard verdict; the larger point is this plate. Lines: baseline mean, "
               "\u00b12 SD and \u00b13 SD.</p>\n<div class=\"charts\">\n";
  for (const auto& series : read_history(*opt.history_json)) {
    const std::string id = page.new_id("lj");
    json chart = lj_chart(series, f.run.plate, id, *opt.history_json);
    page.html += "<div class=\"chart\"><canvas id=\"" + id + "\" aria-label=\"" + esc(chart["control"].get<std::string>()) +
                 "\"></canvas></div>\n";
    page.charts.push_back(std::move(chart));
  }
  page.html += "</div>\n</section>\n";
}

}  // namespace lysisq::report::detail
