// SPDX-License-Identifier: MIT
// `lysisq batch` progress on stderr: a line per finished plate (failures always, naming the
// plate and the error), and on a terminal a bar with rate and ETA redrawn under those lines.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

#include "cli/batch_summary.hpp"

namespace lysisq::batch {

class BatchProgress {
 public:
  /// `total` plates; `quiet` keeps only failure lines. The bar is drawn only when stderr is a
  /// terminal; otherwise each finished plate's line carries the rate and ETA.
  BatchProgress(std::size_t total, bool quiet);
  ~BatchProgress();
  BatchProgress(const BatchProgress&) = delete;
  BatchProgress& operator=(const BatchProgress&) = delete;

  /// A plate finished (any status): prints its line (the bar returns with the next tick).
  void plate_done(const SummaryRow& row);
  /// Redraws the bar (at most ~4 times a second). `running_done` sums the fractions done of the
  /// plates now running (from their "k/n fields" lines), so the ETA moves within long plates.
  void tick(double running_done, std::size_t running);
  /// Prints a line (a note or warning) above the bar.
  void line(const std::string& text);
  /// Removes the bar.
  void finish();

  /// "37 s", "12 min", "3 h 05 min".
  static std::string duration_text(double seconds);

 private:
  void draw(double running_done, std::size_t running);
  void clear_bar();
  std::string rate_text(double running_done) const;

  std::size_t total_, done_ = 0, ran_ = 0, failed_ = 0, skipped_ = 0;
  bool quiet_, tty_, bar_shown_ = false;
  double last_running_done_ = 0;
  std::size_t last_running_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace lysisq::batch
