// SPDX-License-Identifier: MIT
// Workspace: the per-stream scratch arena every device launcher takes memory from, and the
// per-thread HostContext of the host-pointer launchers. Part of check.cuh (include that, not this).
#pragma once

namespace lysisq::cuda {

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
    LYSISQ_CUDA_CHECK(cudaStreamSynchronize(stream_));  // queued kernels may still use the old chunks
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

/// Stream and workspace for the host-pointer launchers of api.hpp (dispatchers and tests): one
/// per host thread, so concurrent callers never share scratch. Not the throughput path
/// (FieldPipeline is); it still reuses its workspace across calls.
struct HostContext {
  Stream stream;
  Workspace ws;
  HostContext() : ws(stream.get()) {}
};
inline HostContext& host_context() {
  thread_local HostContext ctx;
  return ctx;
}

}  // namespace lysisq::cuda
