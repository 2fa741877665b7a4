// SPDX-License-Identifier: MIT
// Tabular sections: selectivity (pattern and explanation per effector, then its comparisons),
// conditions and 51Cr release controls (whole CSVs, read by header, so new columns show up).
#include <algorithm>
#include <set>

#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

std::string html_table(const CsvTable& t, std::initializer_list<std::string_view> skip) {
  std::vector<std::size_t> cols;
  for (std::size_t i = 0; i < t.header.size(); ++i)
    if (std::find(skip.begin(), skip.end(), t.header[i]) == skip.end()) cols.push_back(i);
  std::string h = "<div class=\"scroll\"><table class=\"wide\">\n<tr>";
  for (std::size_t i : cols) h += "<th>" + esc(t.header[i]) + "</th>";
  h += "</tr>\n";
  for (const auto& row : t.rows) {
    h += "<tr>";
    for (std::size_t i : cols) {
      const std::string cell = i < row.size() ? row[i] : std::string();
      const bool numeric = parse_number(cell).has_value();
      h += (numeric ? "<td class=\"num\">" : "<td>") + esc(fmt_cell(cell)) + "</td>";
    }
    h += "</tr>\n";
  }
  return h + "</table></div>\n";
}

namespace {

/// "MEL-P1 vs DAUDI: LU ratio < 0.247, lysis difference -30.2 % at E:T 40".
std::string comparison_text(const CsvTable& s, std::size_t r) {
  std::string t = s.cell(r, "autologous") + " vs " + s.cell(r, "cell_line") + ": LU ratio ";
  const std::string& kind = s.cell(r, "lu_ratio_kind");
  const std::string ratio = fmt_cell(s.cell(r, "lu_ratio"));
  t += ratio.empty() ? "n/a" : (kind.empty() || kind == "=" ? "" : kind + " ") + ratio;
  if (!s.cell(r, "lysis_diff_pct").empty())
    t += ", lysis difference " + fmt_cell(s.cell(r, "lysis_diff_pct")) + " % at E:T " + fmt_cell(s.cell(r, "common_et"));
  return t;
}

}  // namespace

void section_selectivity(const ResultFolder& f, Page& page) {
  page.html += "<section id=\"selectivity\"><h2>Selectivity</h2>\n";
  if (!f.selectivity) {
    page.note("No selectivity.csv in this result folder: selectivity omitted.");
    page.html += "</section>\n";
    return;
  }
  const CsvTable& s = *f.selectivity;
  page.html += "<div class=\"scroll\"><table><tr><th>effector</th><th>pattern</th><th>explanation</th>"
               "<th>comparisons (autologous vs cell line)</th></tr>\n";
  // One row per effector and label set; selectivity.csv repeats pattern and explanation on each
  // of its comparison rows.
  std::vector<std::pair<std::string, std::string>> seen;
  for (std::size_t r = 0; r < s.size(); ++r) {
    const std::pair<std::string, std::string> key{s.cell(r, "effector"), s.cell(r, "labels")};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    std::string comparisons;
    for (std::size_t q = r; q < s.size(); ++q)
      if (s.cell(q, "effector") == key.first && s.cell(q, "labels") == key.second && !s.cell(q, "cell_line").empty())
        comparisons += "<li>" + esc(comparison_text(s, q)) + "</li>";
    page.html += "<tr><td>" + esc(key.first + (key.second.empty() ? "" : " (" + key.second + ")")) +
                 "</td><td><span class=\"chip other\">" + esc(s.cell(r, "pattern")) + "</span></td><td>" +
                 esc(s.cell(r, "explanation")) + "</td><td class=\"comparisons\">" +
                 (comparisons.empty() ? std::string("&mdash;") : "<ul>" + comparisons + "</ul>") + "</td></tr>\n";
  }
  page.html += "</table></div>\n</section>\n";
}

void section_tables(const ResultFolder& f, Page& page) {
  page.html += "<section id=\"conditions\"><h2>Conditions</h2>\n";
  if (f.conditions) page.html += html_table(*f.conditions, {"plate"});
  else page.note("No conditions.csv in this result folder: conditions omitted.");
  if (f.controls) {
    page.html += "<h3>Release controls (per target)</h3>\n" + html_table(*f.controls, {"plate"});
  } else if (f.is_release()) {
    page.note("No controls.csv in this result folder: release controls omitted.");
  }
  page.html += "</section>\n";
}

}  // namespace lysisq::report::detail
