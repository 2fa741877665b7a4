// SPDX-License-Identifier: MIT
// Design of the synthetic 51Cr release plate (ASSAY.md §2.1, §3.1, §6): the fluorescence design's
// layout (design.cpp), a maximum and spontaneous release per target, expected cpm per well from
// the scenario curves (scenario.cpp), Poisson counts, per-condition truth, and the scan geometry.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <string>
#include <tuple>

#include "chromium_detail.hpp"
#include "faults_detail.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/synth.hpp"
#include "rng.hpp"

namespace lysisq::synth {

namespace {

using namespace chromium_detail;
using detail::derive;
using detail::Rng;

/// Spontaneous 51Cr release at 4 h as a fraction of maximum (ASSAY.md §6: 1-2 %/h, 5-10 % at
/// 4 h): the fresh autologous tumour leaks most, the cell lines less.
struct ReleaseSpec {
  const char* target;
  double spontaneous_frac;
};
constexpr ReleaseSpec kRelease[] = {{"MEL-P1", 0.10}, {"K562", 0.06}, {"DAUDI", 0.08}};
constexpr double kDefaultSpontaneousFrac = 0.08;  ///< a target the table does not know
/// Well-to-well scatter of the labelled cells seeded (pipetting): 3 % CV, on top of counting noise,
/// gives replicate CVs of 3-6 % (ASSAY-DOMAIN.md §7: 3-10 %).
constexpr double kSeedingCv = 0.03;
constexpr double kChromiumTargetsPerWell = 1e4;  ///< T of a 51Cr plate (ASSAY.md §1)

void validate(const ChromiumSynthParams& p) {
  auto bad = [](const std::string& what) { throw ConfigError("synth --kind chromium: " + what); };
  if (!(p.pitch_px >= 12 && p.pitch_px <= 64)) bad("pitch must be in [12, 64] px");
  if (!(p.max_cpm >= 100 && p.max_cpm <= 1e6)) bad("max_cpm must be in [100, 1e6]");
  if (!(p.count_time_min > 0 && p.count_time_min <= 60)) bad("count_time_min must be in (0, 60]");
  if (!(p.counter_background_cpm >= 0 && p.counter_background_cpm < 0.05 * p.max_cpm))
    bad("counter_background_cpm must be >= 0 and below 5 % of max_cpm");
  if (!(p.max_angle_deg >= 0 && p.max_angle_deg <= 10)) bad("max_angle_deg must be in [0, 10]");
}

/// The fluorescence design's layout (same wells, targets, effectors, E:T), with T for 51Cr.
PlateLayout chromium_layout(const ChromiumSynthParams& p) {
  SynthParams sp;
  sp.plate_name = p.plate_name;
  sp.seed = p.seed;
  sp.wells = p.wells;
  sp.fields = 1;
  sp.width = sp.height = 96;  // cell placement is never run; only the layout is used
  sp.targets_per_field = 1;
  PlateLayout layout = design_plate(sp).layout;
  for (Target& t : layout.targets) t.targets_per_well = kChromiumTargetsPerWell;
  return layout;
}

double spontaneous_frac(const std::string& target) {
  for (const ReleaseSpec& r : kRelease)
    if (target == r.target) return r.spontaneous_frac;
  return kDefaultSpontaneousFrac;
}

/// Net maximum and spontaneous release of a target (cpm, counter background excluded).
struct Release {
  double maximum = 0, spontaneous = 0;
};

/// The target the control faults act on: a cell line, so %spont fails above 20 %.
constexpr const char* kFaultTarget = "K562";
constexpr double kHighSpontFrac = 0.30;   ///< high-spont: spontaneous release / maximum
constexpr double kLowMaxWindow = 2.5;     ///< low-max: maximum / spontaneous release
constexpr double kOutlierFactor = 0.6;    ///< replicate-outlier: the well counts 40 % low

/// Maximum release max_cpm x U(0.8, 1.2) per target (in layout order) and its spontaneous
/// release, with the high-spont and low-max faults applied to kFaultTarget.
std::map<std::string, Release> release_levels(const ChromiumSynthParams& p, const PlateLayout& l) {
  Rng rng(derive(p.seed, kTargetStream));
  std::map<std::string, Release> out;
  for (const Target& t : l.targets) {
    const double maximum = p.max_cpm * rng.uniform(0.8, 1.2);
    out[t.name] = {maximum, spontaneous_frac(t.name) * maximum};
  }
  Release& faulty = out[kFaultTarget];
  if (detail::has_fault(p.faults, Fault::kHighSpont)) faulty.spontaneous = kHighSpontFrac * faulty.maximum;
  if (detail::has_fault(p.faults, Fault::kLowMax)) faulty.maximum = kLowMaxWindow * faulty.spontaneous;
  return out;
}

/// Expected net activity (cpm above the counter background) of a used well. Experimental wells
/// sit on their target's spontaneous release, so the faults keep %SL at the design's value.
double expected_activity(const WellAssignment& w, const Release& r) {
  switch (w.role) {
    case WellRole::kMaximum: return r.maximum;
    case WellRole::kSpontaneous:
    case WellRole::kTargetOnly: return r.spontaneous;
    case WellRole::kExperimental:
      return r.spontaneous + design_killing_fraction(w.effector, w.target, w.et_ratio) * (r.maximum - r.spontaneous);
    default: return 0.0;
  }
}

/// The first well of `target` with `role`.
WellId first_well(const PlateLayout& l, const std::string& target, WellRole role) {
  for (const WellAssignment& w : l.wells)
    if (w.target == target && w.role == role) return w.well;
  throw InternalError(std::string("synth: the design has no ") + role_name(role) + " well of " + target);
}

std::vector<FaultTruth> fault_truth(const ChromiumSynthParams& p, const PlateLayout& l) {
  std::vector<FaultTruth> out;
  const std::string t = kFaultTarget;
  for (Fault f : p.faults) {
    if (f == Fault::kHighSpont)
      out.push_back({f, first_well(l, t, WellRole::kSpontaneous), 0,
                     t + " spontaneous release 30 % of maximum (all its spontaneous wells; its experimental wells on "
                         "the same baseline)"});
    if (f == Fault::kLowMax)
      out.push_back({f, first_well(l, t, WellRole::kMaximum), 0,
                     t + " maximum release 2.5 x its spontaneous release (all its maximum wells)"});
    if (f == Fault::kReplicateOutlier)
      out.push_back({f, detail::nth_experimental(l, detail::kChromiumOutlierWellIndex), 0,
                     "counts 40 % below its replicates (activity x 0.6)"});
  }
  return out;
}

void fill_counts(const ChromiumSynthParams& p, ChromiumPlateTruth& t) {
  const std::map<std::string, Release> release = release_levels(p, t.layout);
  const WellId outlier = detail::has_fault(p.faults, Fault::kReplicateOutlier)
                             ? detail::nth_experimental(t.layout, detail::kChromiumOutlierWellIndex)
                             : detail::kNoWell;
  const PlateFormat f = t.layout.format;
  const double b = p.counter_background_cpm;
  for (int r = 0; r < f.rows; ++r)
    for (int c = 0; c < f.cols; ++c) {
      ChromiumWellTruth w;
      w.well = {r, c};
      // One stream per position: a well's draws never depend on the others.
      Rng rng(derive(derive(p.seed, kWellStream), std::uint64_t(r * 100 + c)));
      const double seeding = std::max(0.5, 1.0 + kSeedingCv * rng.normal());
      double activity = 0;
      if (const WellAssignment* a = t.layout.find(w.well)) {
        w.used = w.in_scan = true;
        w.role = a->role;
        w.target = a->target;
        w.effector = a->effector;
        w.et_ratio = a->et_ratio;
        const auto it = release.find(a->target);
        activity = expected_activity(*a, it == release.end() ? Release{} : it->second);
        if (outlier == w.well) activity *= kOutlierFactor;
      }
      w.expected_cpm = activity + b;
      w.true_cpm = rng.poisson((activity * seeding + b) * p.count_time_min) / p.count_time_min;
      t.wells.push_back(w);
    }
}

/// %SL per experimental condition from the true cpm (ASSAY.md §3.1, b cancels).
void fill_conditions(ChromiumPlateTruth& t) {
  std::map<std::string, std::pair<double, int>> spont, maxi;  // target -> (sum, n)
  for (const ChromiumWellTruth& w : t.wells) {
    if (!w.used) continue;
    if (w.role == WellRole::kSpontaneous) spont[w.target] = {spont[w.target].first + w.true_cpm, spont[w.target].second + 1};
    if (w.role == WellRole::kMaximum) maxi[w.target] = {maxi[w.target].first + w.true_cpm, maxi[w.target].second + 1};
  }
  std::map<std::tuple<std::string, std::string, double>, std::size_t> index;
  for (const WellAssignment& a : t.layout.wells) {  // layout order: sorted by well
    if (a.role != WellRole::kExperimental) continue;
    const auto key = std::make_tuple(a.effector, a.target, a.et_ratio);
    auto [it, inserted] = index.try_emplace(key, t.conditions.size());
    if (inserted) t.conditions.push_back({a.target, a.effector, a.et_ratio});
    ChromiumConditionTruth& c = t.conditions[it->second];
    c.n += 1;
    c.mean_cpm += t.wells[std::size_t(a.well.row * t.layout.format.cols + a.well.col)].true_cpm;
  }
  for (ChromiumConditionTruth& c : t.conditions) {
    c.mean_cpm /= c.n;
    const auto s = spont[c.target], m = maxi[c.target];
    c.spontaneous_cpm = s.second > 0 ? s.first / s.second : std::nan("");
    c.maximum_cpm = m.second > 0 ? m.first / m.second : std::nan("");
    c.true_lysis_pct = (c.mean_cpm - c.spontaneous_cpm) / (c.maximum_cpm - c.spontaneous_cpm) * 100.0;
    c.design_lysis_pct = design_killing_fraction(c.effector, c.target, c.et_ratio) * 100.0;
  }
}

/// Scan geometry (a pitch of margin around the plate, a seeded turn and offset), calibration, and
/// each well's spot position and signal.
void fill_scan(const ChromiumSynthParams& p, ChromiumPlateTruth& t) {
  const PlateFormat f = t.layout.format;
  Rng rng(derive(p.seed, kGeometryStream));
  ChromiumScanTruth& s = t.scan;
  s.pitch_px = p.pitch_px;
  s.width = int(std::lround(p.pitch_px * (f.cols + 2)));
  s.height = int(std::lround(p.pitch_px * (f.rows + 2)));
  s.angle_deg = rng.uniform(-p.max_angle_deg, p.max_angle_deg);
  const double cx = 0.5 * (s.width - 1) + rng.uniform(-0.25, 0.25) * p.pitch_px;
  const double cy = 0.5 * (s.height - 1) + rng.uniform(-0.25, 0.25) * p.pitch_px;
  const double a = s.angle_deg * std::numbers::pi / 180.0, ca = std::cos(a), sa = std::sin(a);
  const double spot_r = kSpotRadiusFrac * p.pitch_px;
  s.signal_per_cpm = kPeakAtMaxCpm * std::numbers::pi * spot_r * spot_r / p.max_cpm;
  s.calibration_slope = 1.0 / s.signal_per_cpm;
  s.calibration_offset = p.counter_background_cpm;
  for (ChromiumWellTruth& w : t.wells) {
    const double u = (w.well.col - 0.5 * (f.cols - 1)) * p.pitch_px, v = (w.well.row - 0.5 * (f.rows - 1)) * p.pitch_px;
    w.x_px = cx + u * ca - v * sa;
    w.y_px = cy + u * sa + v * ca;
  }
  s.a01_x_px = t.wells.front().x_px;
  s.a01_y_px = t.wells.front().y_px;
  if (p.drop_spot) {  // a lost filter disc: one experimental well, chosen by the seed
    std::vector<std::size_t> experimental;
    for (std::size_t i = 0; i < t.wells.size(); ++i)
      if (t.wells[i].used && t.wells[i].role == WellRole::kExperimental) experimental.push_back(i);
    Rng drop(derive(p.seed, kDropStream));
    if (!experimental.empty()) t.wells[experimental[std::size_t(drop.below(int(experimental.size())))]].in_scan = false;
  }
  for (ChromiumWellTruth& w : t.wells)
    w.scan_signal = w.in_scan ? s.signal_per_cpm * std::max(0.0, w.true_cpm - p.counter_background_cpm) : 0.0;
}

}  // namespace

ChromiumPlateTruth design_chromium_plate(const ChromiumSynthParams& p) {
  validate(p);
  detail::validate_faults(p.faults, true);
  ChromiumPlateTruth t;
  t.layout = chromium_layout(p);
  t.faults = fault_truth(p, t.layout);
  fill_counts(p, t);
  fill_conditions(t);
  fill_scan(p, t);
  return t;
}

}  // namespace lysisq::synth
