// SPDX-License-Identifier: MIT
// Input fingerprints for `lysisq batch` resume: stat, FNV-1a content hashes, inputs.json.
#include "cli/batch_inputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lysisq/errors.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "lysisq-batch-inputs/1";
/// A file modified this close to (or after) the moment its hash was recorded may have been
/// rewritten within one time-stamp tick, so its size and time prove nothing (git's racy entries).
/// 2 s also covers small clock differences between cluster nodes sharing a file system.
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;

std::string hex16(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string fnv1a64_file(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(file.string() + ": cannot read (" + std::strerror(errno) + ")");
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis and prime (Fowler, Noll, Vo)
  std::vector<unsigned char> buf(1 << 20);
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw InputError(file.string() + ": cannot read (" + why + ")");
    }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; ++i) h = (h ^ buf[std::size_t(i)]) * 1099511628211ull;
  }
  ::close(fd);
  return hex16(h);
}

std::vector<InputFile> stat_inputs(const fs::path& base, const std::vector<fs::path>& files) {
  std::vector<InputFile> out;
  out.reserve(files.size());
  for (const auto& f : files) {
    struct stat st {};
    if (::stat(f.c_str(), &st) != 0) throw InputError(f.string() + ": cannot stat (" + std::strerror(errno) + ")");
    InputFile in;
    in.path = f.lexically_relative(base).generic_string();
    in.size = static_cast<std::uintmax_t>(st.st_size);
    in.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    out.push_back(std::move(in));
  }
  std::sort(out.begin(), out.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  return out;
}

void hash_inputs(const fs::path& base, std::vector<InputFile>& files) {
  for (auto& f : files)
    if (f.fnv1a64.empty()) f.fnv1a64 = fnv1a64_file(base / f.path);
}

std::int64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Comparison compare_inputs(const InputsRecord& recorded, InputsRecord& current, const fs::path& base) {
  Comparison c;
  if (recorded.tool_version != current.tool_version)
    c.why = "lysisq version " + recorded.tool_version + " -> " + current.tool_version;
  else if (recorded.config_fnv1a64 != current.config_fnv1a64) c.why = "resolved config changed";
  else if (recorded.layout_fnv1a64 != current.layout_fnv1a64) c.why = "layout changed";
  if (!c.why.empty()) return c;
  std::map<std::string, const InputFile*> old;
  for (const auto& f : recorded.files) old[f.path] = &f;
  for (auto& f : current.files) {
    const auto it = old.find(f.path);
    if (it == old.end()) return {false, false, f.path + " added"};
    const InputFile& o = *it->second;
    const bool racy = o.mtime_ns + kRacyWindowNs >= recorded.recorded_ns;
    if (o.size == f.size && o.mtime_ns == f.mtime_ns && !racy) {
      f.fnv1a64 = o.fnv1a64;
    } else {
      if (o.size != f.size) return {false, false, f.path + " changed (size)"};
      f.fnv1a64 = fnv1a64_file(base / f.path);
      if (f.fnv1a64 != o.fnv1a64) return {false, false, f.path + " changed"};
      c.refresh = true;  // a new record (newer time) makes the fast path hold next time
    }
    old.erase(it);
  }
  if (!old.empty()) return {false, false, old.begin()->first + " removed"};
  c.unchanged = true;
  return c;
}

std::string inputs_json(const InputsRecord& r) {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["plate"] = r.plate;
  j["input"] = r.input;
  j["layout"] = r.layout;
  j["tool_version"] = r.tool_version;
  j["layout_fnv1a64"] = r.layout_fnv1a64;
  j["config_fnv1a64"] = r.config_fnv1a64;
  j["recorded_ns"] = r.recorded_ns;
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& f : r.files)
    j["files"].push_back({{"path", f.path}, {"size", f.size}, {"mtime_ns", f.mtime_ns}, {"fnv1a64", f.fnv1a64}});
  return j.dump(1) + "\n";
}

std::optional<InputsRecord> parse_inputs_json(const std::string& text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    if (!j.is_object() || j.value("format", "") != kFormat) return std::nullopt;
    InputsRecord r;
    r.plate = j.at("plate").get<std::string>();
    r.input = j.at("input").get<std::string>();
    r.layout = j.at("layout").get<std::string>();
    r.tool_version = j.at("tool_version").get<std::string>();
    r.layout_fnv1a64 = j.at("layout_fnv1a64").get<std::string>();
    r.config_fnv1a64 = j.at("config_fnv1a64").get<std::string>();
    r.recorded_ns = j.at("recorded_ns").get<std::int64_t>();
    for (const auto& f : j.at("files"))
      r.files.push_back({f.at("path").get<std::string>(), f.at("size").get<std::uintmax_t>(),
                         f.at("mtime_ns").get<std::int64_t>(), f.at("fnv1a64").get<std::string>()});
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::optional<InputsRecord> read_inputs_record(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_inputs_json(ss.str());
}

}  // namespace lysisq::batch
