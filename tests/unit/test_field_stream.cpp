// SPDX-License-Identifier: MIT
// The streaming runner (src/pipeline/field_stream.hpp) with plain values: results in input order,
// the memory bound (a counting item type tracks live items itself), errors, cancel, progress.
// Timings are random per item, from seeded generators, so schedules differ between seeds.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "pipeline/field_stream.hpp"

using namespace lysisq;
using namespace lysisq::detail;

namespace {

/// Live and peak count of Counted values, kept by the values themselves (the oracle for the bound).
struct LiveCount {
  std::atomic<int> live{0}, peak{0};
  void add() {
    const int now = ++live;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
  }
};

/// A decoded item that counts itself: a moved-from shell does not count.
class Counted {
 public:
  Counted(LiveCount& c, int value) : count_(&c), value_(value) { c.add(); }
  Counted(Counted&& o) noexcept : count_(std::exchange(o.count_, nullptr)), value_(o.value_) {}
  Counted& operator=(Counted&&) = delete;
  Counted(const Counted&) = delete;
  ~Counted() {
    if (count_) --count_->live;
  }
  int value() const { return value_; }

 private:
  LiveCount* count_;
  int value_;
};

/// A per-item delay of 0..max_us microseconds, the same for a given (seed, item, salt).
void random_pause(std::uint32_t seed, std::size_t i, int salt, int max_us) {
  std::mt19937 g(seed * 7919u + static_cast<std::uint32_t>(i) * 31u + static_cast<std::uint32_t>(salt));
  std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, max_us)(g)));
}

StreamOptions random_options(std::mt19937& g) {
  StreamOptions o;
  o.decoders = std::uniform_int_distribution<int>(1, 4)(g);
  o.workers = std::uniform_int_distribution<int>(1, 4)(g);
  o.queue_capacity = std::uniform_int_distribution<std::size_t>(1, 5)(g);
  return o;
}

int oracle(std::size_t i) { return static_cast<int>(i * i % 1009); }

}  // namespace

TEST_CASE("bounded queue: FIFO, push blocks while full, close drains, abort drops", "[unit]") {
  BoundedQueue<int> q(2);
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int v = 0; v < 3; ++v) {
      q.push(v);
      ++pushed;
    }
  });
  // The third push must wait for a pop: give the producer ample time to (wrongly) get past it.
  for (int spin = 0; spin < 200 && pushed.load() < 2; ++spin) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(pushed.load() == 2);
  CHECK(q.pop() == 0);
  producer.join();
  CHECK(pushed.load() == 3);
  q.close();
  CHECK_FALSE(q.push(9));  // closed: dropped
  CHECK(q.pop() == 1);
  CHECK(q.pop() == 2);
  CHECK_FALSE(q.pop().has_value());

  BoundedQueue<int> r(3);
  r.push(1);
  r.push(2);
  CHECK(r.abort().size() == 2);
  CHECK_FALSE(r.pop().has_value());
  CHECK_FALSE(r.push(3));
}

TEST_CASE("bounded queue: abort wakes a producer blocked on a full queue", "[unit]") {
  BoundedQueue<int> q(1);
  q.push(1);
  std::atomic<int> result{-1};
  std::thread producer([&] { result = q.push(2) ? 1 : 0; });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(result.load() == -1);  // still blocked
  q.abort();
  producer.join();
  CHECK(result.load() == 0);
}

