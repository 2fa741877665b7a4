// SPDX-License-Identifier: MIT
// One release plate from its counts: input checks that name the file, quantification, the shared
// dose-response analysis, and the warnings a technician must see (ASSAY.md §3.1, §4).
#include <cmath>
#include <cstdio>
#include <set>

#include "lysisq/errors.hpp"
#include "lysisq/qc_run.hpp"
#include "lysisq/release_run.hpp"

namespace lysisq {

namespace {

std::string num(double v, const char* fmt = "%.4g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

/// Counts that cannot be analysed are input errors: non-finite values, or one value on every
/// layout well (a blank scan or the wrong export would otherwise give a complete-looking result).
void check_counts(const ReleaseSource& src, const PlateLayout& layout) {
  const double* first = nullptr;
  bool all_equal = true;
  int counted = 0;
  for (const auto& a : layout.wells) {
    const auto it = src.cpm.find(a.well);
    if (it == src.cpm.end()) continue;  // reported by quantify_release with the whole list
    if (!std::isfinite(it->second))
      throw InputError(src.file + ": well " + a.well.str() + ": count is not a finite number, got " + num(it->second));
    if (!first) first = &it->second;
    all_equal = all_equal && it->second == *first;
    ++counted;
  }
  if (first && counted > 1 && all_equal)
    throw InputError(src.file + ": every layout well reads the same count (" + num(*first) +
                     " cpm): a blank plate or the wrong file");
}

std::string condition_name(const ReleaseCondition& c) {
  std::string s = c.effector + " vs " + c.target + " at " + num(c.et_ratio, "%g") + ":1";
  for (const auto& [k, v] : c.labels) s += " " + k + "=" + v;
  return s;
}

void exclusion_warnings(const std::vector<WellExclusion>& excl, std::vector<std::string>& out) {
  for (const auto& e : excl)
    out.push_back("well " + e.well.str() + " (" + e.group + ", " + num(e.cpm, "%.6g") + " cpm, robust z " +
                  num(e.robust_z, "%.2f") + ") excluded by release.outliers");
}

void quant_warnings(const ReleaseQuantification& q, const assay::ReleaseParams& p, std::vector<std::string>& out) {
  for (const auto& c : q.controls) {
    if (!c.summary.reason.empty()) out.push_back("target " + c.target + ": " + c.summary.reason);
    exclusion_warnings(c.exclusions, out);
  }
  for (const auto& c : q.conditions) {
    const auto& r = c.release;
    if (!r.reason.empty()) out.push_back(condition_name(c) + ": %SL undefined: " + r.reason);
    if (r.above_max_flag)
      out.push_back(condition_name(c) + ": %SL " + num(r.lysis_pct, "%.1f") + " above release.flag_above_pct " +
                    num(p.flag_above_pct, "%g"));
    if (r.below_min_flag)
      out.push_back(condition_name(c) + ": %SL " + num(r.lysis_pct, "%.1f") + " below release.flag_below_pct " +
                    num(p.flag_below_pct, "%g"));
    exclusion_warnings(c.exclusions, out);
  }
}

/// Effector-only wells that no condition matched (another E:T, a typo in the effector) would
/// otherwise be ignored without a word.
void unmatched_effector_only(const ReleaseQuantification& q, std::vector<std::string>& out) {
  std::set<WellId> used;
  for (const auto& c : q.conditions) used.insert(c.effector_only_wells.begin(), c.effector_only_wells.end());
  std::string wells;
  for (const auto& w : q.wells)
    if (w.assignment.role == WellRole::kEffectorOnly && !used.count(w.assignment.well)) {
      if (!wells.empty()) wells += ' ';  // append, not `" " + str`: GCC 12 false -Wrestrict
      wells += w.assignment.well.str();
    }
  if (!wells.empty())
    out.push_back("effector-only wells " + wells +
                  " match no experimental condition (same effector and E:T) and are not used");
}

void image_warnings(const PlateImageReading& img, const PlateLayout& layout, const PlateImageParams& p,
                    std::vector<std::string>& out) {
  if (img.grid_residual_flag)
    out.push_back("plate image: grid fit residual " + num(img.grid_residual_px, "%.2f") +
                  " px above chromium.plate_image.max_grid_residual_px " + num(p.max_grid_residual_px, "%g"));
  for (const auto& w : img.wells) {
    if (w.flags == 0 || !layout.find(w.well)) continue;
    out.push_back("plate image: well " + w.well.str() + ": " + well_image_flag_names(w.flags));
  }
}

}  // namespace

ReleaseRunResult run_release(ReleaseSource src, const PlateLayout& layout, const AssayConfig& cfg) {
  if (const std::string problem = release_layout_problem(layout); !problem.empty())
    throw InputError("layout '" + layout.name + "': " + problem);
  check_counts(src, layout);
  ReleaseRunResult r;
  r.plate_name = layout.name;
  try {
    r.quant = quantify_release(src.cpm, layout, cfg.release);
  } catch (const InputError& e) {
    throw InputError(src.file + ": " + e.what());  // a layout well the file does not count
  }
  const std::vector<DoseResponsePoint> points = dose_points(r.quant);
  r.dose_response = analyse_dose_response(points, layout, cfg.lytic_units, cfg.selectivity);
  r.dose_response.lysis_measure = "specific_release";
  quant_warnings(r.quant, cfg.release, r.warnings);
  unmatched_effector_only(r.quant, r.warnings);
  if (src.image) image_warnings(*src.image, layout, cfg.chromium.plate_image, r.warnings);
  r.source = std::move(src);
  r.qc = release_qc(r, layout, cfg.qc);
  return r;
}

}  // namespace lysisq
