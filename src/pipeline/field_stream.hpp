// SPDX-License-Identifier: MIT
// Streaming over numbered items: decoder threads -> bounded queue -> worker threads -> the calling
// thread, which reports progress and returns the results in input order. It knows nothing of
// images, so it is unit-tested with plain values (tests/unit/test_field_stream.cpp); run_plate.cpp
// streams a plate's fields through it (decode = read + image QC, process = segment + measure).
// Memory bound: at most queue_capacity + decoders + workers decoded items exist at once, however
// many items there are.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "lysisq/errors.hpp"

namespace lysisq::detail {

/// A blocking FIFO of at most `capacity` items. close() ends input (consumers drain what is
/// queued); abort() also drops what is queued, so that no producer or consumer stays blocked
/// after an error or a cancel.
template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}

  /// Blocks while full. False when the queue is closed: `item` is then dropped.
  bool push(T item) {
    std::unique_lock<std::mutex> lock(m_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    lock.unlock();
    not_empty_.notify_one();
    return true;
  }

  /// Blocks while empty and open; an empty optional once closed and drained.
  std::optional<T> pop() {
    std::unique_lock<std::mutex> lock(m_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return item;
  }

  void close() {
    {
      std::lock_guard<std::mutex> lock(m_);
      closed_ = true;
    }
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  /// Closes and hands back the queued items, taken out under the lock and returned after it, so
  /// that the caller releases them without holding it.
  std::deque<T> abort() {
    std::deque<T> dropped;
    {
      std::lock_guard<std::mutex> lock(m_);
      closed_ = true;
      dropped.swap(items_);
    }
    not_full_.notify_all();
    not_empty_.notify_all();
    return dropped;
  }

  std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  std::mutex m_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

struct StreamOptions {
  int decoders = 1;                ///< threads running decode(i); items are taken in input order
  int workers = 1;                 ///< threads running process(i, item)
  std::size_t queue_capacity = 2;  ///< decoded items waiting for a worker
  const std::atomic<bool>* cancel = nullptr;  ///< polled before every decode and every process
  /// Called on the calling thread (never concurrently) as results arrive: (done, total).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct StreamStats {
  std::size_t peak_in_flight = 0;  ///< most decoded items alive at once (decoded, not yet processed)
};

/// Thrown by stream_items when the cancel flag stopped it before every item was processed.
struct StreamCancelled : Error {
  using Error::Error;
};

/// The memory bound of stream_items: decoded items that can exist at once.
std::size_t max_in_flight(const StreamOptions& o);

/// How a thread budget is split for a plate. CPU (device_slots 0): one worker per thread (at most
/// one per item), each worker's OpenMP team gets threads / workers, so one field alone keeps every
/// thread; one decoder per 4 threads. Device: device_slots workers (fields in flight on the
/// device) and a decoder per thread, since reading then limits the rate.
struct StreamShape {
  int decoders = 1, workers = 1;
  int inner_threads = 1;  ///< OpenMP team size for the stage loops inside one worker
  std::size_t queue_capacity = 1;
};
StreamShape plan_stream(std::size_t items, int threads, int device_slots);

/// The type-erased steps run_stream drives; stream_items builds them around typed slots.
struct StreamSteps {
  std::function<void(std::size_t)> decode;   ///< decode item i and keep it
  std::function<void(std::size_t)> process;  ///< process kept item i, keep its result, release the item
  std::function<void(std::size_t)> drop;     ///< release kept item i unprocessed (after an error or a cancel)
};

/// The threads of stream_items (field_stream.cpp): decoders take indices in order and queue them,
/// workers process them, the calling thread reports progress until all have joined. Then rethrows
/// the error of the lowest-numbered failed item, else throws StreamCancelled if an item was left.
void run_stream(std::size_t n, const StreamSteps& steps, const StreamOptions& o, StreamStats* stats);

/// Decodes items 0..n-1 on `o.decoders` threads (in input order), queues at most
/// `o.queue_capacity` of them, processes them on `o.workers` threads, and returns the results in
/// input order. `decode(i)` returns the item (a move-only type is fine); `process(i, T&&)` its
/// result. After the first error or a raised cancel flag no new item is decoded or processed;
/// once every thread has joined, the error of the lowest-numbered failed item is rethrown (an
/// error of the progress callback ranks after every item's), else StreamCancelled if items are
/// missing. Progress runs on the calling thread.
template <class Decode, class Process>
auto stream_items(std::size_t n, Decode&& decode, Process&& process, const StreamOptions& o,
                  StreamStats* stats = nullptr) {
  using T = std::decay_t<std::invoke_result_t<Decode&, std::size_t>>;
  using R = std::decay_t<std::invoke_result_t<Process&, std::size_t, T&&>>;
  // Slot i is written by one decoder, then read by one worker after the queue handed it over.
  std::vector<std::optional<T>> items(n);
  std::vector<std::optional<R>> results(n);
  StreamSteps steps;
  steps.decode = [&](std::size_t i) { items[i].emplace(decode(i)); };
  steps.process = [&](std::size_t i) {
    struct Release {
      std::optional<T>& slot;
      ~Release() { slot.reset(); }  // also when process throws: the item's memory goes now
    } release{items[i]};
    results[i].emplace(process(i, std::move(*items[i])));
  };
  steps.drop = [&](std::size_t i) { items[i].reset(); };
  run_stream(n, steps, o, stats);
  std::vector<R> out;
  out.reserve(n);
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace lysisq::detail
