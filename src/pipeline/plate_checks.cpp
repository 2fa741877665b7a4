// SPDX-License-Identifier: MIT
// Fail fast: a missing channel file or an unimaged layout well is reported before minutes of work.
#include "plate_checks.hpp"

#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::detail {

namespace {

bool needs_images(WellRole r) {
  return r == WellRole::kExperimental || r == WellRole::kTargetOnly || r == WellRole::kSpontaneous ||
         r == WellRole::kMaximum;
}

bool looks_like_image(const std::string& name) {
  std::string ext = std::filesystem::path(name).extension().string();
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".tif" || ext == ".tiff" || ext == ".png";
}

void check_channels(const io::PlateManifest& m, const io::FieldFiles& f, const std::vector<int>& channels) {
  for (std::size_t i = 0; i < channels.size(); ++i) {
    if (f.channels.count(channels[i])) continue;
    std::ostringstream os;
    os << m.dir.string() << ": well " << f.well.str() << " field " << f.field << " has no w" << channels[i]
       << " image (" << channel_role(i) << "); found";
    for (const auto& [ch, path] : f.channels) os << ' ' << path.filename().string();
    throw InputError(os.str());
  }
}

/// The numbers as `lysisq scan` prints them ("1-3, 5").
std::string list_numbers(const std::set<int>& present) { return io::number_ranges({present.begin(), present.end()}); }

/// The Z-step to analyse at `time_point` (see select_fields).
std::optional<int> pick_z_step(const io::PlateManifest& m, int time_point, std::optional<std::uint16_t> requested,
                               std::vector<std::string>& warnings) {
  std::set<int> present;
  for (const auto& f : m.fields)
    if (f.timepoint == time_point) present.insert(f.z);
  const std::string span = present.empty() ? "" : list_numbers(present);
  if (requested) {
    if (!present.count(*requested))
      throw InputError(m.dir.string() + ": plate has Z-steps " + span + "; Z-step " + std::to_string(*requested) +
                       " is not one of them (--z-step)");
    return int(*requested);
  }
  if (present.size() <= 1) return std::nullopt;
  if (present.count(0)) {
    warnings.push_back(m.dir.string() + ": plate has Z-steps " + span +
                       "; analysed the projection, ZStep_0 (use --z-step for one plane)");
    return 0;
  }
  throw InputError(m.dir.string() + ": plate has Z-steps " + span +
                   " and no projection (ZStep_0); choose the plane to analyse with --z-step N");
}

}  // namespace

// Pooling time points would count every cell once per scan; kinetics runs one plate per time point.
int pick_time_point(const io::PlateManifest& m, int requested, std::vector<std::string>& warnings) {
  std::set<int> present;
  for (const auto& f : m.fields) present.insert(f.timepoint);
  if (present.empty() || (present.size() == 1 && *present.begin() == 0)) {
    if (requested > 0)
      throw InputError(m.dir.string() + ": time point " + std::to_string(requested) +
                       " requested (--time-point), but the plate has no time points");
    return 0;
  }
  const int chosen = requested > 0 ? requested : *present.rbegin();
  const std::string span = list_numbers(present);
  if (!present.count(chosen))
    throw InputError(m.dir.string() + ": plate has time points " + span + "; time point " + std::to_string(chosen) +
                     " is not one of them (--time-point)");
  if (present.size() > 1 && requested <= 0)  // news only when the tool chose
    warnings.push_back(m.dir.string() + ": plate has time points " + span + "; analysed " + std::to_string(chosen) +
                       " (use --time-point or --kinetics)");
  return chosen;
}

const char* channel_role(std::size_t i) {
  static const char* const kRoles[] = {"channels.nuclear, nuclear stain", "channels.target, target label",
                                       "channels.dead, dead stain"};
  return i < 3 ? kRoles[i] : "channel";
}

FieldSelection select_fields(const io::PlateManifest& manifest, const PlateLayout& layout,
                             const std::vector<int>& channels, const InputParams& input,
                             std::vector<std::string>& warnings) {
  FieldSelection sel;
  sel.time_point = pick_time_point(manifest, input.time_point, warnings);
  sel.z_step = pick_z_step(manifest, sel.time_point, input.z_step, warnings);
  std::vector<const io::FieldFiles*>& fields = sel.fields;
  std::set<WellId> imaged, outside;
  for (const auto& f : manifest.fields) {
    if (f.timepoint != sel.time_point || (sel.z_step && f.z != *sel.z_step)) continue;
    if (!layout.find(f.well)) {
      outside.insert(f.well);
      continue;
    }
    check_channels(manifest, f, channels);
    imaged.insert(f.well);
    fields.push_back(&f);
  }
  for (const WellId& w : outside)
    warnings.push_back(manifest.dir.string() + ": well " + w.str() + " has images but is not in the layout; ignored");
  for (const auto& a : layout.wells) {
    if (imaged.count(a.well)) continue;
    const std::string at = sel.time_point > 0 ? " at time point " + std::to_string(sel.time_point) : "";
    const std::string msg = manifest.dir.string() + ": no images for well " + a.well.str() + at + " (" +
                            role_name(a.role) + " in layout '" + layout.name + "')";
    if (needs_images(a.role)) throw InputError(msg + "; expected files like " + manifest.plate_name + "_" +
                                               a.well.str() + "_s1_w1.tif");
    warnings.push_back(msg);
  }
  // Only images are worth a warning: a layout or notes kept in the plate folder are expected.
  std::vector<std::string> images;
  for (const auto& name : manifest.ignored_files)
    if (looks_like_image(name)) images.push_back(name);
  if (!images.empty())
    warnings.push_back(manifest.dir.string() + ": " + std::to_string(images.size()) +
                       " image file(s) did not match input.filename_pattern and were ignored, e.g. " + images.front());
  return sel;
}

}  // namespace lysisq::detail
