// SPDX-License-Identifier: MIT
// Range checks (from the schema in config_schema.hpp) and cross-field rules of AssayConfig
// (CellProfiler validate_module style): run on every loaded config and on configs built in code.
#include <cstdio>
#include <initializer_list>
#include <regex>

#include "config_internal.hpp"
#include "config_schema.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/filename_pattern.hpp"
#include "validate_qc.hpp"
#include "yaml_reader.hpp"
#include "yaml_text.hpp"

namespace lysisq::config {
namespace detail {
namespace {

class Checker {
 public:
  explicit Checker(const Locations& at) : at_(at) {}

  template <class F>
  void section(const char* key, F&& body) {
    path_.push_back(key);
    body();
    path_.pop_back();
  }
  template <class T>
  void integer(const char* key, const T& f, IntRange r) {
    if (!in_range(static_cast<long long>(f), r)) out_of_range(where(key), path(key), range_text(r), std::to_string(f));
  }
  void optional_integer(const char* key, const std::optional<std::uint16_t>& f, IntRange r) {
    if (f) integer(key, *f, r);
  }
  void number(const char* key, double f, RealRange r) {
    if (!in_range(f, r)) out_of_range(where(key), path(key), range_text(r), yaml_number(f));
  }
  void boolean(const char*, bool) {}
  void word(const char* key, const std::string& f, EnumTable<int> table) {
    if (!enum_from<int>(table, f))
      fail(where(key), path(key), "unknown value", yaml_quote(f), "accepted: " + enum_spellings<int>(table));
  }
  template <class E>
  void choice(const char* key, const E& f, EnumTable<E> table) {
    if (*enum_to<E>(table, f) == '\0')
      fail(where(key), path(key), "invalid value", std::to_string(static_cast<int>(f)),
           "accepted: " + enum_spellings<E>(table));
  }
  void regex(const char* key, const std::string& f, int min_groups) {
    if (uses_placeholders(f)) {  // `{well}`-style pattern: its translator knows the rules
      try {
        (void)parse_filename_pattern(f);
      } catch (const lysisq::ConfigError& e) {
        fail(where(key), path(key), e.what(), yaml_quote(f), "placeholders: see configs/README.md");
      }
      return;
    }
    std::size_t groups = 0;
    try {
      groups = std::regex(f, std::regex::ECMAScript).mark_count();
    } catch (const std::regex_error& e) {
      fail(where(key), path(key), "not a valid regular expression (ECMAScript)", yaml_quote(f), e.what());
    }
    if (groups < static_cast<std::size_t>(min_groups))
      fail(where(key), path(key), "needs " + std::to_string(min_groups) + " capture groups", yaml_quote(f),
           "groups in order: plate, well, field, channel; see configs/README.md");
  }
  void optional_text(const char*, const std::string&) {}  // key-specific rules: validate_qc.cpp
  void text(const char* key, const std::string& f) {
    if (f.find_first_not_of(" \t") == std::string::npos)
      fail(where(key), path(key), "must not be empty", yaml_quote(f), "give the column header as it appears in the file");
  }

