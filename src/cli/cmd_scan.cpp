// SPDX-License-Identifier: MIT
// `lysisq scan DIR`: what discovery finds in a plate folder, before any analysis: the layout,
// the plate, wells, fields, channels (with names where the layout gives them), time points,
// z-steps, the images the grid expects but the folder lacks, and the files it ignored. Exit 0
// whatever is missing (it is a report); exit 2 when nothing usable is found.
#include "cli/cmd_scan.hpp"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "lysisq/config_io.hpp"
#include "lysisq/discovery.hpp"

namespace lysisq::cli {

namespace {

struct ScanArgs {
  std::string dir;
  ConfigOptions config;
  bool json = false;
};

/// The manifest, and what the printers derive from it.
struct Scan {
  io::PlateManifest m;
  bool detected = false;  ///< layout chosen by auto-detection (not named in the config)
  std::map<WellId, std::set<int>> fields_of;
  std::set<int> channels, timepoints, zs;
  std::size_t files = 0;  ///< distinct image files used
  std::vector<io::MissingImage> missing;
};

Scan make_scan(const ScanArgs& a) {
  const AssayConfig cfg = config::load_config(a.config.config_file, overrides_of(a.config));
  Scan s;
  s.m = io::discover_plate(a.dir, cfg.input);
  s.detected = cfg.input.layout == InputLayout::kAuto && s.m.layout != "regex";
  std::set<std::string> files;
  for (const auto& f : s.m.fields) {
    s.fields_of[f.well].insert(f.field);
    s.timepoints.insert(f.timepoint);
    s.zs.insert(f.z);
    for (const auto& [ch, path] : f.channels) {
      s.channels.insert(ch);
      files.insert(path.string());
    }
  }
  s.files = files.size();
  s.missing = io::find_missing(s.m);
  return s;
}

std::string channel_text(const Scan& s, int ch) {
  const auto it = s.m.channel_names.find(ch);
  return std::to_string(ch) + (it == s.m.channel_names.end() ? "" : " \"" + it->second + "\"");
}

std::size_t missing_images(const Scan& s) {
  std::size_t n = 0;
  for (const auto& x : s.missing) n += x.channel ? 1 : s.channels.size();
  return n;
}

/// "s4" (whole field), "s1 w2" (one channel), with " t<n>" / " z<n>" where those axes vary.
std::string missing_text(const Scan& s, const io::MissingImage& x) {
  std::string t = "s" + std::to_string(x.field);
  if (s.timepoints.size() > 1) t += " t" + std::to_string(x.timepoint);
  if (s.zs.size() > 1) t += " z" + std::to_string(x.z);
  if (x.channel) t += " ch" + std::to_string(x.channel);
  return t;
}

void print_missing(const Scan& s) {
  if (s.missing.empty()) {
    std::printf("missing:      none\n");
    return;
  }
  std::printf("missing:      %zu images (each well should have every field, channel%s that any well has;"
              " 'sN' = the whole field)\n",
              missing_images(s), s.timepoints.size() > 1 || s.zs.size() > 1 ? ", time point and z-step" : "");
  constexpr std::size_t kMaxWells = 20;  // --json lists everything
  std::map<WellId, std::string> by_well;
  for (const auto& x : s.missing) {
    std::string& line = by_well[x.well];
    line += (line.empty() ? "" : ", ") + missing_text(s, x);
  }
  std::size_t shown = 0;
  for (const auto& [w, line] : by_well)
    if (shown++ < kMaxWells) std::printf("  %s: %s\n", w.str().c_str(), line.c_str());
  if (by_well.size() > kMaxWells) std::printf("  ... and %zu more wells (--json lists all)\n", by_well.size() - kMaxWells);
}

void print_axes(const Scan& s) {
  std::size_t lo = SIZE_MAX, hi = 0;
  std::vector<int> all_fields;
  for (const auto& [w, f] : s.fields_of) {
    lo = std::min(lo, f.size());
    hi = std::max(hi, f.size());
    all_fields.insert(all_fields.end(), f.begin(), f.end());
  }
  const std::string per = lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
  std::printf("fields:       %s per well (numbers %s)\n", per.c_str(), io::number_ranges(all_fields).c_str());
  std::string ch;
  for (int c : s.channels) ch += (ch.empty() ? "" : ", ") + channel_text(s, c);
  std::printf("channels:     %zu (%s)\n", s.channels.size(), ch.c_str());
  const std::vector<int> t(s.timepoints.begin(), s.timepoints.end()), z(s.zs.begin(), s.zs.end());
  if (t.size() == 1 && t.front() == 0) std::printf("time points:  none\n");
  else std::printf("time points:  %zu (%s)\n", t.size(), io::number_ranges(t).c_str());
  if (!s.m.timepoint_labels.empty())
    std::printf("              %d = %s ... %d = %s\n", s.m.timepoint_labels.begin()->first,
                s.m.timepoint_labels.begin()->second.c_str(), s.m.timepoint_labels.rbegin()->first,
                s.m.timepoint_labels.rbegin()->second.c_str());
  std::printf("z-steps:      %zu (%s)\n", z.size(), io::number_ranges(z).c_str());
  if (s.m.pixel_size_um > 0) std::printf("pixel size:   %.4g um\n", s.m.pixel_size_um);
}

void print_text(const Scan& s) {
  std::printf("folder:       %s\n", s.m.dir.c_str());
  std::printf("layout:       %s (%s)\n", s.m.layout.c_str(), s.detected ? "detected" : "input.layout / filename_pattern");
  std::printf("plate:        %s\n", s.m.plate_name.c_str());
  std::vector<WellId> wells;
  for (const auto& [w, f] : s.fields_of) wells.push_back(w);
  std::printf("wells:        %zu (%s)\n", wells.size(), io::well_ranges(wells).c_str());
  print_axes(s);
  std::printf("images:       %zu files, %zu fields\n", s.files, s.m.fields.size());
  print_missing(s);
  std::string ignored;
  for (std::size_t i = 0; i < s.m.ignored_files.size() && i < 10; ++i)
    ignored += (i ? ", " : "") + s.m.ignored_files[i];
  if (s.m.ignored_files.size() > 10) ignored += ", ...";
  std::printf("ignored:      %zu%s%s\n", s.m.ignored_files.size(), ignored.empty() ? "" : ": ", ignored.c_str());
}

nlohmann::json to_json(const Scan& s) {
  using nlohmann::json;
  json fields = json::object(), channels = json::array(), timepoints = json::array(), missing = json::array();
  for (const auto& [w, f] : s.fields_of) fields[w.str()] = f;
  for (int c : s.channels) {
    const auto it = s.m.channel_names.find(c);
    channels.push_back({{"index", c}, {"name", it == s.m.channel_names.end() ? json(nullptr) : json(it->second)}});
  }
  for (int t : s.timepoints) {
    const auto it = s.m.timepoint_labels.find(t);
    timepoints.push_back({{"index", t}, {"label", it == s.m.timepoint_labels.end() ? json(nullptr) : json(it->second)}});
  }
  for (const auto& x : s.missing)
    missing.push_back({{"well", x.well.str()}, {"field", x.field}, {"timepoint", x.timepoint}, {"z", x.z},
                       {"channel", x.channel ? json(x.channel) : json(nullptr)}});
  std::vector<std::string> wells;
  for (const auto& [w, f] : s.fields_of) wells.push_back(w.str());
  return {{"folder", s.m.dir.string()},
          {"layout", s.m.layout},
          {"layout_detected", s.detected},
          {"plate", s.m.plate_name},
          {"wells", wells},
          {"fields", fields},
          {"channels", channels},
          {"timepoints", timepoints},
          {"z_steps", s.zs},
          {"pixel_size_um", s.m.pixel_size_um > 0 ? json(s.m.pixel_size_um) : json(nullptr)},
          {"image_files", s.files},
          {"missing_images", missing_images(s)},
          {"missing", missing},
          {"ignored_files", s.m.ignored_files}};
}

int run(const ScanArgs& a) {
  const Scan s = make_scan(a);
  if (a.json) std::printf("%s\n", to_json(s).dump(2).c_str());
  else print_text(s);
  return 0;
}

}  // namespace

Command add_scan_command(CLI::App& root) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = root.add_subcommand(
      "scan", "Show what a plate folder holds: layout (ImageXpress, Operetta, Cytation, Incucyte, OME-TIFF or "
              "input.filename_pattern), wells, fields, channels, time points, z-steps, missing and ignored files");
  cmd->add_option("DIR", args->dir, "Plate image folder")->required();
  add_config_options(*cmd, args->config, false);
  cmd->add_flag("--json", args->json, "Print JSON (for scripts) instead of text");
  decorate(*cmd);
  return {cmd, [args] { return run(*args); }};
}

}  // namespace lysisq::cli
