// SPDX-License-Identifier: MIT
#include "support/label_oracle.hpp"

#include <opencv2/imgproc.hpp>
#include <queue>
#include <utility>

namespace lysisq::test {

LabelImage bfs_labels(const Mask& mask, Connectivity c) {
  const int w = mask.width(), h = mask.height();
  LabelImage out(w, h);
  i32 next = 0;
  std::queue<std::pair<int, int>> todo;
  for (int y0 = 0; y0 < h; ++y0)
    for (int x0 = 0; x0 < w; ++x0) {
      if (!mask.at(x0, y0) || out.at(x0, y0)) continue;
      out.at(x0, y0) = ++next;
      todo.emplace(x0, y0);
      while (!todo.empty()) {
        const auto [x, y] = todo.front();
        todo.pop();
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            if ((dx == 0 && dy == 0) || (c == Connectivity::k4 && dx != 0 && dy != 0)) continue;
            const int nx = x + dx, ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h || !mask.at(nx, ny) || out.at(nx, ny)) continue;
            out.at(nx, ny) = next;
            todo.emplace(nx, ny);
          }
      }
    }
  return out;
}

LabelImage cv_labels(const Mask& mask, Connectivity c) {
  LabelImage out(mask.width(), mask.height());
  if (out.empty()) return out;
  const cv::Mat m(mask.height(), mask.width(), CV_8U, const_cast<u8*>(mask.data()));
  cv::Mat lab(mask.height(), mask.width(), CV_32S, out.data());
  cv::connectedComponents(m, lab, c == Connectivity::k8 ? 8 : 4, CV_32S);
  canonicalize_labels(out);
  return out;
}

template <class T>
static Image<T> transpose_image(const Image<T>& m) {
  Image<T> t(m.height(), m.width());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) t.at(y, x) = m.at(x, y);
  return t;
}

Mask transpose(const Mask& m) { return transpose_image(m); }
LabelImage transpose(const LabelImage& l) { return transpose_image(l); }

}  // namespace lysisq::test
