// SPDX-License-Identifier: MIT
// Strict, position-reporting YAML scalar and mapping reads (see yaml_reader.hpp).
#include "yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "edit_distance.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::config::detail {
namespace {

// yaml-cpp tags plain scalars "?" and quoted ones "!": a quoted "2" is a string, not a number.
bool is_plain_scalar(const YAML::Node& n) { return n.IsScalar() && n.Tag() != "!"; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string message(const std::string& where_, const std::string& path, const std::string& what,
                    const std::string& got, const std::string& hint) {
  std::string m;
  if (!where_.empty()) m += where_ + ": ";
  if (!path.empty()) m += path + ": ";
  m += what;
  if (!got.empty()) m += ", got " + got;
  if (!hint.empty()) m += "; " + hint;
  return m;
}

void fail(const std::string& where_, const std::string& path, const std::string& what, const std::string& got,
          const std::string& hint) {
  throw ConfigError(message(where_, path, what, got, hint));
}

std::string where(const std::string& origin, const YAML::Node& node) {
  if (!node.IsDefined() || node.Mark().is_null()) return origin;
  return origin + ":" + std::to_string(node.Mark().line + 1);
}

std::string shown(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return is_plain_scalar(n) ? n.Scalar() : "\"" + n.Scalar() + "\" (a quoted string)";
}

YAML::Node parse_yaml(const std::string& text, const std::string& origin) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const std::string at = e.mark.is_null() ? origin : origin + ":" + std::to_string(e.mark.line + 1);
    throw ConfigError(at + ": YAML syntax error: " + e.msg);
  }
}

std::string read_text_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw ConfigError(file.string() + ": is a folder, expected a YAML file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string() + ": cannot read the file (missing or not readable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

long long read_integer(const YAML::Node& n, const Ctx& ctx, const std::string& hint) {
  if (is_plain_scalar(n)) {
    std::string s = n.Scalar();
    if (!s.empty() && s[0] == '+') s.erase(0, 1);
    long long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return v;
  }
  fail(ctx.where, ctx.path, "expected a whole number", shown(n), hint);
}

double read_number(const YAML::Node& n, const Ctx& ctx, const std::string& hint) {
  if (is_plain_scalar(n)) {
    std::string s = n.Scalar();
    if (!s.empty() && s[0] == '+') s.erase(0, 1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty() && std::isfinite(v)) return v;
  }
  fail(ctx.where, ctx.path, "expected a finite number", shown(n), hint);
}

bool read_bool(const YAML::Node& n, const Ctx& ctx) {
  if (is_plain_scalar(n)) {
    // YAML 1.1 spellings, as yaml-cpp and PyYAML accept them.
    const std::string s = lower(n.Scalar());
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  fail(ctx.where, ctx.path, "expected true or false", shown(n));
}

std::string read_text(const YAML::Node& n, const Ctx& ctx) {
  if (n.IsScalar()) return n.Scalar();
  fail(ctx.where, ctx.path, "expected a text value", shown(n));
}

std::vector<Entry> map_entries(const YAML::Node& map, const std::string& origin, const std::string& path) {
  std::vector<Entry> out;
  if (!map.IsDefined() || map.IsNull()) return out;
  if (!map.IsMap())
    fail(where(origin, map), path.empty() ? "(top level)" : path, "expected a mapping of keys", shown(map),
         "write 'key: value' lines indented under '" + (path.empty() ? std::string("the file") : path) + ":'");
  for (const auto& kv : map) {
    const std::string key_where = where(origin, kv.first);
    if (!kv.first.IsScalar()) fail(key_where, path, "expected a key name", shown(kv.first));
    const std::string key = kv.first.Scalar();
    for (const auto& e : out)
      if (e.key == key) fail(key_where, join_path(path, key), "duplicate key", "", "first given at " + e.key_where);
    const bool value_has_mark = kv.second.IsDefined() && !kv.second.Mark().is_null() && !kv.second.IsNull();
    out.push_back({key, kv.second, value_has_mark ? where(origin, kv.second) : key_where, key_where});
  }
  return out;
}

void check_known_keys(const std::vector<Entry>& entries, const std::string& path,
                      const std::vector<std::string>& known, const std::vector<std::string>& elsewhere) {
  for (const auto& e : entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    std::string hint = did_you_mean(e.key, known);
    if (hint.empty()) {
      // A key written in the wrong section: suggest its full path ("sigma_px" at top level).
      for (const auto& full : elsewhere) {
        const auto dot = full.rfind('.');
        if (full.substr(dot == std::string::npos ? 0 : dot + 1) == e.key) {
          hint = "did you mean '" + full + "'?";
          break;
        }
      }
    }
    if (hint.empty()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      hint = "known keys here: " + list;
    }
    fail(e.key_where, join_path(path, e.key), "unknown key", "", hint);
  }
}

void check_schema_version(const std::vector<Entry>& root, const std::string& origin, const std::string& what) {
  const auto it = std::find_if(root.begin(), root.end(), [](const Entry& e) { return e.key == "schema_version"; });
  if (it == root.end())
    fail(origin, "schema_version", "required key is missing", "",
         "start the " + what + " file with 'schema_version: 1'");
  const long long v = read_integer(it->value, {it->where, "schema_version"}, "this lysisq reads schema_version 1");
  if (v != 1)
    fail(it->where, "schema_version", "unsupported schema version", std::to_string(v),
         "this lysisq reads schema_version 1; " +
             std::string(v > 1 ? "the file needs a newer lysisq" : "versions start at 1"));
}

std::string join_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

}  // namespace lysisq::config::detail
