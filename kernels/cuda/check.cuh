// SPDX-License-Identifier: MIT
// CUDA error checking and the memory types every launcher shares: DeviceBuffer<T> (RAII, grows
// only), PinnedBuffer<T>, Stream/Event wrappers and Workspace (a per-stream scratch arena).
// Included only by .cu files (C++17).
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../../include/lysisq/errors.hpp"

namespace lysisq::cuda {

[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* expr, const char* file,
                                          int line) {
  cudaGetLastError();  // clear a non-sticky error so the next call starts clean
  throw CudaError(std::string("CUDA error ") + cudaGetErrorName(err) + " (" +
                  cudaGetErrorString(err) + ") in " + expr + " at " + file + ":" +
                  std::to_string(line));
}

}  // namespace lysisq::cuda

/// Throws lysisq::CudaError naming the call, file and line when `expr` is not cudaSuccess.
#define LYSISQ_CUDA_CHECK(expr)                                                           \
  do {                                                                                    \
    const cudaError_t lysisq_err_ = (expr);                                               \
    if (lysisq_err_ != cudaSuccess)                                                       \
      ::lysisq::cuda::throw_cuda_error(lysisq_err_, #expr, __FILE__, __LINE__);           \
  } while (0)

/// After every kernel launch: checks the launch, and with -DLYSISQ_CUDA_SYNC_EACH_LAUNCH also
/// waits for the stream so an execution fault is reported at the kernel that caused it.
#if defined(LYSISQ_CUDA_SYNC_EACH_LAUNCH)
#define LYSISQ_CUDA_CHECK_LAUNCH(stream)              \
  do {                                                \
    LYSISQ_CUDA_CHECK(cudaGetLastError());            \
    LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream)); \
  } while (0)
#else
#define LYSISQ_CUDA_CHECK_LAUNCH(stream) LYSISQ_CUDA_CHECK(cudaGetLastError())
#endif

namespace lysisq::cuda {

/// Blocks of 256 threads covering n elements (n > 0); throws if the grid would overflow.
inline unsigned grid_1d(std::size_t n, unsigned block = 256) {
  const std::size_t blocks = (n + block - 1) / block;
  if (blocks == 0 || blocks > 0x7fffffffu) throw CudaError("grid_1d: bad element count");
  return static_cast<unsigned>(blocks);
}

/// Owning device array. `ensure(n)` reallocates only when n exceeds the capacity, so a buffer
/// reused for images of one size never allocates in steady state. Contents are not preserved.
template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t n) { ensure(n); }
  ~DeviceBuffer() { reset(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)), cap_(std::exchange(o.cap_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) {
      reset();
      ptr_ = std::exchange(o.ptr_, nullptr);
      cap_ = std::exchange(o.cap_, 0);
    }
    return *this;
  }

  void ensure(std::size_t n) {
    if (n <= cap_) return;
    reset();
    void* p = nullptr;
    LYSISQ_CUDA_CHECK(cudaMalloc(&p, n * sizeof(T)));
    ptr_ = static_cast<T*>(p);
    cap_ = n;
  }
  void reset() noexcept {
    if (ptr_) cudaFree(ptr_);  // no throw from a destructor path; a failed free leaks at worst
    ptr_ = nullptr;
    cap_ = 0;
  }
  T* get() const { return ptr_; }
  std::size_t capacity() const { return cap_; }

 private:
  T* ptr_ = nullptr;
  std::size_t cap_ = 0;
};

/// Page-locked host array: the staging area that lets cudaMemcpyAsync overlap with kernels.
template <class T>
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  ~PinnedBuffer() { reset(); }
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  PinnedBuffer(PinnedBuffer&& o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)), cap_(std::exchange(o.cap_, 0)) {}

  void ensure(std::size_t n) {
    if (n <= cap_) return;
    reset();
    void* p = nullptr;
    LYSISQ_CUDA_CHECK(cudaMallocHost(&p, n * sizeof(T)));
    ptr_ = static_cast<T*>(p);
    cap_ = n;
  }
  void reset() noexcept {
    if (ptr_) cudaFreeHost(ptr_);
    ptr_ = nullptr;
    cap_ = 0;
  }
  T* get() const { return ptr_; }
  std::size_t capacity() const { return cap_; }

 private:
  T* ptr_ = nullptr;
  std::size_t cap_ = 0;
};

