// SPDX-License-Identifier: MIT
// The page's head matter and tail: plate header with provenance, the QC verdicts (first, because
// they decide whether the rest can be trusted), and the footer.
#include <algorithm>
#include <numeric>

#include "lysisq/version.hpp"
#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "&mdash;" : esc(s); }

void meta_row(std::string& h, std::string_view name, const std::string& value_html) {
  h += "<tr><td>" + esc(name) + "</td><td>" + value_html + "</td></tr>\n";
}

/// The worst verdict of qc.csv ("" without one).
std::string worst_qc(const ResultFolder& f) {
  if (!f.qc) return "";
  int worst = -1;
  for (std::size_t r = 0; r < f.qc->size(); ++r) worst = std::max(worst, verdict_rank(f.qc->cell(r, "verdict")));
  return worst == 2 ? "fail" : worst == 1 ? "warn" : worst == 0 ? "pass" : "";
}

std::string qc_row(const CsvTable& qc, std::size_t r) {
  const std::string value = fmt_cell(qc.cell(r, "value"));
  const std::string unit = qc.cell(r, "unit");
  std::string h = "<tr><td>" + verdict_chip(qc.cell(r, "verdict")) + "</td>";
  for (const char* c : {"level", "check", "subject"}) h += "<td>" + esc(qc.cell(r, c)) + "</td>";
  h += "<td class=\"num\">" + esc(value.empty() ? "n/a" : value + (unit.empty() ? "" : " " + unit)) + "</td>";
  for (const char* c : {"warn_limit", "fail_limit"}) h += "<td class=\"num\">" + esc(fmt_cell(qc.cell(r, c))) + "</td>";
  return h + "<td>" + esc(qc.cell(r, "message")) + "</td></tr>\n";
}

std::string qc_table(const CsvTable& qc, const std::vector<std::size_t>& rows) {
  std::string h = "<div class=\"scroll\"><table class=\"qc\"><tr><th>verdict</th><th>level</th><th>check</th>"
                  "<th>subject</th><th>value</th><th>warn limit</th><th>fail limit</th><th>message</th></tr>\n";
  for (std::size_t r : rows) h += qc_row(qc, r);
  return h + "</table></div>\n";
}

}  // namespace

void section_header(const ResultFolder& f, Page& page) {
  const RunInfo& r = f.run;
  std::string& h = page.html;
  h += "<header><h1>lysisq report: " + or_dash(r.plate) + "</h1>\n";
  const std::string worst = worst_qc(f);
  if (!worst.empty()) h += "<p>Worst QC verdict: " + verdict_chip(worst) + "</p>\n";
  h += "<table class=\"meta\">\n";
  meta_row(h, "Plate", or_dash(r.plate));
  meta_row(h, "Assay", esc(f.is_release() ? "51Cr release" : "fluorescence imaging"));
  meta_row(h, "Run started (UTC)", or_dash(r.date_utc));
  meta_row(h, "Tool", esc("lysisq " + r.version + (r.git.empty() ? "" : " (" + r.git + ")")));
  std::string compute = r.backend.empty() ? "" : r.backend + (r.device.empty() || r.device == r.backend ? "" : ", " + r.device);
  if (!r.threads.empty() && !compute.empty()) compute += ", " + r.threads + " threads";
  if (compute.empty() && f.is_release()) compute = "not applicable (counter data, no image processing)";
  meta_row(h, "Backend / device", or_dash(compute));
  meta_row(h, "Config hash (FNV-1a 64)", "<span class=\"mono\">" + or_dash(r.config_hash) + "</span>");
  meta_row(h, "Input", "<span class=\"mono\">" + or_dash(r.input) + "</span>");
  std::string counts;
  for (const auto& [k, v] : r.counts) counts += (counts.empty() ? "" : ", ") + v + " " + k;
  meta_row(h, "Counts", or_dash(counts));
  h += "</table></header>\n<nav><a href=\"#qc\">QC</a><a href=\"#heatmaps\">Plate</a><a href=\"#curves\">E:T curves</a>";
  if (f.kinetics || f.kinetic_summary) h += "<a href=\"#kinetics\">Killing over time</a>";  // kinetic runs only
  h += "<a href=\"#selectivity\">Selectivity</a><a href=\"#conditions\">Conditions</a><a href=\"#overlays\">Overlays</a>"
       "<a href=\"#history\">History</a></nav>\n";
}

