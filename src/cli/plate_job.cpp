// SPDX-License-Identifier: MIT
// A plate job: fork/exec of `lysisq run`, its log, and installing its finished folder atomically.
#include "cli/plate_job.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/cli_common.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

int g_wake_fd = -1;  // write end of the ChildExitWaiter pipe, for the signal handler

extern "C" void on_child_exit(int) {
  const int saved = errno;
  const char c = 0;
  [[maybe_unused]] const auto n = ::write(g_wake_fd, &c, 1);  // non-blocking: a full pipe already wakes
  errno = saved;
}

/// The log's last `bytes` bytes (the whole log when shorter).
std::string log_tail(const fs::path& log, std::size_t bytes) {
  std::ifstream in(log, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const std::streamoff size = in.tellg();
  const std::streamoff start = size > std::streamoff(bytes) ? size - std::streamoff(bytes) : 0;
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

/// In the forked child, before exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const JobSpec& spec, char* const* argv, int log_fd, int null_fd, pid_t parent) {
  // Killed with the batch, however the batch dies; the check closes the race with a parent that
  // died before prctl ran.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(127);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(log_fd, STDOUT_FILENO);
  ::dup2(log_fd, STDERR_FILENO);
  if (::chdir(spec.work_dir.c_str()) != 0) {
    static const char msg[] = "lysisq: error: cannot enter the partial output folder\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::execv(spec.exe.c_str(), argv);
  static const char msg[] = "lysisq: error: cannot start the lysisq binary for this plate\n";
  [[maybe_unused]] const auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
  ::_exit(127);
}

void remove_all_retrying(const fs::path& dir) {
  // A child killed with its batch may still be dying and create a file while we delete.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (!ec) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

ChildExitWaiter::ChildExitWaiter() {
  if (::pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) throw InputError("cannot create a pipe (" + errno_text() + ")");
  g_wake_fd = fds_[1];
  struct sigaction sa {};
  sa.sa_handler = on_child_exit;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  ::sigaction(SIGCHLD, &sa, &old_);
}

ChildExitWaiter::~ChildExitWaiter() {
  ::sigaction(SIGCHLD, &old_, nullptr);
  g_wake_fd = -1;
  ::close(fds_[0]);
  ::close(fds_[1]);
}

void ChildExitWaiter::wait(std::chrono::milliseconds most) {
  pollfd p{fds_[0], POLLIN, 0};
  ::poll(&p, 1, static_cast<int>(most.count()));  // EINTR (SIGINT, SIGTERM) returns early too
  char buf[64];
  while (::read(fds_[0], buf, sizeof buf) > 0) {
  }
}

std::vector<std::string> job_argv(const JobSpec& spec) {
  std::vector<std::string> a = {spec.argv0.empty() ? spec.exe.string() : spec.argv0, "run", spec.input.string(), "--layout", spec.layout.string(),
                                "--out", "."};
  if (!spec.config_file.empty()) {
    a.emplace_back("--config");
    a.push_back(spec.config_file.string());
  }
  for (const auto& o : spec.overrides) {
    a.emplace_back("--set");
    a.push_back(o);
  }
  return a;
}

pid_t start_job(const JobSpec& spec) {
  std::error_code ec;
  fs::create_directories(spec.work_dir, ec);
  if (ec) throw InputError(spec.work_dir.string() + ": cannot create the folder (" + ec.message() + ")");
  std::vector<std::string> args = job_argv(spec);
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int log_fd = ::open(spec.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) throw InputError(spec.log_file.string() + ": cannot write the log (" + errno_text() + ")");
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  std::fflush(nullptr);  // nothing buffered twice
  const pid_t pid = ::fork();
  if (pid == 0) exec_child(spec, argv.data(), log_fd, null_fd, parent);
  const std::string why = errno_text();
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (pid < 0) throw InputError("cannot start a process for " + spec.input.string() + " (fork: " + why + ")");
  return pid;
}

std::string job_failure(const fs::path& log_file, int wait_status) {
  const std::string tail = log_tail(log_file, 64 * 1024);
  static const std::string kError = "lysisq: error: ";
  std::string reason;
  std::istringstream in(tail);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(kError, 0) == 0) reason = line.substr(kError.size());
  if (!reason.empty()) return reason;
  if (WIFSIGNALED(wait_status))
    return "killed by signal " + std::to_string(WTERMSIG(wait_status)) + " (" + ::strsignal(WTERMSIG(wait_status)) + ")";
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  return "ended abnormally";
}

double job_progress(const fs::path& log_file) {
  const std::string tail = log_tail(log_file, 512);
  const auto at = tail.rfind("lysisq: ");
  if (at == std::string::npos) return 0;
  unsigned long done = 0, total = 0;
  char what[16] = {};
  if (std::sscanf(tail.c_str() + at, "lysisq: %lu/%lu %15s", &done, &total, what) != 3) return 0;
  if (std::strcmp(what, "fields") != 0 || total == 0 || done > total) return 0;
  return double(done) / double(total);
}

fs::path partial_dir(const fs::path& out_dir, const std::string& plate) {
  return out_dir / ("." + plate + ".partial-" + cli::host_name() + "-" + std::to_string(::getpid()));
}

void remove_stale_work(const fs::path& out_dir, const std::string& plate) {
  const std::string partial = "." + plate + ".partial-", trash = "." + plate + ".trash-";
  std::vector<fs::path> stale;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(partial, 0) == 0 || name.rfind(trash, 0) == 0) stale.push_back(e.path());
  }
  for (const auto& p : stale) remove_all_retrying(p);
}

void install_results(const fs::path& partial, const fs::path& final_dir) {
  std::error_code ec;
  if (!fs::exists(final_dir, ec)) {
    if (::rename(partial.c_str(), final_dir.c_str()) != 0)
      throw InputError(final_dir.string() + ": cannot move the results into place (" + errno_text() + ")");
  } else if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, final_dir.c_str(), RENAME_EXCHANGE) == 0) {
    remove_all_retrying(partial);  // now holds the previous results
  } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
    const fs::path trash = final_dir.parent_path() / ("." + final_dir.filename().string() + ".trash-" +
                                                     cli::host_name() + "-" + std::to_string(::getpid()));
    if (::rename(final_dir.c_str(), trash.c_str()) != 0 || ::rename(partial.c_str(), final_dir.c_str()) != 0)
      throw InputError(final_dir.string() + ": cannot move the results into place (" + errno_text() + ")");
    remove_all_retrying(trash);
  } else {
    throw InputError(final_dir.string() + ": cannot swap in the new results (" + errno_text() + ")");
  }
  fsync_dir(final_dir.parent_path());
}

}  // namespace lysisq::batch
