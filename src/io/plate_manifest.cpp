// SPDX-License-Identifier: MIT
// Plate folder discovery: file names -> (plate, well, field, channel) by the configured regex.
#include <algorithm>
#include <charconv>
#include <map>
#include <regex>
#include <tuple>

#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"

namespace lysisq::io {
namespace {

namespace fs = std::filesystem;

int to_int(const std::string& s, const std::string& file, const char* what) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw InputError(file + ": " + what + " '" + s + "' is not a whole number; check input.filename_pattern");
  return v;
}

std::regex compile(const std::string& pattern) {
  try {
    std::regex re(pattern, std::regex::ECMAScript);
    if (re.mark_count() >= 4) return re;
  } catch (const std::regex_error&) {
  }
  throw ConfigError("input.filename_pattern: not a regular expression with 4 groups (plate, well, field, channel), got '" +
                    pattern + "'");
}

/// Regular files of `dir`, sorted by name so that results do not depend on directory order.
std::vector<fs::path> list_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": no such folder");
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) out.push_back(e.path());
  if (ec) throw InputError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
  std::sort(out.begin(), out.end());
  return out;
}

// ImageXpress thumbnails (<plate>_<well>_s1_w1_thumb<GUID>.tif) match the default pattern's
// trailing ".*", yet are never data: they are always ignored.
bool is_thumbnail(const std::string& name) { return name.find("_thumb") != std::string::npos; }

}  // namespace

PlateManifest scan_plate_dir(const fs::path& dir, const std::string& filename_pattern) {
  const std::regex re = compile(filename_pattern);
  PlateManifest m;
  m.dir = dir;
  std::map<std::tuple<WellId, int>, FieldFiles> fields;
  std::string plate_file;  // first file, to name in the mixed-plates message
  for (const auto& path : list_files(dir)) {
    const std::string name = path.filename().string();
    std::smatch g;
    if (is_thumbnail(name) || !std::regex_match(name, g, re)) {
      m.ignored_files.push_back(name);
      continue;
    }
    const auto well = WellId::parse(g[2].str());
    if (!well) throw InputError(path.string() + ": well '" + g[2].str() + "' is not a well name like B07");
    if (m.plate_name.empty()) {
      m.plate_name = g[1].str();
      plate_file = name;
    } else if (g[1].str() != m.plate_name) {
      throw InputError(dir.string() + ": files of several plates in one folder ('" + m.plate_name + "' in " +
                       plate_file + ", '" + g[1].str() + "' in " + name + "); put each plate in its own folder");
    }
    const int field = to_int(g[3].str(), path.string(), "field");
    const int channel = to_int(g[4].str(), path.string(), "channel");
    FieldFiles& f = fields[{*well, field}];
    f.well = *well;
    f.field = field;
    const auto [it, fresh] = f.channels.emplace(channel, path);
    if (!fresh)
      throw InputError(dir.string() + ": two files for well " + well->str() + " field " + std::to_string(field) +
                       " channel " + std::to_string(channel) + " (" + it->second.filename().string() + ", " + name + ")");
  }
  if (fields.empty())
    throw InputError(dir.string() + ": no image files match input.filename_pattern '" + filename_pattern + "' (" +
                     std::to_string(m.ignored_files.size()) + " other files ignored)");
  for (auto& [key, f] : fields) m.fields.push_back(std::move(f));  // std::map order: well, then field
  return m;
}

}  // namespace lysisq::io
