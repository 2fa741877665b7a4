// SPDX-License-Identifier: MIT
// Config YAML (+ --set overrides) -> AssayConfig: a visitor over describe_config() that reads
// each key strictly, rejects unknown keys with a suggestion, and records where each value came
// from so that validate_at() can point at the line.
#include "config_internal.hpp"
#include "config_schema.hpp"
#include "lysisq/config_io.hpp"
#include "overrides.hpp"
#include "yaml_reader.hpp"

namespace lysisq::config {
namespace detail {
namespace {

class Loader {
 public:
  Loader(std::string origin, const Overrides& ov, Locations& at) : origin_(std::move(origin)), ov_(ov), at_(at) {}

  /// `root_entries`: the top-level mapping, already checked for schema_version.
  void run(std::vector<Entry> root_entries, AssayConfig& cfg) {
    check_known_keys(root_entries, "", child_keys(""), leaf_paths());
    stack_.push_back({"", std::move(root_entries)});
    describe_config(*this, cfg);
    stack_.pop_back();
  }

  template <class F>
  void section(const char* key, F&& body) {
    const std::string p = join_path(stack_.back().path, key);
    const Entry* e = find(key);
    std::vector<Entry> entries = e ? map_entries(e->value, origin_, p) : std::vector<Entry>{};
    check_known_keys(entries, p, child_keys(p), leaf_paths());
    stack_.push_back({p, std::move(entries)});
    body();
    stack_.pop_back();
  }
  template <class T>
  void integer(const char* key, T& f, IntRange r) {
    if (const auto v = value(key)) f = static_cast<T>(checked_integer(*v, r));
  }
  void optional_integer(const char* key, std::optional<std::uint16_t>& f, IntRange r) {
    if (const auto v = value(key))
      f = v->node.IsNull() ? std::nullopt : std::optional(static_cast<std::uint16_t>(checked_integer(*v, r)));
  }
  void number(const char* key, double& f, RealRange r) {
    if (const auto v = value(key)) {
      f = read_number(v->node, v->ctx, "allowed range " + range_text(r));
      if (!in_range(f, r)) out_of_range(v->ctx.where, v->ctx.path, range_text(r), v->node.Scalar());
    }
  }
  void boolean(const char* key, bool& f) {
    if (const auto v = value(key)) f = read_bool(v->node, v->ctx);
  }
  void word(const char* key, std::string& f, EnumTable<int> table) {
    if (const auto v = value(key)) f = checked_word<int>(*v, table);
  }
  template <class E>
  void choice(const char* key, E& f, EnumTable<E> table) {
    if (const auto v = value(key)) f = *enum_from<E>(table, checked_word<E>(*v, table));
  }
  void regex(const char* key, std::string& f, int) {
    if (const auto v = value(key)) f = read_text(v->node, v->ctx);  // compiled by validate_at()
  }
  void text(const char* key, std::string& f) {
    if (const auto v = value(key)) f = read_text(v->node, v->ctx);  // non-empty: validate_at()
  }
  void optional_text(const char* key, std::string& f) {
    // `key:` with nothing after it (null) reads as empty, like `key: ''`: "use the default".
    if (const auto v = value(key)) f = v->node.IsNull() ? std::string() : read_text(v->node, v->ctx);
  }

 private:
  struct Frame {
    std::string path;
    std::vector<Entry> entries;
  };
  struct Value {
    YAML::Node node;
    Ctx ctx;
  };

  const Entry* find(const char* key) const {
    for (const auto& e : stack_.back().entries)
      if (e.key == key) return &e;
    return nullptr;
  }

  /// The value for `key` in the current section: a --set override wins over the file.
  std::optional<Value> value(const char* key) {
    const std::string p = join_path(stack_.back().path, key);
    if (const auto it = ov_.find(p); it != ov_.end()) {
      at_[p] = "--set";
      return Value{it->second, {"--set", p}};
    }
    if (const Entry* e = find(key)) {
      at_[p] = e->where;
      return Value{e->value, {e->where, p}};
    }
    return std::nullopt;
  }

  static long long checked_integer(const Value& v, IntRange r) {
    const long long n = read_integer(v.node, v.ctx, "allowed range " + range_text(r));
    if (!in_range(n, r)) out_of_range(v.ctx.where, v.ctx.path, range_text(r), v.node.Scalar());
    return n;
  }

  template <class E>
  static std::string checked_word(const Value& v, EnumTable<E> table) {
    const std::string s = read_text(v.node, v.ctx);
    if (!enum_from<E>(table, s))
      fail(v.ctx.where, v.ctx.path, "unknown value", "'" + s + "'", "accepted: " + enum_spellings<E>(table));
    return s;
  }

  std::string origin_;
  const Overrides& ov_;
  Locations& at_;
  std::vector<Frame> stack_;
};

LoadedConfig load_from(const YAML::Node* doc, const std::string& origin, const std::vector<std::string>& overrides) {
  const Overrides ov = parse_overrides(overrides);
  std::vector<Entry> root;
  if (doc) {
    root = map_entries(*doc, origin, "");
    check_schema_version(root, origin, "config");
  }
  LoadedConfig loaded;
  Loader(origin, ov, loaded.given).run(std::move(root), loaded.config);
  validate_at(loaded.config, loaded.given);
  return loaded;
}

LoadedConfig parse_traced(const std::string& yaml_text, const std::string& origin,
                          const std::vector<std::string>& overrides) {
  const YAML::Node doc = parse_yaml(yaml_text, origin);
  return load_from(&doc, origin, overrides);
}

}  // namespace
}  // namespace detail

AssayConfig parse_config(const std::string& yaml_text, const std::string& origin,
                         const std::vector<std::string>& overrides) {
  return detail::parse_traced(yaml_text, origin, overrides).config;
}

LoadedConfig load_config_traced(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  if (file.empty()) return detail::load_from(nullptr, "defaults", overrides);
  return detail::parse_traced(detail::read_text_file(file), file.string(), overrides);
}

AssayConfig load_config(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  return load_config_traced(file, overrides).config;
}

}  // namespace lysisq::config
