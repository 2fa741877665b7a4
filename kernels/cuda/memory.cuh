// SPDX-License-Identifier: MIT
// Owning CUDA resources: DeviceBuffer<T> (grows only), PinnedBuffer<T>, Stream, Event, and the
// strided host -> device upload. Part of check.cuh (include that, not this).
#pragma once

namespace lysisq::cuda {

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

/// Copies a strided host image (stride in elements) into a contiguous device image, on `s`.
template <class T>
void upload_2d(const T* host, std::ptrdiff_t host_stride_px, T* dev, int width, int height, cudaStream_t s) {
  LYSISQ_CUDA_CHECK(cudaMemcpy2DAsync(dev, std::size_t(width) * sizeof(T), host,
                                      std::size_t(host_stride_px) * sizeof(T), std::size_t(width) * sizeof(T),
                                      std::size_t(height), cudaMemcpyHostToDevice, s));
}

}  // namespace lysisq::cuda
