// SPDX-License-Identifier: MIT
// The threads behind stream_items, type-erased to item indices (the typed slots live in the
// template in field_stream.hpp), and how a thread budget becomes decoders, workers and per-worker
// OpenMP teams.
#include "field_stream.hpp"

#include <algorithm>
#include <exception>
#include <thread>

namespace lysisq::detail {

namespace {

/// The error of the lowest-numbered failed item, kept from several threads.
class FirstError {
 public:
  void record(std::size_t index, std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(m_);
    if (!error_ || index < index_) {
      error_ = std::move(e);
      index_ = index;
    }
  }
  void rethrow_if_any() const {
    std::lock_guard<std::mutex> lock(m_);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  mutable std::mutex m_;
  std::size_t index_ = 0;
  std::exception_ptr error_;
};

/// Decoded items alive (decoded, not yet processed or dropped), and their peak.
class InFlightCounter {
 public:
  void add() {
    const std::size_t now = live_.fetch_add(1) + 1;
    std::size_t peak = peak_.load();
    while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
    }
  }
  void remove(std::size_t k = 1) { live_.fetch_sub(k); }
  std::size_t peak() const { return peak_.load(); }

 private:
  std::atomic<std::size_t> live_{0}, peak_{0};
};

/// One run: the decoder and worker threads, and the calling thread as the collector.
class StreamRun {
 public:
  StreamRun(std::size_t n, const StreamSteps& steps, const StreamOptions& o)
      : n_(n), steps_(steps), opts_(o), queue_(o.queue_capacity) {}

  void run(StreamStats* stats) {
    start_threads();
    collect();
    for (auto& t : threads_) t.join();
    if (stats) stats->peak_in_flight = in_flight_.peak();
    errors_.rethrow_if_any();
    if (done_ < n_) throw StreamCancelled("interrupted");
  }

 private:
  bool stopping() const {
    return stop_.load() || (opts_.cancel && opts_.cancel->load(std::memory_order_relaxed));
  }

  /// After an error or a cancel: nothing new starts, blocked threads wake, queued items go.
  void halt() {
    stop_ = true;
    for (const std::size_t i : queue_.abort()) release(i);
  }

  void release(std::size_t i) {
    steps_.drop(i);
    in_flight_.remove();
  }

  void start_threads() {
    const int decoders = std::max(opts_.decoders, 1), workers = std::max(opts_.workers, 1);
    decoders_left_ = decoders;
    try {
      for (int k = 0; k < decoders + workers; ++k) {
        {
          std::lock_guard<std::mutex> lock(m_);
          ++running_;
        }
        try {
          threads_.emplace_back([this, is_decoder = k < decoders] { guarded(is_decoder); });
        } catch (...) {
          std::lock_guard<std::mutex> lock(m_);
          --running_;
          throw;
        }
      }
    } catch (...) {
      errors_.record(n_, std::current_exception());  // ranks after every item's own error
      halt();
    }
  }

  /// A thread's body: nothing escapes it (an escaping exception would terminate the process).
  void guarded(bool is_decoder) {
    try {
      is_decoder ? decode_loop() : work_loop();
    } catch (...) {
      errors_.record(n_, std::current_exception());
      halt();
    }
    if (is_decoder && --decoders_left_ == 0) queue_.close();  // the last decoder ends the input
    {
      std::lock_guard<std::mutex> lock(m_);
      --running_;
    }
    cv_.notify_all();
  }

  void decode_loop() {
    while (!stopping()) {
      const std::size_t i = next_.fetch_add(1);
      if (i >= n_) return;
      try {
        steps_.decode(i);
      } catch (...) {
        errors_.record(i, std::current_exception());
        halt();
        return;
      }
      in_flight_.add();
      if (!queue_.push(i)) {  // closed by halt(): nobody will take it
        release(i);
        return;
      }
    }
    halt();  // cancelled: wake the workers rather than let them finish the queue
  }

  void work_loop() {
    while (const std::optional<std::size_t> i = queue_.pop()) {
      if (stopping()) {
        halt();
        release(*i);
        continue;
      }
      try {
        steps_.process(*i);  // releases the item, even when it throws
        {
          std::lock_guard<std::mutex> lock(m_);
          ++done_;
        }
        cv_.notify_all();
      } catch (...) {
        errors_.record(*i, std::current_exception());
        halt();
      }
      in_flight_.remove();
    }
  }

  /// The calling thread: progress as results arrive, until every thread has finished.
  void collect() {
    std::size_t reported = 0;
    bool progress_failed = false;
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      cv_.wait(lock, [&] { return done_ > reported || running_ == 0; });
      const std::size_t now = done_;
      if (now == reported) return;  // every thread has finished
      lock.unlock();
      for (; reported < now; ++reported) {
        if (!opts_.progress || progress_failed) continue;
        try {
          opts_.progress(reported + 1, n_);
        } catch (...) {
          progress_failed = true;
          errors_.record(n_, std::current_exception());
          halt();
        }
      }
      lock.lock();
    }
  }

  const std::size_t n_;
  const StreamSteps& steps_;
  const StreamOptions& opts_;
  BoundedQueue<std::size_t> queue_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
  std::atomic<int> decoders_left_{0};
  std::atomic<bool> stop_{false};
  InFlightCounter in_flight_;
  FirstError errors_;
  std::mutex m_;  ///< guards running_ and done_
  std::condition_variable cv_;
  int running_ = 0;
  std::size_t done_ = 0;
};

}  // namespace

void run_stream(std::size_t n, const StreamSteps& steps, const StreamOptions& o, StreamStats* stats) {
  if (n == 0) return;
  StreamRun(n, steps, o).run(stats);
}

std::size_t max_in_flight(const StreamOptions& o) {
  return std::max<std::size_t>(o.queue_capacity, 1) + std::size_t(std::max(o.decoders, 1)) +
         std::size_t(std::max(o.workers, 1));
}

StreamShape plan_stream(std::size_t items, int threads, int device_slots) {
  threads = std::max(threads, 1);
  const int cap = static_cast<int>(std::min<std::size_t>(std::max<std::size_t>(items, 1), 1u << 20));
  StreamShape s;
  if (device_slots > 0) {
    // The device segments `device_slots` fields at once, each worker mostly waiting on its stream;
    // reading and decompressing are then the slow part, so every thread decodes.
    s.workers = std::min(device_slots, cap);
    s.decoders = std::min(threads, cap);
    s.queue_capacity = 2 * std::size_t(s.workers);  // a field ready for each stream, and the next
  } else {
    // Reading and image QC take ~15 % of a field's CPU time (run.json stage timings on synthetic
    // 512x512 plates), so one decoder keeps up with about four segmenting threads.
    s.workers = std::min(threads, cap);
    s.decoders = std::min((threads + 3) / 4, cap);
    s.queue_capacity = std::size_t(s.workers);  // one field ready for each worker
  }
  s.inner_threads = std::max(1, threads / s.workers);
  return s;
}

}  // namespace lysisq::detail
