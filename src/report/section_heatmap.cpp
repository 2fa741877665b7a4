// SPDX-License-Identifier: MIT
// Plate heatmaps as inline SVG (no script needed): one rect per well, viridis colour scale with a
// legend, the value printed in 96-well plates, and a hover title naming the well's contents.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

#include "lysisq/plate.hpp"
#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

namespace {

struct HeatmapSpec {
  const char* column;
  const char* title;
};

/// Viridis (matplotlib's default map): perceptually uniform, readable in grey and by people with
/// colour-vision deficiency. Five stops, linearly interpolated.
std::array<int, 3> viridis(double t) {
  static constexpr std::array<std::array<double, 3>, 5> kStops{
      {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const auto i = std::min<std::size_t>(3, static_cast<std::size_t>(t));
  const double u = t - static_cast<double>(i);
  std::array<int, 3> c{};
  for (std::size_t k = 0; k < 3; ++k) c[k] = static_cast<int>(std::lround(kStops[i][k] * (1 - u) + kStops[i + 1][k] * u));
  return c;
}

std::string css_rgb(const std::array<int, 3>& c) {
  return "rgb(" + std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]) + ")";
}

/// 96 unless a well lies outside 8 x 12 (then 384).
PlateFormat format_of(const CsvTable& wells) {
  PlateFormat f;
  for (std::size_t r = 0; r < wells.size(); ++r)
    if (const auto w = WellId::parse(wells.cell(r, "well")); w && !f.contains(*w)) f = {16, 24};
  return f;
}

std::string well_description(const CsvTable& wells, std::size_t r) {
  std::string d = wells.cell(r, "well");
  for (const char* c : {"role", "target", "effector"})
    if (!wells.cell(r, c).empty()) d += " \u00b7 " + wells.cell(r, c);
  if (!wells.cell(r, "et_ratio").empty()) d += " \u00b7 E:T " + fmt_cell(wells.cell(r, "et_ratio"));
  if (!wells.cell(r, "labels").empty()) d += " \u00b7 " + wells.cell(r, "labels");
  return d;
}

struct Cell {
  std::size_t row;  ///< in wells.csv
  std::optional<double> value;
};

std::string legend(const std::string& grad_id, int x0, int y0, int width, double lo, double hi, const char* title) {
  std::string s = "<defs><linearGradient id=\"" + grad_id + "\">";
  for (int k = 0; k <= 4; ++k)
    s += "<stop offset=\"" + std::to_string(k * 25) + "%\" stop-color=\"" + css_rgb(viridis(k / 4.0)) + "\"/>";
  s += "</linearGradient></defs>\n";
  s += "<rect x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y0) + "\" width=\"" + std::to_string(width) +
       "\" height=\"10\" fill=\"url(#" + grad_id + ")\"/>\n";
  const std::string ty = std::to_string(y0 + 22);
  s += "<text x=\"" + std::to_string(x0) + "\" y=\"" + ty + "\">" + esc(fmt_num(lo)) + "</text>";
  s += "<text x=\"" + std::to_string(x0 + width) + "\" y=\"" + ty + "\" text-anchor=\"end\">" + esc(fmt_num(hi)) + "</text>";
  s += "<text x=\"" + std::to_string(x0 + width / 2) + "\" y=\"" + ty + "\" text-anchor=\"middle\">" + esc(title) +
       "</text>\n";
  return s;
}

std::string well_rect(const CsvTable& wells, const Cell* cell, WellId w, int x, int y, int size, double lo, double hi,
                      bool print_values, const char* title) {
  std::string fill = "#eeeeee", tip = w.str() + " \u00b7 not in the layout", text;
  bool light = false;
  if (cell) {
    tip = well_description(wells, cell->row) + " \u2014 " + title + ": " + (cell->value ? fmt_num(cell->value) : "no value");
    if (cell->value) {
      const double t = hi > lo ? (*cell->value - lo) / (hi - lo) : 0.5;
      fill = css_rgb(viridis(t));
      light = t < 0.55;
      text = fmt_num(cell->value, 3);
    } else {
      fill = "#bdbdbd";
    }
  }
  const bool excluded = cell && wells.cell(cell->row, "excluded") == "1";
  if (excluded) tip += " (excluded)";
  const std::string xs = std::to_string(x), ys = std::to_string(y), ss = std::to_string(size - 2);
  std::string s = "<g><title>" + esc(tip) + "</title><rect x=\"" + xs + "\" y=\"" + ys + "\" width=\"" + ss +
                  "\" height=\"" + ss + "\" rx=\"3\" fill=\"" + fill + "\"/>";
  if (excluded)
    s += "<line x1=\"" + xs + "\" y1=\"" + ys + "\" x2=\"" + std::to_string(x + size - 2) + "\" y2=\"" +
         std::to_string(y + size - 2) + "\" stroke=\"#000\" stroke-width=\"2\"/>";
  if (print_values && !text.empty())
    s += "<text x=\"" + std::to_string(x + (size - 2) / 2) + "\" y=\"" + std::to_string(y + size / 2 + 2) +
         "\" text-anchor=\"middle\" style=\"font-size:9px;fill:" + (light ? "#fff" : "#111") + "\">" + esc(text) + "</text>";
  return s + "</g>\n";
}

std::string heatmap_svg(const CsvTable& wells, const HeatmapSpec& spec, const std::string& grad_id) {
  const PlateFormat f = format_of(wells);
  std::map<WellId, Cell> cells;
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t r = 0; r < wells.size(); ++r) {
    const auto w = WellId::parse(wells.cell(r, "well"));
    if (!w) continue;
    const Cell c{r, wells.number(r, spec.column)};
    cells[*w] = c;
    if (c.value) lo = std::min(lo, *c.value), hi = std::max(hi, *c.value);
  }
  if (!(lo <= hi)) lo = hi = 0;
  const int size = f.cols > 12 ? 20 : 36, left = 20, top = 14;
  const int width = left + f.cols * size + 4, plate_h = top + f.rows * size;
  std::string s = "<svg width=\"" + std::to_string(width) + "\" height=\"" +
                  std::to_string(plate_h + 34) + "\" role=\"img\">\n";
  for (int c = 0; c < f.cols; ++c)
    s += "<text x=\"" + std::to_string(left + c * size + size / 2 - 1) + "\" y=\"10\" text-anchor=\"middle\">" +
         std::to_string(c + 1) + "</text>";
  for (int r = 0; r < f.rows; ++r)
    s += "<text x=\"2\" y=\"" + std::to_string(top + r * size + size / 2 + 3) + "\">" + std::string(1, char('A' + r)) +
         "</text>";
  s += "\n";
  for (int r = 0; r < f.rows; ++r)
    for (int c = 0; c < f.cols; ++c) {
      const WellId w{r, c};
      const auto it = cells.find(w);
      s += well_rect(wells, it == cells.end() ? nullptr : &it->second, w, left + c * size, top + r * size, size, lo, hi,
                     f.cols <= 12, spec.title);
    }
  s += legend(grad_id, left, plate_h + 6, f.cols * size - 2, lo, hi, spec.title);
  return s + "</svg>\n";
}

