// SPDX-License-Identifier: MIT
// Internal to src/config (with its .cpp, one of the few files that include yaml-cpp): typed,
// strict reading of YAML nodes with messages of the form
//   <file>:<line>: <key.path>: <what>, got <value>; <hint>
#pragma once
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lysisq::config::detail {

/// Builds the one-line message; empty parts (and their separators) are left out.
std::string message(const std::string& where, const std::string& path, const std::string& what,
                    const std::string& got, const std::string& hint);
[[noreturn]] void fail(const std::string& where, const std::string& path, const std::string& what,
                       const std::string& got = "", const std::string& hint = "");

/// "<origin>:<line>" for a node (1-based line, as yaml-cpp 0.7 reports 0-based marks), or just
/// "<origin>" when the node carries no position.
std::string where(const std::string& origin, const YAML::Node& node);

/// How a value is shown after "got": the scalar as written (quoted scalars in quotes),
/// "nothing" for an empty value, "a mapping", "a list".
std::string shown(const YAML::Node& node);

/// Parses YAML text; syntax errors become ConfigError "<origin>:<line>: YAML syntax error: ...".
YAML::Node parse_yaml(const std::string& text, const std::string& origin);
/// Reads a whole file; a missing or unreadable file is a ConfigError naming it.
std::string read_text_file(const std::filesystem::path& file);

/// Context of one value: where it came from (file:line or --set) and its key path.
struct Ctx {
  std::string where;
  std::string path;
};

/// Strict scalar readers: a quoted "2" is not a number, 2.5 is not an integer, null is nothing.
long long read_integer(const YAML::Node& n, const Ctx& ctx, const std::string& hint);
double read_number(const YAML::Node& n, const Ctx& ctx, const std::string& hint);
bool read_bool(const YAML::Node& n, const Ctx& ctx);
std::string read_text(const YAML::Node& n, const Ctx& ctx);

/// One key of a mapping with its value and the position to report for it.
struct Entry {
  std::string key;
  YAML::Node value;
  std::string where;      ///< value's line, or the key's line when the value has no mark
  std::string key_where;  ///< the key's own line (for unknown and duplicate keys)
};

/// Entries of a mapping in file order. Throws for a non-mapping, non-scalar keys and duplicate
/// keys (yaml-cpp keeps both silently). A null node counts as an empty mapping.
std::vector<Entry> map_entries(const YAML::Node& map, const std::string& origin, const std::string& path);

/// Throws "unknown key" with a did-you-mean among `known` (and, failing that, among
/// `elsewhere`, full paths of keys that live in another section) for any entry not in `known`.
void check_known_keys(const std::vector<Entry>& entries, const std::string& path,
                      const std::vector<std::string>& known, const std::vector<std::string>& elsewhere = {});

/// Requires `schema_version: 1` in the root mapping (missing, other versions and wrong types
/// are errors). `what` names the file kind in hints ("config", "layout").
void check_schema_version(const std::vector<Entry>& root, const std::string& origin, const std::string& what);

/// "a.b" joined, or just `key` when `prefix` is empty.
std::string join_path(const std::string& prefix, const std::string& key);

}  // namespace lysisq::config::detail