/// Owning non-blocking stream (does not serialise with the legacy default stream).
class Stream {
 public:
  Stream() { LYSISQ_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }
  ~Stream() { if (s_) cudaStreamDestroy(s_); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  Stream(Stream&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  cudaStream_t get() const { return s_; }
  void sync() const { LYSISQ_CUDA_CHECK(cudaStreamSynchronize(s_)); }

 private:
  cudaStream_t s_ = nullptr;
};

/// Owning event with timing enabled (for stage timings and benchmarks).
class Event {
 public:
  Event() { LYSISQ_CUDA_CHECK(cudaEventCreate(&e_)); }
  ~Event() { if (e_) cudaEventDestroy(e_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  Event(Event&& o) noexcept : e_(std::exchange(o.e_, nullptr)) {}
  cudaEvent_t get() const { return e_; }
  void record(cudaStream_t s) { LYSISQ_CUDA_CHECK(cudaEventRecord(e_, s)); }
  /// Milliseconds from `start` to this event (both recorded; waits for this one).
  float since(const Event& start) const {
    LYSISQ_CUDA_CHECK(cudaEventSynchronize(e_));
    float ms = 0.f;
    LYSISQ_CUDA_CHECK(cudaEventElapsedTime(&ms, start.e_, e_));
    return ms;
  }

 private:
  cudaEvent_t e_ = nullptr;
};

/// Scratch arena for one stream. Launchers `take<T>(n)` device memory instead of calling
/// cudaMalloc; a launcher brackets its scratch with `Workspace::Scope` so it is handed back when
/// the launcher returns. Reuse is safe without synchronising because every user of the arena
/// enqueues on the same stream (stream order serialises the old and new users of a block).
///
/// Growth: when a take() does not fit, a new chunk is allocated (first fields only). When the
/// arena is empty again, chunks are merged into one of the high-water size, so steady state is
/// one allocation and no cudaMalloc per image. Not thread-safe: one Workspace per stream/thread.
class Workspace {
 public:
  explicit Workspace(cudaStream_t stream = nullptr) : stream_(stream) {}
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  cudaStream_t stream() const { return stream_; }
  void set_stream(cudaStream_t s) { stream_ = s; }

  /// Pre-sizes the arena (e.g. to the per-field budget) so later takes never allocate.
  void reserve(std::size_t bytes);
  /// `n` elements of T, 256-byte aligned, uninitialised; valid until the enclosing Scope ends.
  template <class T>
  T* take(std::size_t n) {
    return static_cast<T*>(take_bytes(n * sizeof(T)));
  }
  void* take_bytes(std::size_t bytes);

  /// Pinned host ints for flags and counters read back by launchers (kPinnedInts of them;
  /// indices are the caller's to agree on within one launcher; not kept across launchers).
  static constexpr std::size_t kPinnedInts = 64;
  int* pinned_ints();

  std::size_t used_bytes() const { return used_; }
  std::size_t high_water_bytes() const { return high_water_; }
  std::size_t capacity_bytes() const;

  /// RAII mark/release: everything taken after construction is returned on destruction.
  class Scope {
   public:
    explicit Scope(Workspace& ws) : ws_(ws), chunk_(ws.chunks_.size()), used_(ws.top_used()) {}
    ~Scope() { ws_.release_to(chunk_, used_); }  // no CUDA calls: cannot throw
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Workspace& ws_;
    std::size_t chunk_;
    std::size_t used_;
  };

 private:
  struct Chunk {
    DeviceBuffer<unsigned char> mem;
    std::size_t used = 0;
  };
  std::size_t top_used() const { return chunks_.empty() ? 0 : chunks_.back().used; }
  void release_to(std::size_t chunk_count, std::size_t used);
  void merge_if_empty();

  cudaStream_t stream_ = nullptr;
  std::vector<Chunk> chunks_;
  std::size_t used_ = 0;        // bytes taken now, all chunks
  std::size_t high_water_ = 0;  // most bytes ever taken at once
  PinnedBuffer<int> pinned_;
};

inline constexpr std::size_t kWorkspaceAlign = 256;

inline std::size_t Workspace::capacity_bytes() const {
  std::size_t c = 0;
  for (const Chunk& ch : chunks_) c += ch.mem.capacity();
  return c;
}

inline void Workspace::reserve(std::size_t bytes) {
  if (used_ == 0 && capacity_bytes() < bytes) {
    chunks_.clear();
    chunks_.emplace_back();
    chunks_.back().mem.ensure(bytes);
  }
}

inline void* Workspace::take_bytes(std::size_t bytes) {
  const std::size_t need = (bytes + kWorkspaceAlign - 1) / kWorkspaceAlign * kWorkspaceAlign;
  if (need == 0) return nullptr;
  if (used_ == 0) merge_if_empty();
  if (chunks_.empty() || chunks_.back().mem.capacity() - chunks_.back().used < need) {
    // A new chunk; chunks left behind stay alive until the arena empties (see merge_if_empty).
    chunks_.emplace_back();
    chunks_.back().mem.ensure(need < (std::size_t(1) << 20) ? (std::size_t(1) << 20) : need);
  }
  Chunk& c = chunks_.back();
  void* p = c.mem.get() + c.used;
  c.used += need;
  used_ += need;
  if (used_ > high_water_) high_water_ = used_;
  return p;
}

inline void Workspace::release_to(std::size_t chunk_count, std::size_t used) {
  // Chunks added inside the scope are emptied but kept (merged later), never freed mid-stream.
  for (std::size_t i = chunk_count; i < chunks_.size(); ++i) {
    used_ -= chunks_[i].used;
    chunks_[i].used = 0;
  }
  if (chunk_count > 0 && chunk_count <= chunks_.size()) {
    Chunk& c = chunks_[chunk_count - 1];
    used_ -= c.used - used;
    c.used = used;
  }
}

inline void Workspace::merge_if_empty() {
  if (used_ != 0 || chunks_.size() <= 1) return;
  // Called from take_bytes (never from a destructor: it may throw). Freeing device memory that
  // queued kernels of this stream may still read would be unsafe: wait for the stream first.
  // This happens only while the arena is still growing.
  LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream_));
  chunks_.clear();
  chunks_.emplace_back();
  chunks_.back().mem.ensure(high_water_);
}

inline int* Workspace::pinned_ints() {
  pinned_.ensure(kPinnedInts);
  return pinned_.get();
}

}  // namespace lysisq::cuda
