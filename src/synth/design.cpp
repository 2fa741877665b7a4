// SPDX-License-Identifier: MIT
// Plate design of the synthetic killing assay (ASSAY.md §1, §6): which well holds what, how many
// targets die in each field, and the per-well truth.
//
// 96 wells (8 x 12), 90 used:
//   rows A-F  one effector/target pair per row (LAK-D1, then TIL-P1, each against MEL-P1, K562,
//             DAUDI); columns 1-3 E:T 40, 4-6 20, 7-9 10, 10-12 5 (triplicates)
//   row G     spontaneous (targets only): MEL-P1 G01-G03, K562 G04-G06, DAUDI G07-G09
//   row H     maximum (detergent, every target dead), same columns
// 384 wells (16 x 24), 264 used: the same with a third effector PBL-D1 (fresh blood lymphocytes),
//   E:T 80, 40, 20, 10, 5, 2.5 in quadruplicates (rows A-I, 24 columns), and 8 spontaneous
//   (row J) and 8 maximum (row K) wells per target.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <string>

#include "faults_detail.hpp"
#include "lysisq/errors.hpp"
#include "rng.hpp"
#include "synth_detail.hpp"

namespace lysisq::synth::detail {

namespace {

struct TargetSpec {
  const char* name;
  TargetOrigin origin;
  NkClass nk_class;
  double spontaneous_death;  ///< fraction dead at 4 h without effectors (§6: 5-10 %)
};
constexpr TargetSpec kTargets[] = {
    {"MEL-P1", TargetOrigin::kAutologous, NkClass::kUnknown, 0.10},  // fresh tumour: a bit frailer
    {"K562", TargetOrigin::kCellLine, NkClass::kNkSensitive, 0.07},
    {"DAUDI", TargetOrigin::kCellLine, NkClass::kNkResistant, 0.08},
};

struct EffectorSpec {
  const char* name;
  EffectorType type;
  const char* donor;
};
constexpr EffectorSpec kEffectors[] = {
    {"LAK-D1", EffectorType::kLak, "D1"},
    {"TIL-P1", EffectorType::kTil, "P1"},
    {"PBL-D1", EffectorType::kPbl, "D1"},
};

struct DesignShape {
  int n_effectors;             ///< first n of kEffectors
  std::vector<double> ets;     ///< E:T ratios, one column block each
  int replicates;              ///< wells per condition
  int control_replicates;      ///< spontaneous and maximum wells per target
};

DesignShape shape_for(int wells) {
  if (wells == 384) return {3, {80, 40, 20, 10, 5, 2.5}, 4, 8};
  return {2, {40, 20, 10, 5}, 3, 3};
}

/// Upper bound on scans: a typo (10000) would otherwise write that many full plates.
constexpr int kMaxTimePoints = 1000;

void validate_time_lapse(const SynthParams& p) {
  if (p.time_points == 0) return;
  if (p.time_points < 2 || p.time_points > kMaxTimePoints)
    throw ConfigError("synth: time_points must be 0 (a flat plate) or 2.." + std::to_string(kMaxTimePoints) +
                      " scans, got " + std::to_string(p.time_points));
  if (!(p.interval_h > 0) || !std::isfinite(p.interval_h))
    throw ConfigError("synth: interval_h must be > 0 hours for a time-lapse");
  // Where a fault sits in a time-lapse (every scan or one) is a design question of its own.
  if (!p.faults.empty()) throw ConfigError("synth: faults cannot be combined with a time-lapse (time_points)");
}

void validate_params(const SynthParams& p) {
  auto bad = [](const std::string& what) { throw ConfigError("synth: " + what); };
  if (!PlateFormat::from_well_count(p.wells)) bad("wells must be 96 or 384, got " + std::to_string(p.wells));
  if (p.fields < 1 || p.fields > 16) bad("fields must be in [1, 16], got " + std::to_string(p.fields));
  if (!(p.nucleus_radius_px >= 4.0 && p.nucleus_radius_px <= 40.0))
    bad("nucleus_radius_px must be in [4, 40]; smaller effector nuclei would fall below a few px");
  // Below ~12 nucleus radii a side, two target bodies and their effectors no longer fit.
  const int min_side = std::max(96, int(std::ceil(12 * p.nucleus_radius_px)));
  if (p.width < min_side || p.width > 4096 || p.height < min_side || p.height > 4096)
    bad("field size must be within " + std::to_string(min_side) + "..4096 px per side, got " +
        std::to_string(p.width) + "x" + std::to_string(p.height));
  if (p.plate_name.empty() || !std::all_of(p.plate_name.begin(), p.plate_name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      }))
    bad("plate name must be non-empty letters, digits, '-' or '_', got '" + p.plate_name + "'");
  if (p.targets_per_field < 0) bad("targets_per_field must be >= 0 (0 = automatic)");
  if (!(p.effectors_per_et >= 0) || !(p.max_effectors_per_target >= 0))
    bad("effectors_per_et and max_effectors_per_target must be >= 0");
  if (!(p.touching_target_fraction >= 0 && p.touching_target_fraction <= 1) ||
      !(p.clustered_effector_fraction >= 0 && p.clustered_effector_fraction <= 1))
    bad("touching_target_fraction and clustered_effector_fraction must be in [0, 1]");
  validate_time_lapse(p);
}

/// Rough share of the field covered by nuclei at the highest E:T; random placement with the
/// no-overlap rule becomes slow and then impossible well before the ~55 % jamming limit of discs.
constexpr double kMaxNucleusCover = 0.28;
double nucleus_cover(const SynthParams& p, int targets, int max_effectors) {
  const double r = p.nucleus_radius_px, pi = 3.14159265358979;
  const double covered = targets * pi * r * r + max_effectors * pi * (0.6 * r) * (0.6 * r);
  return covered / (double(p.width) * p.height);
}

void check_crowding(const SynthParams& p, int targets, int max_effectors) {
  const double share = nucleus_cover(p, targets, max_effectors);
  if (share > kMaxNucleusCover)
    throw ConfigError("synth: fields too crowded (nuclei would cover " + std::to_string(int(share * 100)) +
                      " % of a field, limit 28 %); lower targets_per_field or enlarge the field");
}

/// T of the layout: targets *seeded* per well (ASSAY.md §1), which lytic units are computed from.
/// The imaged fields cover only part of a well, so this is not the number of targets imaged.
constexpr double kSeededTargetsPerWell = 1e4;

PlateLayout make_layout(const SynthParams& p, const DesignShape& s) {
  PlateLayout l;
  l.name = p.plate_name;
  l.format = *PlateFormat::from_well_count(p.wells);
  for (const TargetSpec& t : kTargets)
    l.targets.push_back({t.name, t.origin, t.nk_class, kSeededTargetsPerWell});
  for (int e = 0; e < s.n_effectors; ++e)
    l.effectors.push_back({kEffectors[e].name, kEffectors[e].type, kEffectors[e].donor});
  const int n_targets = int(std::size(kTargets));
  for (int e = 0; e < s.n_effectors; ++e)
    for (int t = 0; t < n_targets; ++t)
      for (std::size_t k = 0; k < s.ets.size(); ++k)
        for (int r = 0; r < s.replicates; ++r)
          l.wells.push_back({WellId{e * n_targets + t, int(k) * s.replicates + r}, WellRole::kExperimental,
                             kTargets[t].name, kEffectors[e].name, s.ets[k], {}});
  const int control_row = s.n_effectors * n_targets;
  for (int c = 0; c < 2; ++c)
    for (int t = 0; t < n_targets; ++t)
      for (int r = 0; r < s.control_replicates; ++r)
        l.wells.push_back({WellId{control_row + c, t * s.control_replicates + r},
                           c == 0 ? WellRole::kSpontaneous : WellRole::kMaximum, kTargets[t].name, "", 0.0, {}});
  std::sort(l.wells.begin(), l.wells.end(),
            [](const WellAssignment& a, const WellAssignment& b) { return a.well < b.well; });
  return l;
}

double spontaneous_death(const std::string& target) {
  for (const TargetSpec& t : kTargets)
    if (target == t.name) return t.spontaneous_death;
  return 0.0;
}

/// Probability that a seeded target is dead at read-out. Killing acts on the targets that
/// survived spontaneously, so live(E:T) / live(T) = 1 - k and the specific death
/// (D(ET) - D(T)) / (1 - D(T)) is k as well: both §3.2 metrics recover the design.
double death_probability(const WellAssignment& w, double killing) {
  if (w.role == WellRole::kMaximum) return 1.0;
  const double s = spontaneous_death(w.target);
  return 1.0 - (1.0 - s) * (1.0 - killing);
}

void fill_true_killing(PlateTruth& truth) {
  std::map<std::string, std::pair<double, int>> spont;  // target -> (sum live, wells)
  for (const WellTruth& w : truth.wells)
    if (w.role == WellRole::kSpontaneous) {
      spont[w.target].first += w.live_targets;
      spont[w.target].second += 1;
    }
  for (WellTruth& w : truth.wells) {
    const auto it = spont.find(w.target);
    const double mean_live = it == spont.end() ? 0.0 : it->second.first / it->second.second;
    w.true_killing_pct = mean_live > 0 ? (1.0 - w.live_targets / mean_live) * 100.0 : 0.0;
  }
}

/// The wells the fluorescence faults hit (see SynthParams::faults), with their truth entries.
struct FaultPlan {
  WellId saturated = kNoWell, blurred = kNoWell, empty = kNoWell, outlier = kNoWell;
  std::vector<FaultTruth> truth;
};

FaultPlan plan_faults(const SynthParams& p, const PlateLayout& l, int tpf) {
  FaultPlan plan;
  for (Fault f : p.faults) {
    switch (f) {
      case Fault::kSaturatedField:
        plan.saturated = nth_experimental(l, kSaturatedWellIndex);
        plan.truth.push_back({f, plan.saturated, 1, "nuclear channel w1 at a gain that clips its top 6 % of pixels at 65535"});
        break;
      case Fault::kBlurredField:
        plan.blurred = nth_experimental(l, kBlurredWellIndex);
        plan.truth.push_back({f, plan.blurred, 1, "out of focus: optics blur sigma 4 px instead of 0.8, every channel"});
        break;
      case Fault::kEmptyField:
        plan.empty = nth_experimental(l, kEmptyWellIndex);
        plan.truth.push_back({f, plan.empty, 1, "no cells: background and noise only"});
        break;
      default:
        plan.outlier = nth_experimental(l, kOutlierWellIndex);
        plan.truth.push_back({f, plan.outlier, 0, std::to_string(std::max(1, tpf / 2)) + " targets per field instead of " +
                                                       std::to_string(tpf) + " (half the targets seeded)"});
        break;
    }
  }
  return plan;
}

/// Applies the plan's field faults to field 1 of their wells.
void apply_field_faults(const FaultPlan& plan, WellId well, FieldSpec& fs) {
  if (fs.field != 1) return;
  if (plan.saturated == well) fs.saturate_nuclear = true;
  if (plan.blurred == well) fs.blur_sigma_px = kFaultBlurSigmaPx;
  if (plan.empty == well) fs.live_targets = fs.dead_targets = fs.effectors = 0;
}

/// Key of a field's placement, texture and noise streams. A scan of a time-lapse gets its own,
/// so cells move between scans; the flat plate keeps the key it always had (same bytes).
std::uint64_t field_key(std::uint64_t well_key, int field, const ScanSpec& scan) {
  const std::uint64_t key = derive(well_key, std::uint64_t(field));
  return scan.time_point == 0 ? key : derive(key, 0x71AE0000ull + std::uint64_t(scan.time_point));
}

}  // namespace

