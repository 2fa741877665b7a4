// SPDX-License-Identifier: MIT
// `lysisq batch`: which plates a batch holds (a ROOT folder or a LIST file), where each plate's
// layout is, and which plates a shard (--shard i/N) runs. File system reads only, no analysis.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lysisq::batch {

/// One plate of a batch. Its results go to OUT/<name>/.
struct PlateEntry {
  std::string name;              ///< folder name, or the file's stem (or LIST's third column)
  std::filesystem::path input;   ///< absolute: an image folder, a counter file or a plate image
  std::filesystem::path layout;  ///< absolute; may be missing (the plate then fails, naming it)
};

struct PlanOptions {
  std::filesystem::path shared_layout;      ///< --layout: one layout for every plate; empty: per plate
  std::string layout_name = "layout.yaml";  ///< --layout-name: a plate folder's own layout file
  std::filesystem::path out_dir;            ///< never taken for a plate when it lies inside ROOT
};

/// The plates of `source`, sorted by name (byte order):
/// - a folder (ROOT): every visible sub-folder is an image plate with layout <sub>/<layout_name>;
///   every visible .csv/.tsv/.txt/.tif/.tiff/.png file is a counter file or plate image with layout
///   <stem>.layout.{yaml,yml,csv,tsv} beside it, else ROOT/<layout_name>. Files named
///   <layout_name> or *.layout.* are layouts, not plates; OUT is skipped when it lies in ROOT.
/// - a file (LIST): one plate per line, `PLATE [LAYOUT [NAME]]`, split on tabs when the line has
///   one (paths with spaces), else on runs of blanks; '#' starts a comment line; relative paths are
///   relative to the list's folder. A missing LAYOUT follows the ROOT rule for that plate.
/// --layout (shared_layout) overrides every per-plate layout. InputError (exit 2) when `source`
/// is missing, holds no plate, or two plates would write the same OUT/<name> (naming both).
std::vector<PlateEntry> discover_plates(const std::filesystem::path& source, const PlanOptions& opt);

/// Names a plate may not take: empty, starting with '.', holding '/' or '\\', or "logs" (the
/// batch's log folder). InputError naming `origin` otherwise.
void check_plate_name(const std::string& name, const std::string& origin);

/// A shard of a batch: plates at sorted positions k with k mod count == index.
struct Shard {
  int index = 0;
  int count = 1;
};

/// "i/N" with 0 <= i < N (as Slurm's $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT for arrays
/// numbered from 0). ConfigError otherwise.
Shard parse_shard(std::string_view text);

/// The shard of the plate at sorted position `position`.
inline int shard_of(std::size_t position, int count) { return static_cast<int>(position % std::size_t(count)); }

/// The plates of `plates` (sorted, as discover_plates returns them) that shard `s` runs.
std::vector<PlateEntry> select_shard(const std::vector<PlateEntry>& plates, Shard s);

/// "shard-<i>-of-<N>": the stem of the shard's summary (.csv) and plan (.plan.csv) files.
std::string shard_stem(Shard s);

}  // namespace lysisq::batch
