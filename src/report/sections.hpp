// SPDX-License-Identifier: MIT
// Internal to src/report: the page being built and one function per section, in page order.
// Sections append HTML to Page::html; charts add their data to Page::charts, which the page's
// script (assets.cpp) draws with the embedded Chart.js.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lysisq/report.hpp"
#include "report/csv_table.hpp"
#include "report/result_folder.hpp"

namespace lysisq::report::detail {

struct Page {
  std::string html;
  nlohmann::json charts = nlohmann::json::array();  ///< one object per <canvas>, "id" = its id
  int next_id = 0;
  std::string new_id(std::string_view prefix) { return std::string(prefix) + "-" + std::to_string(next_id++); }
  void note(std::string_view text) { html += "<p class=\"note\">" + html_escape(text) + "</p>\n"; }
};

void section_header(const ResultFolder& f, Page& page);
void section_qc(const ResultFolder& f, Page& page);
void section_heatmaps(const ResultFolder& f, Page& page);
void section_curves(const ResultFolder& f, Page& page);
/// Killing over time from kinetics.csv / kinetic_summary.csv; appends nothing when both are absent.
void section_kinetics(const ResultFolder& f, Page& page);
void section_selectivity(const ResultFolder& f, Page& page);
void section_tables(const ResultFolder& f, Page& page);
void section_overlays(const ResultFolder& f, const ReportOptions& opt, Page& page);
void section_history(const ResultFolder& f, const ReportOptions& opt, Page& page);
void section_footer(const ResultFolder& f, Page& page);

/// A whole CSV as an HTML table (numbers via fmt_cell(), every cell escaped), without the
/// columns named in `skip`; wrapped in a horizontally scrolling box.
std::string html_table(const CsvTable& t, std::initializer_list<std::string_view> skip = {});

/// The complete document: head with the style sheet, `body`, the chart data, Chart.js and the
/// page script. `title` is escaped here.
std::string html_document(std::string_view title, const std::string& body, const nlohmann::json& charts);

/// A document without charts or scripts (the batch index).
std::string html_static_document(std::string_view title, const std::string& body);

/// The embedded Chart.js source (InternalError if it could close a <script> element).
std::string_view chartjs_source();

}  // namespace lysisq::report::detail

namespace lysisq::report::detail {

/// The lytic-unit fit of lytic_units.csv evaluated at `et` as % lysis, by its `method` (a = fit_a,
/// b = fit_b, lytic_units.hpp LuFit): exponential 100 a (1 - e^(-b x)); one_hit 100 (1 - e^(-b x));
/// weibull 100 (1 - exp(-e^a x^b)); log_linear a + b log10 x. nullopt for log_interp, unknown
/// methods, non-finite parameters or et <= 0.
std::optional<double> lu_curve_pct(std::string_view method, double a, double b, double et);

}  // namespace lysisq::report::detail
