// SPDX-License-Identifier: MIT
// Plate discovery for `lysisq batch` (ROOT folder or LIST file) and the shard partition.
#include "cli/batch_plan.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include "lysisq/errors.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& p) { return p.filename().string().rfind('.', 0) == 0; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

/// The extensions `lysisq run` takes as a counter export or a plate image (cmd_run_release.cpp).
bool is_plate_file(const fs::path& p) {
  static const char* const kExt[] = {".csv", ".tsv", ".txt", ".tif", ".tiff", ".png"};
  const std::string ext = lower(p.extension().string());
  return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

/// "P1.layout.yaml", "P1.layout.csv": a layout beside a plate file, never a plate itself.
bool is_layout_file(const fs::path& p, const PlanOptions& opt) {
  const std::string name = p.filename().string();
  return name == opt.layout_name || lower(p.stem().extension().string()) == ".layout";
}

/// The layout a plate uses when none is given for it (see discover_plates).
fs::path default_layout(const fs::path& input, bool is_dir, const PlanOptions& opt) {
  if (!opt.shared_layout.empty()) return opt.shared_layout;
  if (is_dir) return input / opt.layout_name;
  const fs::path dir = input.parent_path();
  const std::string stem = input.stem().string();
  for (const char* ext : {".layout.yaml", ".layout.yml", ".layout.csv", ".layout.tsv"}) {
    std::error_code ec;
    if (fs::is_regular_file(dir / (stem + ext), ec)) return dir / (stem + ext);
  }
  return dir / opt.layout_name;
}

bool same_path(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

std::vector<PlateEntry> scan_root(const fs::path& root, const PlanOptions& opt) {
  std::vector<PlateEntry> plates;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    const fs::path p = fs::absolute(e.path());
    if (is_hidden(p) || (!opt.out_dir.empty() && same_path(p, opt.out_dir))) continue;
    std::error_code ec2;
    if (e.is_directory(ec2)) {
      plates.push_back({p.filename().string(), p, default_layout(p, true, opt)});
    } else if (e.is_regular_file(ec2) && is_plate_file(p) && !is_layout_file(p, opt)) {
      plates.push_back({p.stem().string(), p, default_layout(p, false, opt)});
    }
  }
  if (ec) throw InputError(root.string() + ": cannot list the folder (" + ec.message() + ")");
  for (const auto& p : plates) check_plate_name(p.name, p.input.string());
  return plates;
}

/// A LIST line's fields: tab-separated when the line has a tab (paths with spaces), else
/// blank-separated. Fields are trimmed; trailing empty fields are dropped.
std::vector<std::string> split_list_line(const std::string& line) {
  std::vector<std::string> out;
  if (line.find('\t') == std::string::npos) {
    std::istringstream in(line);
    for (std::string f; in >> f;) out.push_back(f);
    return out;
  }
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, '\t');) {
    const auto b = f.find_first_not_of(" \r"), e = f.find_last_not_of(" \r");
    out.push_back(b == std::string::npos ? std::string() : f.substr(b, e - b + 1));
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::vector<PlateEntry> read_list(const fs::path& list, const PlanOptions& opt) {
  std::ifstream in(list);
  if (!in) throw InputError(list.string() + ": cannot read the plate list");
  const fs::path base = fs::absolute(list).parent_path();
  std::vector<PlateEntry> plates;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    const std::vector<std::string> f = split_list_line(line);
    if (f.empty() || f[0].empty() || f[0][0] == '#') continue;
    const std::string where = list.string() + ":" + std::to_string(line_no);
    if (f.size() > 3)
      throw InputError(where + ": expected PLATE [LAYOUT [NAME]], got " + std::to_string(f.size()) + " fields");
    fs::path input = (base / f[0]).lexically_normal();
    if (input.filename().empty()) input = input.parent_path();  // "P1/"
    std::error_code ec;
    const bool is_dir = fs::is_directory(input, ec);
    PlateEntry e{is_dir ? input.filename().string() : input.stem().string(), input,
                 default_layout(input, is_dir, opt)};
    if (f.size() >= 2 && !f[1].empty() && opt.shared_layout.empty()) e.layout = (base / f[1]).lexically_normal();
    if (f.size() == 3) e.name = f[2];
    check_plate_name(e.name, where);
    plates.push_back(std::move(e));
  }
  return plates;
}

void check_unique(const std::vector<PlateEntry>& plates) {
  for (std::size_t i = 1; i < plates.size(); ++i)
    if (plates[i].name == plates[i - 1].name)
      throw InputError(plates[i - 1].input.string() + " and " + plates[i].input.string() + " would both write OUT/" +
                       plates[i].name + "; give one of them another name (LIST third column: PLATE<TAB>LAYOUT<TAB>NAME)");
}

}  // namespace

void check_plate_name(const std::string& name, const std::string& origin) {
  const bool bad = name.empty() || name[0] == '.' || name.find_first_of("/\\") != std::string::npos || name == "logs";
  if (bad)
    throw InputError(origin + ": plate name '" + name +
                     "' cannot be an output folder (empty, starting with '.', holding a slash, or 'logs')");
}

std::vector<PlateEntry> discover_plates(const fs::path& source, const PlanOptions& opt) {
  std::error_code ec;
  std::vector<PlateEntry> plates;
  if (fs::is_directory(source, ec)) {
    if (!opt.out_dir.empty() && same_path(source, opt.out_dir))
      throw InputError(source.string() + ": --out must not be the plate folder itself; give another folder");
    plates = scan_root(source, opt);
  } else if (fs::exists(source, ec)) {
    plates = read_list(source, opt);
  } else {
    throw InputError(source.string() + ": no such plate folder or plate list");
  }
  if (plates.empty())
    throw InputError(source.string() + ": no plates found (sub-folders of images, counter files or plate images; "
                                       "or a list file with one plate path per line)");
  std::sort(plates.begin(), plates.end(), [](const PlateEntry& a, const PlateEntry& b) { return a.name < b.name; });
  check_unique(plates);
  return plates;
}

Shard parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s;
  const char* const end = text.data() + text.size();
  bool ok = slash != std::string_view::npos;
  if (ok) {
    const auto r1 = std::from_chars(text.data(), text.data() + slash, s.index);
    const auto r2 = std::from_chars(text.data() + slash + 1, end, s.count);
    ok = r1.ec == std::errc{} && r1.ptr == text.data() + slash && r2.ec == std::errc{} && r2.ptr == end;
  }
  if (!ok || s.count < 1 || s.index < 0 || s.index >= s.count)
    throw ConfigError("--shard: expected i/N with 0 <= i < N (e.g. 0/4, as $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), "
                      "got '" + std::string(text) + "'");
  return s;
}

std::vector<PlateEntry> select_shard(const std::vector<PlateEntry>& plates, Shard s) {
  std::vector<PlateEntry> out;
  for (std::size_t k = 0; k < plates.size(); ++k)
    if (shard_of(k, s.count) == s.index) out.push_back(plates[k]);
  return out;
}

std::string shard_stem(Shard s) {
  return "shard-" + std::to_string(s.index) + "-of-" + std::to_string(s.count);
}

}  // namespace lysisq::batch
