// SPDX-License-Identifier: MIT
// Image<T> (owning, row-major, contiguous) and ImageView<T> (non-owning). No third-party types.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lysisq {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using i32 = std::int32_t;

/// Non-owning view of a row-major image; `stride_px` is the distance between rows in elements.
template <class T>
struct ImageView {
  T* data = nullptr;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride_px = 0;

  T& at(int x, int y) const { return data[y * stride_px + x]; }
  T* row(int y) const { return data + y * stride_px; }
  bool empty() const { return width <= 0 || height <= 0; }
  std::size_t pixel_count() const { return std::size_t(width) * std::size_t(height); }
  /// A view of const T over the same pixels.
  operator ImageView<const T>() const { return {data, width, height, stride_px}; }
};

/// Owning, contiguous (stride == width) image.
template <class T>
class Image {
 public:
  Image() = default;
  Image(int width, int height, T fill = T{})
      : width_(width), height_(height), pixels_(std::size_t(width) * std::size_t(height), fill) {}

  int width() const { return width_; }
  int height() const { return height_; }
  std::size_t size() const { return pixels_.size(); }
  bool empty() const { return pixels_.empty(); }

  T* data() { return pixels_.data(); }
  const T* data() const { return pixels_.data(); }
  T& operator[](std::size_t i) { return pixels_[i]; }
  const T& operator[](std::size_t i) const { return pixels_[i]; }
  T& at(int x, int y) { return pixels_[std::size_t(y) * width_ + x]; }
  const T& at(int x, int y) const { return pixels_[std::size_t(y) * width_ + x]; }

  ImageView<T> view() { return {pixels_.data(), width_, height_, width_}; }
  ImageView<const T> view() const { return {pixels_.data(), width_, height_, width_}; }
  ImageView<const T> cview() const { return view(); }

  std::vector<T>& pixels() { return pixels_; }
  const std::vector<T>& pixels() const { return pixels_; }
  bool operator==(const Image& o) const = default;

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<T> pixels_;
};

/// Binary mask: 0 = background, 1 = foreground.
using Mask = Image<u8>;
using MaskView = ImageView<const u8>;
using U16View = ImageView<const u16>;

/// Copies a (possibly strided) view into a contiguous image.
template <class T>
Image<std::remove_const_t<T>> to_image(ImageView<T> v) {
  Image<std::remove_const_t<T>> out(v.width, v.height);
  for (int y = 0; y < v.height; ++y)
    for (int x = 0; x < v.width; ++x) out.at(x, y) = v.at(x, y);
  return out;
}

}  // namespace lysisq
