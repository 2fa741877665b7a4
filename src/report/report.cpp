// SPDX-License-Identifier: MIT
// report.html for one result folder: the sections in reading order (QC first: it says whether
// the numbers below can be trusted), written atomically so a half-written page never appears.
#include "lysisq/report.hpp"

#include "lysisq/io.hpp"
#include "report/sections.hpp"

namespace lysisq::report {

std::string render_plate_report(const std::filesystem::path& out_dir, const ReportOptions& opt) {
  const detail::ResultFolder f = detail::load_result_folder(out_dir);
  detail::Page page;
  detail::section_header(f, page);
  detail::section_qc(f, page);
  detail::section_heatmaps(f, page);
  detail::section_curves(f, page);
  detail::section_kinetics(f, page);
  detail::section_selectivity(f, page);
  detail::section_tables(f, page);
  detail::section_overlays(f, opt, page);
  detail::section_history(f, opt, page);
  detail::section_footer(f, page);
  return detail::html_document("lysisq report: " + (f.run.plate.empty() ? out_dir.filename().string() : f.run.plate),
                               page.html, page.charts);
}

std::filesystem::path write_plate_report(const std::filesystem::path& out_dir, const ReportOptions& opt) {
  const auto file = out_dir / "report.html";
  io::write_file_atomic(file, render_plate_report(out_dir, opt));
  return file;
}

}  // namespace lysisq::report
