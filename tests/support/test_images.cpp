// SPDX-License-Identifier: MIT
#include "support/test_images.hpp"

#include <algorithm>
#include <random>

namespace lysisq::test {

Mask ascii_mask(std::initializer_list<std::string> rows) {
  const int h = static_cast<int>(rows.size());
  const int w = h ? static_cast<int>(rows.begin()->size()) : 0;
  Mask m(w, h);
  int y = 0;
  for (const auto& r : rows) {
    for (int x = 0; x < w && x < static_cast<int>(r.size()); ++x) m.at(x, y) = (r[x] == '.' || r[x] == ' ') ? 0 : 1;
    ++y;
  }
  return m;
}

Mask random_mask(int width, int height, double p, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution fg(p);
  Mask m(width, height);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = fg(rng) ? 1 : 0;
  return m;
}

Image<u16> random_blobs(int width, int height, int n_blobs, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(200.0, 20.0);
  Image<u16> img(width, height);
  for (std::size_t i = 0; i < img.size(); ++i) img[i] = static_cast<u16>(std::clamp(noise(rng), 0.0, 65535.0));
  std::uniform_real_distribution<double> ux(0, width), uy(0, height), ur(3, 10), ui(1500, 4000);
  for (int b = 0; b < n_blobs; ++b) {
    const double cx = ux(rng), cy = uy(rng), r = ur(rng), v = ui(rng);
    for (int y = std::max(0, int(cy - r)); y <= std::min(height - 1, int(cy + r)); ++y)
      for (int x = std::max(0, int(cx - r)); x <= std::min(width - 1, int(cx + r)); ++x)
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
          img.at(x, y) = static_cast<u16>(std::min(65535.0, img.at(x, y) + v));
  }
  return img;
}

}  // namespace lysisq::test