 private:
  std::string path(const char* key) const {
    std::string p;
    for (const auto& s : path_) p += s + ".";
    return p + key;
  }
  std::string where(const char* key) const {
    const auto it = at_.find(path(key));
    return it == at_.end() ? std::string() : it->second;
  }
  const Locations& at_;
  std::vector<std::string> path_;
};

/// Where the first of `paths` that was given in the file lies (a rule may be broken by either).
std::string at(const Locations& locs, std::initializer_list<std::string> paths) {
  for (const auto& p : paths)
    if (const auto it = locs.find(p); it != locs.end()) return it->second;
  return {};
}

void check_threshold(const ThresholdParams& t, const Locations& locs) {
  const std::string key = "segmentation.threshold.manual";
  if (t.method == ThresholdMethod::kManual && !t.manual)
    fail(at(locs, {"segmentation.threshold.method", key}), key, "required when segmentation.threshold.method is manual",
         "nothing", "set the grey level, e.g. 'manual: 500'");
  if (t.method != ThresholdMethod::kManual && t.manual)
    fail(at(locs, {key, "segmentation.threshold.method"}), key, "only allowed when segmentation.threshold.method is manual", std::to_string(*t.manual),
         "remove it, or set 'method: manual'");
}

void check_channels(const ChannelParams& ch, const Locations& locs) {
  const std::pair<const char*, int> named[] = {{"nuclear", ch.nuclear}, {"target", ch.target}, {"dead", ch.dead}};
  for (std::size_t i = 1; i < std::size(named); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (named[i].second == named[j].second) {
        const std::string key = std::string("channels.") + named[i].first;
        fail(at(locs, {key, std::string("channels.") + named[j].first}), key, std::string("same channel as channels.") + named[j].first,
             std::to_string(named[i].second), "each stain needs its own channel (the w<n> of the file names)");
      }
}

void check_fixed_threshold(ThresholdMode mode, double value, const std::string& key, const std::string& mode_key,
                           const Locations& locs) {
  if (mode == ThresholdMode::kFixed && !(value > 0))
    fail(at(locs, {key, mode_key}), key, "must be > 0 when its mode is fixed", yaml_number(value),
         "set the mean intensity that separates the classes, or use mode auto");
}

/// Disc, then a gap, then the background annulus: the annulus must lie outside the disc or the
/// "background" would hold the spot's own signal.
void check_plate_image(const PlateImageParams& p, const Locations& locs) {
  const std::string pre = "chromium.plate_image.";
  if (!(p.disc_radius_frac < p.annulus_inner_frac))
    fail(at(locs, {pre + "disc_radius_frac", pre + "annulus_inner_frac"}), pre + "disc_radius_frac",
         "must be smaller than " + pre + "annulus_inner_frac (" + yaml_number(p.annulus_inner_frac) + ")",
         yaml_number(p.disc_radius_frac), "the background annulus must lie outside the integration disc");
  if (!(p.annulus_inner_frac < p.annulus_outer_frac))
    fail(at(locs, {pre + "annulus_inner_frac", pre + "annulus_outer_frac"}), pre + "annulus_inner_frac",
         "must be smaller than " + pre + "annulus_outer_frac (" + yaml_number(p.annulus_outer_frac) + ")",
         yaml_number(p.annulus_inner_frac), "");
}

void check_release_flags(const assay::ReleaseParams& r, const Locations& locs) {
  if (!(r.flag_below_pct < r.flag_above_pct))
    fail(at(locs, {"release.flag_below_pct", "release.flag_above_pct"}), "release.flag_below_pct",
         "must be smaller than release.flag_above_pct (" + yaml_number(r.flag_above_pct) + ")",
         yaml_number(r.flag_below_pct), "");
}

}  // namespace

std::string range_text(const IntRange& r) {
  return "[" + std::to_string(r.lo) + ", " + std::to_string(r.hi) + "]";
}
std::string range_text(const RealRange& r) {
  // %g, not yaml_number: "[0, 20]" reads better than "[0.0, 20.0]" in a message.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%c%g, %g%c", r.lo_open ? '(' : '[', r.lo, r.hi, r.hi_open ? ')' : ']');
  return buf;
}

void out_of_range(const std::string& where_, const std::string& path, const std::string& range,
                  const std::string& got) {
  std::string def;
  for (const auto& k : config_keys())
    if (k.path == path) def = "default " + k.default_text;
  fail(where_, path, "must be in " + range, got, def);
}

void validate_at(const AssayConfig& cfg, const Locations& locs) {
  Checker checker(locs);
  describe_config(checker, cfg);
  const auto& seg = cfg.segmentation;
  check_threshold(seg.threshold, locs);
  if (!(seg.size.min_area_px < seg.size.max_area_px))
    fail(at(locs, {"segmentation.size.max_area_px", "segmentation.size.min_area_px"}), "segmentation.size.max_area_px",
         "must be greater than segmentation.size.min_area_px (" + std::to_string(seg.size.min_area_px) + ")",
         std::to_string(seg.size.max_area_px), "");
  if (seg.background.method == BackgroundMethod::kTophat && seg.background.radius_px < 1)
    fail(at(locs, {"segmentation.background.radius_px", "segmentation.background.method"}), "segmentation.background.radius_px",
         "must be >= 1 when segmentation.background.method is tophat", std::to_string(seg.background.radius_px),
         "use 'method: none' to switch background removal off");
  check_channels(cfg.channels, locs);
  check_fixed_threshold(cfg.classification.target_mode, cfg.classification.target_threshold,
                        "classification.target_threshold", "classification.target_mode", locs);
  check_fixed_threshold(cfg.classification.dead_mode, cfg.classification.dead_threshold,
                        "classification.dead_threshold", "classification.dead_mode", locs);
  check_plate_image(cfg.chromium.plate_image, locs);
  check_release_flags(cfg.release, locs);
  check_qc(cfg.qc, locs);
  check_history(cfg.history, locs);
}

}  // namespace detail

void validate(const AssayConfig& cfg) { detail::validate_at(cfg, {}); }

}  // namespace lysisq::config
