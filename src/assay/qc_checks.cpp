// SPDX-License-Identifier: MIT
// Well, condition and plate QC checks (ASSAY.md §4, §7): plain values in, QcResults out.
#include <cmath>
#include <limits>
#include <vector>

#include "lysisq/qc.hpp"
#include "qc_eval.hpp"

namespace lysisq {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string origin_note(TargetOrigin o) {
  switch (o) {
    case TargetOrigin::kAutologous: return "autologous target";
    case TargetOrigin::kAllogeneic: return "allogeneic target";
    case TargetOrigin::kCellLine: return "cell-line target";
  }
  return "";
}

/// Sample mean and variance (n-1) of a group; variance 0 for a single value.
struct MeanVar {
  double mean = 0, var = 0;
  std::size_t n = 0;
};
MeanVar mean_var(std::span<const double> v) {
  MeanVar m;
  m.n = v.size();
  if (m.n == 0) return m;
  for (double x : v) m.mean += x;
  m.mean /= static_cast<double>(m.n);
  if (m.n < 2) return m;
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.var = ss / static_cast<double>(m.n - 1);
  return m;
}

QcResult max_net(const std::string& subject, double v, const QcParams& p, std::string_view note) {
  return detail::qc_one_sided("max_net_cpm", subject, v, kNaN, p.max_net_min_cpm, QcBound::kMin, note);
}
QcResult window(const std::string& subject, double v, const QcParams& p, std::string_view note) {
  return detail::qc_one_sided("max_window_ratio", subject, v, kNaN, p.max_window_min_ratio,
                              QcBound::kMin, note);
}
QcResult zp(const std::string& subject, double v, const QcParams& p, std::string_view note) {
  return detail::qc_one_sided("z_prime", subject, v, p.z_prime_warn, kNaN, QcBound::kMin, note);
}

}  // namespace

std::vector<QcResult> check_target_only_live(std::span<const QcSample> wells, const QcParams& p) {
  std::vector<double> values;
  values.reserve(wells.size());
  for (const QcSample& w : wells) values.push_back(w.value);
  const double med = detail::qc_median(values);
  const std::string note = detail::qc_median_note(p.target_only_live_min_ratio,
                                                  p.target_only_live_max_ratio, med);
  std::vector<QcResult> out;
  out.reserve(wells.size());
  for (const QcSample& w : wells)
    out.push_back(detail::qc_warn_range("target_only_live", w.subject, w.value,
                                        p.target_only_live_min_ratio * med,
                                        p.target_only_live_max_ratio * med, true, note));
  return out;
}

QcResult check_replicate_cv(const std::string& subject, const assay::ReplicateStats& s,
                            const QcParams& p) {
  const double cv = s.n >= 2 ? s.cv_pct : kNaN;
  const std::string note = s.n >= 2 ? "n = " + std::to_string(s.n)
                                    : "needs >= 2 replicates, got " + std::to_string(s.n);
  return detail::qc_one_sided("replicate_cv", subject, cv, p.cv_warn_pct, p.cv_fail_pct,
                              QcBound::kMax, note);
}

QcResult check_replicate_cv(const std::string& subject, std::span<const double> values,
                            const QcParams& p) {
  return check_replicate_cv(subject, assay::replicate_stats(values), p);
}

QcResult check_lysis_range(const std::string& subject, double lysis_pct, const QcParams& p) {
  return detail::qc_warn_range("lysis_range", subject, lysis_pct, p.lysis_warn_min_pct,
                               p.lysis_warn_max_pct, false);
}

double spont_fail_pct(TargetOrigin origin, const QcParams& p) {
  return origin == TargetOrigin::kCellLine ? p.spont_fail_pct_cell_line : p.spont_fail_pct_autologous;
}

QcResult check_spont_pct(const std::string& subject, double spont_pct, TargetOrigin origin,
                         const QcParams& p) {
  return detail::qc_one_sided("spont_pct", subject, spont_pct, kNaN, spont_fail_pct(origin, p),
                              QcBound::kMax, origin_note(origin));
}

QcResult check_max_net_cpm(const std::string& subject, double net_max_cpm, const QcParams& p) {
  return max_net(subject, net_max_cpm, p, {});
}

QcResult check_max_window_ratio(const std::string& subject, double window_ratio, const QcParams& p) {
  return window(subject, window_ratio, p, {});
}

QcResult check_z_prime(const std::string& subject, double z_prime, const QcParams& p) {
  return zp(subject, z_prime, p, {});
}

std::vector<QcResult> check_release_controls(const std::string& target, TargetOrigin origin,
                                             const assay::ControlSummary& c, const QcParams& p) {
  // A NaN value's message says "not evaluable (<why>)": the summary's reason is the why.
  const auto why = [&](double v) { return std::isnan(v) ? std::string_view(c.reason) : std::string_view(); };
  std::string spont_note = origin_note(origin);
  if (std::isnan(c.spont_pct) && !c.reason.empty()) spont_note += "; " + c.reason;
  return {detail::qc_one_sided("spont_pct", target, c.spont_pct, kNaN, spont_fail_pct(origin, p),
                               QcBound::kMax, spont_note),
          max_net(target, c.net_max_cpm, p, why(c.net_max_cpm)),
          window(target, c.window_ratio, p, why(c.window_ratio)),
          zp(target, c.z_prime, p, why(c.z_prime))};
}

bool is_edge_well(WellId w, PlateFormat f) {
  return w.row == 0 || w.col == 0 || w.row == f.rows - 1 || w.col == f.cols - 1;
}

std::optional<QcResult> check_edge_effect(const std::string& subject, std::span<const double> outer,
                                          std::span<const double> inner, const QcParams& p) {
  const MeanVar o = mean_var(outer), i = mean_var(inner);
  if (o.n == 0 || i.n == 0 || o.n + i.n < 3) return std::nullopt;
  const double df = static_cast<double>(o.n + i.n - 2);
  const double pooled_sd = std::sqrt((static_cast<double>(o.n - 1) * o.var +
                                      static_cast<double>(i.n - 1) * i.var) / df);
  const double diff = std::fabs(o.mean - i.mean);
  const double value = diff == 0 ? 0.0
                       : pooled_sd > 0 ? diff / pooled_sd
                                       : std::numeric_limits<double>::infinity();
  const std::string note = "outer mean " + detail::qc_number(o.mean) + " (n = " + std::to_string(o.n) +
                           "), inner " + detail::qc_number(i.mean) + " (n = " + std::to_string(i.n) +
                           "), pooled SD " + detail::qc_number(pooled_sd);
  return detail::qc_one_sided("edge_effect", subject, value, p.edge_effect_sd, kNaN, QcBound::kMax, note);
}

std::optional<QcResult> check_edge_effect(const std::string& subject,
                                          std::span<const QcWellValue> wells, PlateFormat f,
                                          const QcParams& p) {
  std::vector<double> outer, inner;
  for (const QcWellValue& w : wells) (is_edge_well(w.well, f) ? outer : inner).push_back(w.value);
  return check_edge_effect(subject, outer, inner, p);
}

}  // namespace lysisq
