// SPDX-License-Identifier: MIT
// Owning CUDA resources: Buffer<T, Memory> with its aliases DeviceBuffer<T> and PinnedBuffer<T>
// (grow only), Stream, Event, and the strided host -> device upload. Part of check.cuh (include
// that, not this).
#pragma once

namespace lysisq::cuda {

/// Where a Buffer's memory lives: one policy per CUDA allocator pair. `allocate` throws
/// CudaError naming the call; `release` never throws (it runs in destructors), a failed free
/// leaks at worst.
struct DeviceMemory {
  static void* allocate(std::size_t bytes) {
    void* p = nullptr;
    LYSISQ_CUDA_CHECK(cudaMalloc(&p, bytes));
    return p;
  }
  static void release(void* p) noexcept { cudaFree(p); }
};

/// Page-locked host memory: the staging area that lets cudaMemcpyAsync overlap with kernels.
struct PinnedHostMemory {
  static void* allocate(std::size_t bytes) {
    void* p = nullptr;
    LYSISQ_CUDA_CHECK(cudaMallocHost(&p, bytes));
    return p;
  }
  static void release(void* p) noexcept { cudaFreeHost(p); }
};

/// Owning array of `T` in the memory `Memory` provides. `ensure(n)` reallocates only when n
/// exceeds the capacity, so a buffer reused for images of one size never allocates in steady
/// state. Contents are not preserved. Move-only.
template <class T, class Memory>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(std::size_t n) { ensure(n); }
  ~Buffer() { reset(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)), cap_(std::exchange(o.cap_, 0)) {}
  Buffer& operator=(Buffer&& o) noexcept {
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
    ptr_ = static_cast<T*>(Memory::allocate(n * sizeof(T)));
    cap_ = n;
  }
  void reset() noexcept {
    if (ptr_) Memory::release(ptr_);
    ptr_ = nullptr;
    cap_ = 0;
  }
  T* get() const { return ptr_; }
  std::size_t capacity() const { return cap_; }

 private:
  T* ptr_ = nullptr;
  std::size_t cap_ = 0;
};

/// Owning device array (cudaMalloc / cudaFree).
template <class T>
using DeviceBuffer = Buffer<T, DeviceMemory>;

/// Owning page-locked host array (cudaMallocHost / cudaFreeHost).
template <class T>
using PinnedBuffer = Buffer<T, PinnedHostMemory>;

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

/// Copies a strided host image (stride in elements) into a contiguous device image, on `s`.
template <class T>
void upload_2d(const T* host, std::ptrdiff_t host_stride_px, T* dev, int width, int height, cudaStream_t s) {
  LYSISQ_CUDA_CHECK(cudaMemcpy2DAsync(dev, std::size_t(width) * sizeof(T), host,
                                      std::size_t(host_stride_px) * sizeof(T), std::size_t(width) * sizeof(T),
                                      std::size_t(height), cudaMemcpyHostToDevice, s));
}

}  // namespace lysisq::cuda
