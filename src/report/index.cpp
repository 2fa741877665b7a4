// SPDX-License-Identifier: MIT
// index.html for a batch folder: one row per plate sub-folder that has a report.html, with the
// facts needed to pick which report to open first (worst QC verdict, counts, patterns).
#include <algorithm>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/report.hpp"
#include "report/html.hpp"
#include "report/result_folder.hpp"
#include "report/sections.hpp"

namespace lysisq::report {

namespace {

namespace fs = std::filesystem;
using namespace detail;

std::string worst_verdict_of(const std::optional<CsvTable>& qc) {
  if (!qc) return "";
  int worst = -1;
  for (std::size_t r = 0; r < qc->size(); ++r) worst = std::max(worst, verdict_rank(qc->cell(r, "verdict")));
  return worst == 2 ? "fail" : worst == 1 ? "warn" : worst == 0 ? "pass" : "";
}

/// "LAK-D1: broad; TIL-P1: autologous-selective" from selectivity.csv (one entry per effector).
std::string patterns_of(const std::optional<CsvTable>& s) {
  if (!s) return "";
  std::vector<std::string> seen;
  std::string out;
  for (std::size_t r = 0; r < s->size(); ++r) {
    const std::string e = s->cell(r, "effector") + (s->cell(r, "labels").empty() ? "" : " (" + s->cell(r, "labels") + ")");
    if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
    seen.push_back(e);
    out += (out.empty() ? "" : "; ") + e + ": " + s->cell(r, "pattern");
  }
  return out;
}

std::string plate_row(const fs::path& sub) {
  const std::string link = url_segment(sub.filename().string()) + "/report.html";
  RunInfo run;
  std::string problem;
  try {
    run = read_run_json(sub / "run.json");
  } catch (const InputError& e) {
    problem = e.what();
  }
  std::string counts;
  for (const auto& [k, v] : run.counts) counts += (counts.empty() ? "" : ", ") + v + " " + k;
  const std::string worst = worst_verdict_of(read_csv_if_exists(sub / "qc.csv"));
  return "<tr><td><a href=\"" + esc(link) + "\">" + esc(run.plate.empty() ? sub.filename().string() : run.plate) +
         "</a></td><td>" + esc(sub.filename().string()) + "</td><td>" + esc(run.date_utc) + "</td><td>" +
         (worst.empty() ? std::string("<span class=\"note\">not evaluated</span>") : verdict_chip(worst)) + "</td><td>" +
         esc(problem.empty() ? counts : problem) + "</td><td>" + esc(patterns_of(read_csv_if_exists(sub / "selectivity.csv"))) +
         "</td></tr>\n";
}

}  // namespace

std::string render_batch_index(const fs::path& batch_dir) {
  std::error_code ec;
  if (!fs::is_directory(batch_dir, ec)) throw InputError(batch_dir.string() + ": no such batch folder");
  std::vector<fs::path> with_report, without_report;
  for (const auto& e : fs::directory_iterator(batch_dir, ec)) {
    if (!e.is_directory()) continue;
    if (fs::is_regular_file(e.path() / "report.html")) with_report.push_back(e.path());
    else if (fs::is_regular_file(e.path() / "run.json")) without_report.push_back(e.path());
  }
  std::sort(with_report.begin(), with_report.end());
  std::sort(without_report.begin(), without_report.end());
  std::string body = "<h1>lysisq batch: " + esc(batch_dir.filename().string()) + "</h1>\n";
  if (with_report.empty()) {
    body += "<p class=\"note\">No sub-folder has a report.html.</p>\n";
  } else {
    body += "<table><tr><th>plate</th><th>folder</th><th>run started (UTC)</th><th>worst QC</th><th>counts</th>"
            "<th>selectivity</th></tr>\n";
    for (const auto& sub : with_report) body += plate_row(sub);
    body += "</table>\n";
  }
  for (const auto& sub : without_report)
    body += "<p class=\"note\">" + esc(sub.filename().string() + ": run.json but no report.html (lysisq report " +
                                      sub.string() + ")") + "</p>\n";
  return html_static_document("lysisq batch: " + batch_dir.filename().string(), body);
}

fs::path write_batch_index(const fs::path& batch_dir) {
  const std::string html = render_batch_index(batch_dir);
  const auto file = batch_dir / "index.html";
  io::write_file_atomic(file, html);
  return file;
}

}  // namespace lysisq::report