TEST_CASE("stream_items returns results in input order under random timings", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 g(seed);
  StreamOptions o = random_options(g);
  const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 60)(g);
  CAPTURE(n, o.decoders, o.workers, o.queue_capacity);
  std::vector<std::size_t> progress;
  const auto caller = std::this_thread::get_id();
  bool progress_on_caller = true;
  o.progress = [&](std::size_t done, std::size_t total) {
    progress_on_caller = progress_on_caller && std::this_thread::get_id() == caller;
    CHECK(total == n);
    progress.push_back(done);
  };
  const std::vector<int> out = stream_items(
      n,
      [&](std::size_t i) {
        random_pause(seed, i, 1, 300);
        return std::make_unique<int>(oracle(i));  // move-only items are fine
      },
      [&](std::size_t i, std::unique_ptr<int>&& v) {
        random_pause(seed, i, 2, 300);
        return *v + static_cast<int>(i);
      },
      o);
  REQUIRE(out.size() == n);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(out[i] == oracle(i) + static_cast<int>(i));
  CHECK(progress_on_caller);
  REQUIRE(progress.size() == n);
  for (std::size_t k = 0; k < n; ++k) CHECK(progress[k] == k + 1);
}

TEST_CASE("stream_items keeps at most queue_capacity + decoders + workers items alive", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 g(seed);
  const StreamOptions o = random_options(g);
  const std::size_t n = 80;
  CAPTURE(o.decoders, o.workers, o.queue_capacity);
  LiveCount count;
  StreamStats stats;
  const std::vector<int> out = stream_items(
      n,
      [&](std::size_t i) {
        Counted c(count, oracle(i));  // alive from here: a decoder holds it while it decodes
        random_pause(seed, i, 3, 200);
        return c;
      },
      [&](std::size_t i, Counted&& c) {
        random_pause(seed, i, 4, 400);
        return c.value();
      },
      o, &stats);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(out[i] == oracle(i));
  const std::size_t bound = max_in_flight(o);
  CHECK(count.live.load() == 0);
  CHECK(std::size_t(count.peak.load()) <= bound);
  CHECK(stats.peak_in_flight <= bound);
  CHECK(stats.peak_in_flight >= 1);
}

TEST_CASE("stream_items reaches its bound when workers are the bottleneck", "[unit]") {
  // Not a vacuous bound: fast decoders fill the queue and then wait with one item each.
  StreamOptions o;
  o.decoders = 2;
  o.workers = 2;
  o.queue_capacity = 3;
  LiveCount count;
  StreamStats stats;
  stream_items(
      30, [&](std::size_t i) { return Counted(count, int(i)); },
      [&](std::size_t, Counted&& c) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return c.value();
      },
      o, &stats);
  CHECK(count.peak.load() == 7);
  CHECK(stats.peak_in_flight == 7);
}

TEST_CASE("stream_items rethrows the lowest-numbered failure after every thread joined", "[unit]") {
  StreamOptions o;
  o.decoders = 1;  // items reach the queue in input order: item 0 is taken first
  o.workers = 3;
  std::atomic<bool> zero_started{false}, zero_finished{false};
  const auto run = [&] {
    stream_items(
        50, [](std::size_t i) { return int(i); },
        [&](std::size_t i, int&&) -> int {
          if (i == 0) {
            zero_started = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(30));  // 1 and 2 fail meanwhile
            zero_finished = true;
            throw std::runtime_error("item 0");
          }
          for (int spin = 0; spin < 2000 && !zero_started; ++spin) std::this_thread::sleep_for(std::chrono::microseconds(50));
          if (i <= 2) throw std::runtime_error("item " + std::to_string(i));
          return 0;
        },
        o);
  };
  REQUIRE_THROWS_WITH(run(), "item 0");
  CHECK(zero_finished.load());  // it was waited for, not abandoned
}

TEST_CASE("stream_items stops decoding after a failure", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 g(seed);
  const StreamOptions o = random_options(g);
  const std::size_t n = 2000;
  const std::size_t bad = std::uniform_int_distribution<std::size_t>(0, 40)(g);
  const bool in_decode = g() % 2 == 0;
  CAPTURE(o.decoders, o.workers, o.queue_capacity, bad, in_decode);
  std::atomic<std::size_t> decoded{0};
  LiveCount count;
  const auto run = [&] {
    stream_items(
        n,
        [&](std::size_t i) {
          ++decoded;
          random_pause(seed, i, 5, 100);
          if (in_decode && i == bad) throw std::invalid_argument("decode " + std::to_string(i));
          return Counted(count, int(i));
        },
        [&](std::size_t i, Counted&&) {
          random_pause(seed, i, 6, 100);
          if (!in_decode && i == bad) throw std::invalid_argument("process " + std::to_string(i));
          return 0;
        },
        o);
  };
  REQUIRE_THROWS_WITH(run(), (in_decode ? "decode " : "process ") + std::to_string(bad));
  CHECK(count.live.load() == 0);  // nothing leaked from the aborted queue
  // Other workers go on until the failing one has recorded its error, which a loaded machine
  // may delay by a time slice: a few dozen items, never the rest of the plate.
  CHECK(decoded.load() < n / 2);
}