void section_qc(const ResultFolder& f, Page& page) {
  page.html += "<section id=\"qc\"><h2>QC verdicts</h2>\n";
  if (!f.qc) {
    page.note("QC not evaluated: this result folder has no qc.csv.");
  } else {
    const CsvTable& qc = *f.qc;
    std::vector<std::size_t> order(qc.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return verdict_rank(qc.cell(a, "verdict")) > verdict_rank(qc.cell(b, "verdict"));
    });
    int n[3] = {0, 0, 0};
    for (std::size_t r = 0; r < qc.size(); ++r)
      if (const int k = verdict_rank(qc.cell(r, "verdict")); k >= 0) ++n[k];
    page.html += "<p>" + verdict_chip("fail") + " " + std::to_string(n[2]) + " &nbsp; " + verdict_chip("warn") + " " +
                 std::to_string(n[1]) + " &nbsp; " + verdict_chip("pass") + " " + std::to_string(n[0]) + "</p>\n";
    const auto first_pass = std::find_if(order.begin(), order.end(),
                                         [&](std::size_t r) { return verdict_rank(qc.cell(r, "verdict")) <= 0; });
    const std::vector<std::size_t> flagged(order.begin(), first_pass), passed(first_pass, order.end());
    if (flagged.empty()) page.note("No check warned or failed.");
    else page.html += qc_table(qc, flagged);
    if (!passed.empty())
      page.html += "<details><summary>" + std::to_string(passed.size()) + " checks passed (or not graded)</summary>\n" +
                   qc_table(qc, passed) + "</details>\n";
  }
  if (!f.run.warnings.empty()) {
    page.html += "<h3>Run warnings</h3>\n<ul>\n";
    for (const auto& w : f.run.warnings) page.html += "<li>" + esc(w) + "</li>\n";
    page.html += "</ul>\n";
  }
  page.html += "</section>\n";
}

void section_footer(const ResultFolder& f, Page& page) {
  const RunInfo& r = f.run;
  std::string& h = page.html;
  h += "<footer><h3>Provenance</h3>\n<table class=\"meta\">\n";
  meta_row(h, "Command line", "<span class=\"mono\">" + or_dash(r.command_line) + "</span>");
  meta_row(h, "Host", or_dash(r.host));
  meta_row(h, "Layout", "<span class=\"mono\">" + or_dash(r.layout) + "</span>");
  meta_row(h, "Config file", or_dash(r.config_file.empty() ? "built-in defaults" : r.config_file));
  std::string overrides;
  for (const auto& o : r.overrides) overrides += (overrides.empty() ? "" : "; ") + o;
  meta_row(h, "Overrides", or_dash(overrides));
  if (r.wall_time_s) meta_row(h, "Wall time", esc(fmt_num(r.wall_time_s, 3) + " s"));
  std::string outputs;
  for (const auto& o : r.outputs) outputs += (outputs.empty() ? "" : ", ") + o;
  meta_row(h, "Outputs", or_dash(outputs));
  for (const auto& n : r.input_notes) meta_row(h, "Input note", esc(n));
  meta_row(h, "Result folder", "<span class=\"mono\">" + esc(f.dir.string()) + "</span>");
  meta_row(h, "Report by", esc(std::string("lysisq ") + kVersion + " (" + kGitDescribe + ")"));
  h += "</table>\n<p>Self-contained page: Chart.js " + esc("(MIT licence, Chart.js contributors)") +
       " is embedded; nothing is loaded from the network.</p></footer>\n";
}

}  // namespace lysisq::report::detail
