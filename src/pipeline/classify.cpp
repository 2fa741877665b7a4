// SPDX-License-Identifier: MIT
// Object classification: automatic thresholds (exact Otsu on log intensities) and the class rule.
#include "lysisq/classify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace lysisq {

const char* object_class_name(ObjectClass c) {
  switch (c) {
    case ObjectClass::kEffector: return "effector";
    case ObjectClass::kLiveTarget: return "live_target";
    case ObjectClass::kDeadTarget: return "dead_target";
  }
  return "unknown";
}

double otsu_log_threshold(std::span<const double> values) {
  // Log scale: stain intensities of a population are roughly log-normal, and the target/effector
  // (or live/dead) populations differ by a factor, not an offset. log1p keeps 0 finite.
  std::vector<double> x(values.size());
  std::transform(values.begin(), values.end(), x.begin(),
                 [](double v) { return std::log1p(std::max(v, 0.0)); });
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  double total = 0;
  for (double v : x) total += v;
  // Between-class variance w0 w1 (mu0 - mu1)^2, for the lower class x[0..k-1].
  double best = -1, sum0 = 0, t = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 1; k < n; ++k) {
    sum0 += x[k - 1];
    if (x[k - 1] == x[k]) continue;  // only split between distinct values
    const double w0 = double(k), w1 = double(n - k);
    const double d = sum0 / w0 - (total - sum0) / w1;
    const double score = w0 * w1 * d * d;
    if (score > best) {
      best = score;
      t = std::expm1(0.5 * (x[k - 1] + x[k]));
    }
  }
  return t;
}

namespace {

double min_of(std::span<const double> v) {
  return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
}
double max_of(std::span<const double> v) {
  return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

std::string fallback_message(const char* what, std::size_t n, const char* outcome) {
  std::ostringstream os;
  os << "classification: automatic " << what << " threshold needs two distinct intensities, got "
     << n << " object(s); " << outcome << " (set a fixed value to override)";
  return os.str();
}

/// Dead threshold, auto or fixed. `values` are the targets' dead-stain means (dead_stain) or
/// target-label means (calcein_loss).
double choose_dead(std::span<const double> values, const ClassifyParams& p,
                   std::vector<std::string>& warnings) {
  if (p.dead_mode == ThresholdMode::kFixed) return p.dead_threshold;
  const double t = otsu_log_threshold(values);
  if (!std::isnan(t)) return t;
  warnings.push_back(fallback_message("dead", values.size(), "every target counted live"));
  // Strict comparisons: dead_mean > max is never true; target_mean < min is never true.
  return p.death_readout == DeathReadout::kDeadStain ? max_of(values) : min_of(values);
}

}  // namespace

ClassifierThresholds choose_thresholds(std::span<const double> target_mean,
                                       std::span<const double> dead_mean, const ClassifyParams& p,
                                       std::vector<std::string>& warnings) {
  ClassifierThresholds t;
  t.readout = p.death_readout;
  t.target_auto = p.target_mode == ThresholdMode::kAuto;
  t.dead_auto = p.dead_mode == ThresholdMode::kAuto;
  t.target = p.target_threshold;
  if (t.target_auto) {
    t.target = otsu_log_threshold(target_mean);
    if (std::isnan(t.target)) {
      warnings.push_back(fallback_message("target", target_mean.size(), "every object counted a target"));
      t.target = std::nextafter(min_of(target_mean), -std::numeric_limits<double>::infinity());
    }
  }
  // The dead threshold is chosen among targets only: effectors carry little target label and
  // their dead-stain distribution would otherwise pull the split (ASSAY.md §2.2).
  const bool calcein = p.death_readout == DeathReadout::kCalceinLoss;
  std::vector<double> among_targets;
  for (std::size_t i = 0; i < target_mean.size(); ++i)
    if (target_mean[i] > t.target) among_targets.push_back(calcein ? target_mean[i] : dead_mean[i]);
  t.dead = choose_dead(among_targets, p, warnings);
  return t;
}

ObjectClass classify_object(double target_mean, double dead_mean, const ClassifierThresholds& t) {
  if (!(target_mean > t.target)) return ObjectClass::kEffector;
  const bool dead = t.readout == DeathReadout::kCalceinLoss ? target_mean < t.dead : dead_mean > t.dead;
  return dead ? ObjectClass::kDeadTarget : ObjectClass::kLiveTarget;
}

ClassifierThresholds classify_objects(std::vector<ObjectRecord>& objects, const ClassifyParams& p,
                                      std::vector<std::string>& warnings) {
  std::vector<double> target(objects.size()), dead(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    target[i] = objects[i].target_mean;
    dead[i] = objects[i].dead_mean;
  }
  const ClassifierThresholds t = choose_thresholds(target, dead, p, warnings);
  for (auto& o : objects) o.cls = classify_object(o.target_mean, o.dead_mean, t);
  return t;
}

}  // namespace lysisq
