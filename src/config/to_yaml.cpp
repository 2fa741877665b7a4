// SPDX-License-Identifier: MIT
// AssayConfig -> YAML (resolved_config.yaml) and the key table derived from the same walk.
#include <algorithm>
#include <sstream>

#include "config_internal.hpp"
#include "config_schema.hpp"
#include "lysisq/config_io.hpp"
#include "yaml_text.hpp"

namespace lysisq::config {
namespace detail {
namespace {

/// Writes each key as "key: value" indented two spaces per section, and records (path, value).
class Emitter {
 public:
  template <class F>
  void section(const char* key, F&& body) {
    out_ << indent() << key << ":\n";
    path_.push_back(key);
    body();
    path_.pop_back();
  }
  template <class T>
  void integer(const char* key, const T& f, IntRange) {
    leaf(key, std::to_string(f));
  }
  void optional_integer(const char* key, const std::optional<std::uint16_t>& f, IntRange) {
    leaf(key, f ? std::to_string(*f) : "~");
  }
  void number(const char* key, double f, RealRange) { leaf(key, yaml_number(f)); }
  void boolean(const char* key, bool f) { leaf(key, f ? "true" : "false"); }
  void word(const char* key, const std::string& f, EnumTable<int>) { leaf(key, yaml_quote(f)); }
  template <class E>
  void choice(const char* key, const E& f, EnumTable<E> table) {
    leaf(key, enum_to<E>(table, f));
  }
  void regex(const char* key, const std::string& f, int) { leaf(key, yaml_quote(f)); }
  void text(const char* key, const std::string& f) { leaf(key, yaml_quote(f)); }
  void optional_text(const char* key, const std::string& f) { leaf(key, yaml_quote(f)); }

  std::string text() const { return out_.str(); }
  const std::vector<KeyInfo>& keys() const { return keys_; }

 private:
  std::string indent() const { return std::string(2 * path_.size(), ' '); }
  void leaf(const char* key, const std::string& value) {
    out_ << indent() << key << ": " << value << "\n";
    std::string p;
    for (const auto& s : path_) p += s + ".";
    keys_.push_back({p + key, value});
  }
  std::ostringstream out_;
  std::vector<std::string> path_;
  std::vector<KeyInfo> keys_;
};

}  // namespace

const std::vector<KeyInfo>& config_keys() {
  static const std::vector<KeyInfo> keys = [] {
    Emitter e;
    const AssayConfig defaults{};
    describe_config(e, defaults);
    return e.keys();
  }();
  return keys;
}

std::vector<std::string> leaf_paths() {
  std::vector<std::string> out;
  for (const auto& k : config_keys()) out.push_back(k.path);
  return out;
}

std::vector<std::string> child_keys(const std::string& section) {
  const std::string prefix = section.empty() ? "" : section + ".";
  std::vector<std::string> out;
  for (const auto& k : config_keys()) {
    if (k.path.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = k.path.substr(prefix.size());
    const std::string child = rest.substr(0, rest.find('.'));
    if (std::find(out.begin(), out.end(), child) == out.end()) out.push_back(child);
  }
  return out;
}

bool is_section(const std::string& path) {
  const std::string prefix = path + ".";
  return std::any_of(config_keys().begin(), config_keys().end(),
                     [&](const KeyInfo& k) { return k.path.compare(0, prefix.size(), prefix) == 0; });
}

}  // namespace detail

std::string to_yaml(const AssayConfig& cfg) {
  detail::Emitter e;
  detail::describe_config(e, cfg);
  return e.text();
}

}  // namespace lysisq::config
