// SPDX-License-Identifier: MIT
// Progress of a batch: per-plate lines, and a terminal bar with rate and ETA.
#include "cli/batch_progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/cli_common.hpp"

namespace lysisq::batch {

namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawEvery = std::chrono::milliseconds(250);

}  // namespace

BatchProgress::BatchProgress(std::size_t total, bool quiet)
    : total_(total), quiet_(quiet), tty_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

BatchProgress::~BatchProgress() { finish(); }

std::string BatchProgress::duration_text(double s) {
  char buf[48];
  if (!std::isfinite(s) || s < 0) return "?";
  if (s < 90) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s < 5400) std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  else std::snprintf(buf, sizeof buf, "%d h %02d min", int(s / 3600), int(std::fmod(s, 3600) / 60));
  return buf;
}

/// "512 plates/h, ETA 4 min" from the plates run so far (skipped plates cost nothing and are
/// left out of the rate); empty before anything has run long enough to measure.
std::string BatchProgress::rate_text(double running_done) const {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double work = double(ran_) + running_done;
  if (work <= 0 || elapsed < 0.05) return "";
  const double per_s = work / elapsed;
  const double left = double(total_ - done_) - running_done;
  char buf[64];
  const double per_h = per_s * 3600;
  std::snprintf(buf, sizeof buf, per_h >= 100 ? "%.0f plates/h" : "%.3g plates/h", per_h);
  return std::string(buf) + ", ETA " + duration_text(std::max(0.0, left) / per_s);
}

void BatchProgress::clear_bar() {
  if (!bar_shown_) return;
  std::fputs("\r\x1b[K", stderr);  // carriage return, erase to the end of the line
  bar_shown_ = false;
}

void BatchProgress::draw(double running_done, std::size_t running) {
  if (!tty_ || quiet_) return;
  const double frac = total_ ? std::min(1.0, (double(done_) + running_done) / double(total_)) : 1.0;
  const int filled = static_cast<int>(frac * kBarWidth);
  std::string bar(std::size_t(filled), '#');
  bar.resize(kBarWidth, '.');
  const std::string rate = rate_text(running_done);
  std::fprintf(stderr, "\r\x1b[Klysisq: [%s] %zu/%zu plates, %zu running", bar.c_str(), done_, total_, running);
  if (failed_) std::fprintf(stderr, ", %zu failed", failed_);
  if (!rate.empty()) std::fprintf(stderr, "; %s", rate.c_str());
  std::fflush(stderr);
  bar_shown_ = true;
  last_draw_ = std::chrono::steady_clock::now();
}

void BatchProgress::plate_done(const SummaryRow& row) {
  ++done_;
  if (row.status == "failed") ++failed_;
  if (row.status == "skipped") ++skipped_;
  else ++ran_;
  const bool failed = row.status == "failed";
  if (quiet_ && !failed) return;
  clear_bar();
  std::string text = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] " + row.plate + ": " + row.status;
  if (failed) text += ": " + row.reason;
  else if (row.status == "skipped") text += " (" + row.reason + ")";
  else text += " (" + row.elapsed_s + " s)";
  if (!tty_ && row.status != "skipped") {
    const std::string rate = rate_text(0);
    if (!rate.empty() && done_ < total_) text += "; " + rate;
  }
  std::fprintf(stderr, "lysisq: %s\n", cli::one_line(text).c_str());
  // The bar comes back with the next tick(), which knows how many plates still run.
}

void BatchProgress::tick(double running_done, std::size_t running) {
  last_running_done_ = running_done;
  last_running_ = running;
  if (!tty_ || quiet_ || (bar_shown_ && std::chrono::steady_clock::now() - last_draw_ < kRedrawEvery)) return;
  draw(running_done, running);
}

void BatchProgress::line(const std::string& text) {
  clear_bar();
  std::fprintf(stderr, "lysisq: %s\n", cli::one_line(text).c_str());
  draw(last_running_done_, last_running_);
}

void BatchProgress::finish() {
  clear_bar();
  std::fflush(stderr);
}

}  // namespace lysisq::batch
