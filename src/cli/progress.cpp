// SPDX-License-Identifier: MIT
// Terminal-aware progress lines, interrupt handling, and small facts for run.json (time, host).
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "cli/cli_common.hpp"

namespace lysisq::cli {

namespace {

// Lock-free atomic<bool>: safe to store from a signal handler.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_signal(int sig) {
  g_interrupted.store(true);
  // A second Ctrl-C must not wait for the running fields to finish.
  ::signal(sig, SIG_DFL);
}

}  // namespace

void install_interrupt_handlers() {
  ::signal(SIGINT, on_signal);
  ::signal(SIGTERM, on_signal);
}

const std::atomic<bool>& interrupted() { return g_interrupted; }

Progress::Progress(std::string what, bool quiet)
    : what_(std::move(what)), quiet_(quiet), tty_(::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t done, std::size_t total) {
  if (quiet_ || total == 0) return;
  const int pct = static_cast<int>(done * 100 / total);
  if (tty_) {
    if (pct == last_step_ && done != total) return;
    last_step_ = pct;
    std::fprintf(stderr, "\rlysisq: %zu/%zu %s (%d %%)", done, total, what_.c_str(), pct);
    line_open_ = true;
  } else {
    const int decile = pct / 10;  // a log file gets ~10 lines, not one per field
    if (decile == last_step_) return;
    last_step_ = decile;
    std::fprintf(stderr, "lysisq: %zu/%zu %s (%d %%)\n", done, total, what_.c_str(), pct);
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (line_open_) std::fputc('\n', stderr);
  line_open_ = false;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

}  // namespace lysisq::cli
