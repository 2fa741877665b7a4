// SPDX-License-Identifier: MIT
// Per-object classification (ASSAY.md §2.2): target vs effector on the target label inside the
// nucleus, live vs dead on the dead stain (or calcein loss). Pure computation on plain vectors.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lysisq/config.hpp"
#include "lysisq/plate.hpp"

namespace lysisq {

enum class ObjectClass : std::uint8_t { kEffector, kLiveTarget, kDeadTarget };
const char* object_class_name(ObjectClass c);  ///< "effector", "live_target", "dead_target"

/// One segmented object of a plate, as kept after its field's images are released.
/// Intensities are means over the object's pixels (the nucleus: objects come from the nuclear
/// channel), in the image's grey values (arbitrary units).
struct ObjectRecord {
  WellId well;
  int field = 1;
  int label = 0;                         ///< label in the field's canonical label image
  std::int64_t area_px = 0;
  double centroid_x_px = 0, centroid_y_px = 0;
  int bbox_x0 = 0, bbox_y0 = 0, bbox_x1 = 0, bbox_y1 = 0;  ///< inclusive
  double equivalent_diameter_px = 0, eccentricity = 0;
  double nuclear_mean = 0, target_mean = 0, dead_mean = 0;
  ObjectClass cls = ObjectClass::kEffector;
};

/// The thresholds a plate was classified with (written to run.json).
struct ClassifierThresholds {
  double target = 0;  ///< target iff target_mean > target
  double dead = 0;    ///< dead_stain: dead iff dead_mean > dead; calcein_loss: dead iff target_mean < dead
  bool target_auto = true, dead_auto = true;
  DeathReadout readout = DeathReadout::kDeadStain;
};

/// Otsu's threshold on log(1 + v), returned on the linear scale (v > t is the upper class).
/// Exact: every split between distinct sorted values is scored (no histogram binning); the
/// threshold is the midpoint (in log space) of the best split. Returns NaN when there is no split
/// (fewer than two distinct values).
double otsu_log_threshold(std::span<const double> values);

/// Chooses both thresholds (auto or fixed per ClassifyParams). The dead threshold is chosen among
/// the objects above the target threshold only. `warnings` receives a line for every auto
/// threshold that had to fall back (too few objects or a single intensity).
ClassifierThresholds choose_thresholds(std::span<const double> target_mean,
                                       std::span<const double> dead_mean, const ClassifyParams& p,
                                       std::vector<std::string>& warnings);

/// Class of one object under `t`.
ObjectClass classify_object(double target_mean, double dead_mean, const ClassifierThresholds& t);

/// Chooses thresholds over all `objects` and sets every object's `cls`.
ClassifierThresholds classify_objects(std::vector<ObjectRecord>& objects, const ClassifyParams& p,
                                      std::vector<std::string>& warnings);

}  // namespace lysisq