/// The main per-well metric first (what the assay measures), then object counts.
std::vector<HeatmapSpec> specs_for(const ResultFolder& f) {
  if (f.is_release()) return {{"cpm", "cpm"}};
  const HeatmapSpec live{"live_targets_n", "live targets"}, dead{"dead_targets_pct", "% dead targets"};
  std::vector<HeatmapSpec> specs;
  if (f.run.primary_metric == "target_loss") specs = {live, dead};
  else specs = {dead, live};
  specs.push_back({"objects_n", "objects"});
  return specs;
}

}  // namespace

void section_heatmaps(const ResultFolder& f, Page& page) {
  page.html += "<section id=\"heatmaps\"><h2>Plate</h2>\n";
  if (!f.wells) {
    page.note("No wells.csv in this result folder: plate heatmaps omitted.");
    page.html += "</section>\n";
    return;
  }
  const auto specs = specs_for(f);
  std::vector<HeatmapSpec> shown;
  for (const auto& s : specs)
    if (f.wells->has(s.column) && (shown.empty() || std::string_view(s.column) == "objects_n")) shown.push_back(s);
  if (shown.empty()) page.note("wells.csv has none of the per-well metrics the report maps: heatmaps omitted.");
  page.html += "<div class=\"heatmaps\">\n";
  for (const auto& s : shown)
    page.html += "<div class=\"heatmap\"><h3>" + esc(s.title) + "</h3>\n" + heatmap_svg(*f.wells, s, page.new_id("grad")) +
                 "</div>\n";
  page.html += "</div>\n<p class=\"note\">Hover a well for its contents and value. Grey: no value; light grey: not in "
               "the layout; a diagonal line: excluded well.</p>\n</section>\n";
}

}  // namespace lysisq::report::detail
