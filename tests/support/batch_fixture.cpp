// SPDX-License-Identifier: MIT
// Helpers of the `lysisq batch` tests (batch_fixture.hpp).
#include "support/batch_fixture.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.hpp"
#include "lysisq/synth.hpp"
#include "report/csv_table.hpp"
#include "support/temp_dir.hpp"

namespace lysisq::test {

namespace fs = std::filesystem;

void make_fluorescence_root(const fs::path& root, const std::vector<std::string>& names) {
  for (const auto& n : names) copy_plate(shared_small_plate(), root / n);
}

void make_chromium_root(const fs::path& root, int n) {
  // Three distinct plates, generated once per process (the scan rendering is what costs), copied
  // round robin: plates 1, 4, 7... share numbers, which no batch test relies on being distinct.
  static const TempDir dir;
  static const bool made = [] {
    for (int s = 1; s <= 3; ++s) {
      synth::ChromiumSynthParams p;
      p.seed = std::uint64_t(s);
      synth::generate_chromium_plate(p, dir / std::to_string(s));
    }
    return true;
  }();
  (void)made;
  fs::create_directories(root);
  for (int i = 1; i <= n; ++i) {
    const fs::path src = dir / std::to_string((i - 1) % 3 + 1);
    const std::string name = std::string(i < 10 ? "C0" : "C") + std::to_string(i);
    fs::copy_file(src / "counts.csv", root / (name + ".csv"));
    fs::copy_file(src / "layout.yaml", root / (name + ".layout.yaml"));
  }
}

pid_t spawn_lysisq(const std::vector<std::string>& args, const fs::path& log) {
  return spawn_program(LYSISQ_BINARY, args, log);
}

pid_t spawn_program(const fs::path& binary, const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> a = {binary.string()};
  a.insert(a.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(null_fd, 0);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fd);
  ::close(null_fd);
  return pid;
}

ChildEnd wait_child(pid_t pid) {
  int st = 0;
  rusage ru{};
  ChildEnd end;
  if (::wait4(pid, &st, 0, &ru) != pid) return end;
  end.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  end.maxrss_kib = ru.ru_maxrss;
  return end;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

nlohmann::json json_without(const fs::path& file, const std::vector<std::string>& keys) {
  nlohmann::json j = nlohmann::json::parse(read_text(file));
  for (const auto& k : keys) j.erase(k);
  return j;
}

}  // namespace

std::string result_folder_difference(const fs::path& got, const fs::path& gold) {
  auto names = [](const fs::path& d) {
    auto n = entries(d);
    n.erase(std::remove(n.begin(), n.end(), "report.html"), n.end());
    return n;
  };
  if (names(got) != names(gold)) return got.string() + ": other files than " + gold.string();
  for (const auto& n : names(gold)) {
    bool same = false;
    if (n == "run.json") {
      const std::vector<std::string> volatile_keys = {"start_time_utc", "wall_time_s", "host", "stage_timings"};
      same = json_without(got / n, volatile_keys) == json_without(gold / n, volatile_keys);
    } else if (n == "inputs.json") {
      same = json_without(got / n, {"recorded_ns"}) == json_without(gold / n, {"recorded_ns"});
    } else {
      same = read_text(got / n) == read_text(gold / n);
    }
    if (!same) return (got / n).string() + " differs from " + (gold / n).string();
  }
  return "";
}

std::vector<std::string> summary_rows_without(const fs::path& csv, const std::vector<std::string>& blank) {
  const auto t = report::detail::parse_csv(read_text(csv));
  std::vector<std::string> rows;
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      const bool drop = std::find(blank.begin(), blank.end(), t.header[c]) != blank.end();
      line += (c ? "|" : "") + (drop ? std::string() : t.rows[r].at(c));
    }
    rows.push_back(line);
  }
  return rows;
}

}  // namespace lysisq::test