int resolved_targets_per_field(const SynthParams& p) {
  if (p.targets_per_field > 0) return p.targets_per_field;
  // One target per 2500 px^2: with 8 px nuclei the target bodies cover ~23 % of the field and, at
  // 6 effectors per target (40:1), the nuclei ~25 %: crowded like a real E:T well, still
  // countable, and 10 targets even in a 160x160 field. Tiny fields, where rounding up would
  // overcrowd them, get fewer.
  int n = std::max(1, int(std::lround(double(p.width) * p.height / 2500.0)));
  const double top_et = shape_for(p.wells).ets.front();
  while (n > 1 && nucleus_cover(p, n, effectors_per_field(p, n, top_et)) > kMaxNucleusCover) --n;
  return n;
}

int effectors_per_field(const SynthParams& p, int targets_per_field, double et_ratio) {
  const double per_target = std::min(et_ratio * p.effectors_per_et, p.max_effectors_per_target);
  return int(std::lround(targets_per_field * per_target));
}

PlateDesign design_full(const SynthParams& p, const ScanSpec& scan) {
  validate_params(p);
  validate_faults(p.faults, false);
  const DesignShape shape = shape_for(p.wells);
  const int tpf = resolved_targets_per_field(p);
  check_crowding(p, tpf, effectors_per_field(p, tpf, shape.ets.front()));

  PlateDesign d;
  d.truth.layout = make_layout(p, shape);
  FaultPlan faults = plan_faults(p, d.truth.layout, tpf);
  const auto& wells = d.truth.layout.wells;
  for (std::size_t i = 0; i < wells.size(); ++i) {
    const WellAssignment& w = wells[i];
    const double killing = design_killing_fraction(w.effector, w.target, w.et_ratio) * scan.killing_scale;
    const double p_dead = death_probability(w, killing);
    const int n_eff = w.role == WellRole::kExperimental ? effectors_per_field(p, tpf, w.et_ratio) : 0;
    // One stream per well, keyed by its position: a well's draws do not depend on the others.
    const std::uint64_t well_key = derive(derive(p.seed, 0x5e11), std::uint64_t(w.well.row * 100 + w.well.col));
    Rng rng(well_key);
    WellTruth t{w.well, w.role, w.target, w.effector, w.et_ratio, 0, 0, 0, 0.0,
                w.role == WellRole::kMaximum ? 100.0 : killing * 100.0};
    const int seeded = faults.outlier == w.well ? std::max(1, tpf / 2) : tpf;  // replicate-outlier
    for (int f = 1; f <= p.fields; ++f) {
      FieldSpec fs{i, f, 0, 0, n_eff, field_key(well_key, f, scan)};
      // Stochastic rounding of the expected number of dead targets: replicate fields differ by
      // at most one target, so even a 7-target field keeps the design's curve (independent
      // Bernoulli deaths would scatter it by +-20 % there; a real well has ~10^4 targets). The
      // uniform does not depend on the scan, so over a time-lapse the dead count only rises.
      fs.dead_targets = std::min(seeded, int(std::floor(seeded * p_dead + rng.uniform())));
      fs.live_targets = seeded - fs.dead_targets;
      apply_field_faults(faults, w.well, fs);
      t.live_targets += fs.live_targets;
      t.dead_targets += fs.dead_targets;
      t.effectors += fs.effectors;
      d.fields.push_back(fs);
    }
    d.truth.wells.push_back(t);
  }
  fill_true_killing(d.truth);
  d.truth.faults = std::move(faults.truth);
  return d;
}

}  // namespace lysisq::synth::detail

namespace lysisq::synth {
PlateTruth design_plate(const SynthParams& p) { return detail::design_full(p).truth; }
}  // namespace lysisq::synth
