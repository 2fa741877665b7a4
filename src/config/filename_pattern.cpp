// SPDX-License-Identifier: MIT
// Placeholder file-name patterns -> ECMAScript regex with numbered groups (filename_pattern.hpp).
// The scanner walks the pattern once, skipping escapes and character classes, so `\{`, `[{]` and
// quantifiers like `{2}` stay regex; a placeholder becomes a group and its number is counted
// from the capturing groups emitted before it (the user's own groups included).
#include "lysisq/filename_pattern.hpp"

#include <array>
#include <cctype>
#include <regex>

#include "lysisq/errors.hpp"

namespace lysisq {
namespace {

struct Placeholder {
  const char* name;
  const char* default_regex;
  int FilenamePattern::*group;
};

// Defaults are deliberately loose; a layout that needs tighter parts spells them out.
constexpr std::array<Placeholder, 10> kPlaceholders{{
    {"plate", ".+", &FilenamePattern::plate},
    // Upper case only: "_s12" / "_w1" must not read as wells; {well:[a-p][0-9]{2}} for others.
    {"well", "[A-Z][0-9]{1,2}", &FilenamePattern::well},
    {"row", "[0-9]{1,2}", &FilenamePattern::row},
    {"col", "[0-9]{1,2}", &FilenamePattern::col},
    {"field", "[0-9]+", &FilenamePattern::field},
    {"channel", "[0-9]+", &FilenamePattern::channel},
    {"channel_name", ".+", &FilenamePattern::channel_name},
    {"timepoint", "[0-9]+", &FilenamePattern::timepoint},
    {"z", "[0-9]+", &FilenamePattern::z},
    {"read", "[0-9]+", &FilenamePattern::read},
}};

const Placeholder* find_placeholder(std::string_view name) {
  for (const auto& p : kPlaceholders)
    if (name == p.name) return &p;
  return nullptr;
}

std::string known_names() {
  std::string s;
  for (const auto& p : kPlaceholders) s += std::string(s.empty() ? "" : ", ") + "{" + p.name + "}";
  return s;
}

/// Index just past the character class that opens at `i` ('['), honouring `\]` and a leading ']'.
std::size_t skip_class(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '^') ++j;
  if (j < s.size() && s[j] == ']') ++j;
  for (; j < s.size(); ++j) {
    if (s[j] == '\\') ++j;
    else if (s[j] == ']') return j + 1;
  }
  return s.size();
}

/// Capturing groups in `s`: '(' outside classes, not escaped, not followed by '?'.
int count_groups(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '[') i = skip_class(s, i) - 1;
    else if (s[i] == '(' && (i + 1 >= s.size() || s[i + 1] != '?')) ++n;
  }
  return n;
}

/// A placeholder starting at `open` ('{'): its name, its sub-pattern, and the index past '}'.
struct Found {
  const Placeholder* p = nullptr;
  std::string_view name;
  std::string_view sub;  ///< empty: the default
  std::size_t end = 0;
};

Found match_placeholder(std::string_view s, std::size_t open) {
  Found f;
  std::size_t i = open + 1;
  while (i < s.size() && (std::islower(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  if (i == open + 1 || i >= s.size() || (s[i] != '}' && s[i] != ':')) return f;  // regex brace
  f.name = s.substr(open + 1, i - open - 1);
  f.p = find_placeholder(f.name);
  if (s[i] == '}') {
    f.end = i + 1;
    return f;
  }
  const std::size_t sub_begin = i + 1;
  int depth = 0;  // braces of quantifiers inside the sub-pattern
  for (std::size_t j = sub_begin; j < s.size(); ++j) {
    if (s[j] == '\\') ++j;
    else if (s[j] == '[') j = skip_class(s, j) - 1;
    else if (s[j] == '{') ++depth;
    else if (s[j] == '}' && depth-- == 0) {
      f.sub = s.substr(sub_begin, j - sub_begin);
      f.end = j + 1;
      return f;
    }
  }
  throw ConfigError("placeholder {" + std::string(f.name) + ":... has no closing '}'");
}

void check_regex(const std::string& re) {
  try {
    (void)std::regex(re, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw ConfigError(std::string("not a valid regular expression (ECMAScript): ") + e.what());
  }
}

FilenamePattern translate(std::string_view s) {
  FilenamePattern out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out.regex.append(s.substr(i, 2));
      i += 2;
      continue;
    }
    if (s[i] == '[') {
      const std::size_t e = skip_class(s, i);
      out.regex.append(s.substr(i, e - i));
      i = e;
      continue;
    }
    const Found f = s[i] == '{' ? match_placeholder(s, i) : Found{};
    if (f.name.empty()) {
      out.regex += s[i++];
      continue;
    }
    if (!f.p) throw ConfigError("unknown placeholder {" + std::string(f.name) + "}; known: " + known_names());
    int& group = out.*(f.p->group);
    if (group != 0) throw ConfigError("placeholder {" + std::string(f.name) + "} appears twice");
    group = count_groups(out.regex) + 1;
    out.regex.append("(").append(f.sub.empty() ? std::string_view(f.p->default_regex) : f.sub).append(")");
    i = f.end;
  }
  if (out.well == 0 && (out.row == 0 || out.col == 0))
    throw ConfigError("the pattern needs {well}, or {row} and {col}, to tell which well a file belongs to");
  if (out.well != 0 && (out.row != 0 || out.col != 0))
    throw ConfigError("give either {well} or {row} and {col}, not both");
  return out;
}

}  // namespace

bool uses_placeholders(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '[') i = skip_class(s, i) - 1;
    else if (s[i] == '{') {
      std::size_t j = i + 1;
      while (j < s.size() && (std::islower(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      if (j > i + 1 && j < s.size() && (s[j] == '}' || s[j] == ':')) return true;
    }
  }
  return false;
}

FilenamePattern parse_filename_pattern(const std::string& pattern) {
  if (uses_placeholders(pattern)) {
    FilenamePattern p = translate(pattern);
    check_regex(p.regex);
    return p;
  }
  check_regex(pattern);
  FilenamePattern p;
  p.regex = pattern;
  if (std::regex(pattern, std::regex::ECMAScript).mark_count() < 4)
    throw ConfigError("needs 4 capture groups (plate, well, field, channel in that order), or placeholders such as "
                      "{well}; see configs/README.md");
  p.plate = 1;
  p.well = 2;
  p.field = 3;
  p.channel = 4;
  return p;
}

}  // namespace lysisq