TEST_CASE("stream_items stops on the cancel flag with StreamCancelled", "[unit]") {
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 g(seed);
  StreamOptions o = random_options(g);
  std::atomic<bool> cancel{false};
  o.cancel = &cancel;
  const std::size_t at = std::uniform_int_distribution<std::size_t>(0, 30)(g);
  CAPTURE(o.decoders, o.workers, o.queue_capacity, at);
  std::atomic<std::size_t> decoded{0}, decoded_at_cancel{0};
  LiveCount count;
  const auto run = [&] {
    stream_items(
        500,
        [&](std::size_t i) {
          ++decoded;
          random_pause(seed, i, 7, 100);
          return Counted(count, int(i));
        },
        [&](std::size_t i, Counted&&) {
          if (i == at) {
            cancel = true;
            decoded_at_cancel = decoded.load();
          }
          random_pause(seed, i, 8, 100);
          return 0;
        },
        o);
  };
  REQUIRE_THROWS_AS(run(), StreamCancelled);
  CHECK(count.live.load() == 0);
  // Decoders poll the flag before each decode: at most the decode each had begun finishes.
  CHECK(decoded.load() <= decoded_at_cancel.load() + std::size_t(o.decoders));
}

TEST_CASE("stream_items: a throwing progress callback stops the stream and is rethrown", "[unit]") {
  StreamOptions o;
  o.decoders = 2;
  o.workers = 2;
  o.progress = [](std::size_t done, std::size_t) {
    if (done == 3) throw std::logic_error("progress broke");
  };
  std::atomic<std::size_t> decoded{0};
  const auto run = [&] {
    stream_items(
        1000,
        [&](std::size_t i) {
          ++decoded;
          return int(i);
        },
        [](std::size_t, int&& v) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
          return v;
        },
        o);
  };
  REQUIRE_THROWS_WITH(run(), "progress broke");
  CHECK(decoded.load() < 1000);
}

TEST_CASE("stream_items with no items calls nothing", "[unit]") {
  bool called = false;
  const auto out = stream_items(
      0,
      [&](std::size_t) {
        called = true;
        return 1;
      },
      [&](std::size_t, int&& v) {
        called = true;
        return v;
      },
      StreamOptions{});
  CHECK(out.empty());
  CHECK_FALSE(called);
}

TEST_CASE("plan_stream splits a thread budget without oversubscribing the stages", "[unit]") {
  for (int threads : {1, 2, 3, 8, 16}) {
    for (std::size_t items : {std::size_t(1), std::size_t(2), std::size_t(5), std::size_t(384)}) {
      CAPTURE(threads, items);
      const StreamShape cpu = plan_stream(items, threads, 0);
      CHECK(cpu.workers >= 1);
      CHECK(std::size_t(cpu.workers) <= items);
      CHECK(cpu.workers * cpu.inner_threads <= threads);
      CHECK(cpu.decoders >= 1);
      if (items == 1) CHECK(cpu.inner_threads == threads);  // one field keeps every thread
      const StreamShape gpu = plan_stream(items, threads, 3);
      CHECK(gpu.workers == int(std::min<std::size_t>(3, items)));
      CHECK(gpu.inner_threads >= 1);
      CHECK((gpu.workers * gpu.inner_threads <= threads || gpu.inner_threads == 1));
    }
  }
}
