// SPDX-License-Identifier: MIT
// Release-assay %SL, control QC numbers, Z' and the MAD replicate rule (ASSAY.md §3.1, §4, §7).
#include <algorithm>
#include <cmath>
#include <limits>

#include "lysisq/release.hpp"

namespace lysisq::assay {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// 0.6745 = Phi^-1(0.75): makes the MAD a consistent estimator of the SD for normal data.
constexpr double kMadToSd = 0.6745;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void append_reason(std::string& reason, const std::string& why) {
  if (!reason.empty()) reason += "; ";
  reason += why;
}

/// Screens one group and adds its exclusion (if any) to `out`; returns the kept values.
std::vector<double> screen_into(std::span<const double> values, const char* group,
                                const OutlierParams& p, std::vector<Exclusion>& out) {
  ScreenedGroup g = screen_outliers(values, group, p);
  out.insert(out.end(), g.excluded.begin(), g.excluded.end());
  return std::move(g.kept);
}

}  // namespace

ScreenedGroup screen_outliers(std::span<const double> values, const std::string& group,
                              const OutlierParams& p) {
  ScreenedGroup g;
  g.kept.assign(values.begin(), values.end());
  if (!p.enabled || static_cast<int>(values.size()) < std::max(p.min_n, 3)) return g;
  const double med = median(g.kept);
  std::vector<double> dev;
  dev.reserve(values.size());
  for (double v : values) dev.push_back(std::fabs(v - med));
  const double mad = std::max(median(dev), p.mad_floor_frac * std::fabs(med));
  if (!(mad > 0)) return g;  // all values equal the median (and it is 0): nothing stands out
  std::size_t worst = 0;
  for (std::size_t i = 1; i < dev.size(); ++i)
    if (dev[i] > dev[worst]) worst = i;
  const double z = kMadToSd * dev[worst] / mad;
  if (!(z > p.max_robust_z)) return g;
  g.excluded.push_back({group, static_cast<int>(worst), values[worst], z});
  g.kept.erase(g.kept.begin() + static_cast<std::ptrdiff_t>(worst));
  return g;
}

double z_prime(std::span<const double> positive, std::span<const double> negative) {
  const ReplicateStats pos = replicate_stats(positive);
  const ReplicateStats neg = replicate_stats(negative);
  if (pos.n < 2 || neg.n < 2 || pos.mean == neg.mean) return kNaN;
  return 1.0 - 3.0 * (pos.sd + neg.sd) / std::fabs(pos.mean - neg.mean);
}

ControlSummary summarize_controls(const ReleaseControls& c, const OutlierParams& outliers) {
  ControlSummary s;
  const auto spont = screen_into(c.spontaneous, "spontaneous", outliers, s.exclusions);
  const auto max = screen_into(c.maximum, "maximum", outliers, s.exclusions);
  const auto bg = screen_into(c.background, "background", outliers, s.exclusions);
  s.spontaneous = replicate_stats(spont);
  s.maximum = replicate_stats(max);
  s.background = replicate_stats(bg);
  s.background_cpm = s.background.n > 0 ? s.background.mean : 0.0;
  const double b = s.background_cpm;
  const double net_s = s.spontaneous.mean - b;
  s.net_max_cpm = s.maximum.mean - b;
  s.spont_pct = s.net_max_cpm != 0 ? net_s / s.net_max_cpm * 100.0 : kNaN;
  s.window_ratio = net_s != 0 ? s.net_max_cpm / net_s : kNaN;
  s.z_prime = z_prime(max, spont);
  if (s.spontaneous.n == 0) append_reason(s.reason, "no spontaneous wells");
  if (s.maximum.n == 0) append_reason(s.reason, "no maximum wells");
  if (s.spontaneous.n == 0 || s.maximum.n == 0) {
    s.spont_pct = s.net_max_cpm = s.window_ratio = s.z_prime = kNaN;
    return s;
  }
  if (std::isnan(s.spont_pct)) append_reason(s.reason, "maximum equals background: %spont undefined");
  if (std::isnan(s.window_ratio)) append_reason(s.reason, "spontaneous equals background: window ratio undefined");
  if (std::isnan(s.z_prime)) append_reason(s.reason, "Z' needs >= 2 wells of each control and M != S");
  return s;
}

namespace {

/// var(%SL) ~ (100/(M-S))^2 [var(E) + var(Eff_mean) + ((E-M)/(M-S))^2 var(S_mean)
///                           + ((E-S)/(M-S))^2 var(M_mean)], E the net experimental mean.
double delta_sd_pct(const ReleaseResult& r, const ControlSummary& c) {
  const double s = c.spontaneous.mean, m = c.maximum.mean, w = m - s;
  const double e = r.experimental.mean - (r.effector_only.n > 0 ? r.effector_only.mean : 0.0);
  const auto var_mean = [](const ReplicateStats& st) { return st.n > 0 ? st.sd * st.sd / st.n : 0.0; };
  const double de = r.experimental.sd * r.experimental.sd + var_mean(r.effector_only);
  const double ds = (e - m) / w, dm = (e - s) / w;
  const double var = de + ds * ds * var_mean(c.spontaneous) + dm * dm * var_mean(c.maximum);
  return 100.0 / std::fabs(w) * std::sqrt(var);
}

}  // namespace

ReleaseResult specific_release(std::span<const double> experimental, const ControlSummary& controls,
                               const ReleaseParams& p, std::span<const double> effector_only) {
  ReleaseResult r;
  const auto kept_e = screen_into(experimental, "experimental", p.outliers, r.exclusions);
  const auto kept_eff = screen_into(effector_only, "effector_only", p.outliers, r.exclusions);
  r.experimental = replicate_stats(kept_e);
  r.effector_only = replicate_stats(kept_eff);
  r.lysis_pct = r.lysis_sd_pct = r.lysis_sd_delta_pct = kNaN;
  if (r.experimental.n == 0) append_reason(r.reason, "no experimental wells");
  if (controls.spontaneous.n == 0) append_reason(r.reason, "no spontaneous wells");
  if (controls.maximum.n == 0) append_reason(r.reason, "no maximum wells");
  if (!r.reason.empty()) return r;
  const double w = controls.maximum.mean - controls.spontaneous.mean;
  if (w == 0) {
    r.reason = "maximum equals spontaneous release: %SL undefined";
    return r;
  }
  const double eff_mean = r.effector_only.n > 0 ? r.effector_only.mean : 0.0;
  r.lysis_pct = (r.experimental.mean - eff_mean - controls.spontaneous.mean) / w * 100.0;
  if (r.experimental.n >= 2) {
    r.lysis_sd_pct = r.experimental.sd / std::fabs(w) * 100.0;
    if (p.delta_method_sd) r.lysis_sd_delta_pct = delta_sd_pct(r, controls);
  }
  r.above_max_flag = r.lysis_pct > p.flag_above_pct;
  r.below_min_flag = r.lysis_pct < p.flag_below_pct;
  return r;
}

}  // namespace lysisq::assay
