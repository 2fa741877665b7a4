// SPDX-License-Identifier: MIT
// Synthetic benchmark fields; the same seed gives the same field on every machine (mt19937).
#include "bench_field.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

namespace lysisq::bench {

// Nucleus-like field: one blob per ~2,400 px^2 (BBBC039's densest dev image has one per ~1,900),
// radii 6-14 px, brightness 400-2,000 above a background of 150 +- 12 (12-bit-like data), a
// slow background gradient, and a second channel with independent per-blob brightness.
std::vector<Image<u16>> make_field(int side, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 12.0);
  std::vector<Image<u16>> ch(2, Image<u16>(side, side));
  std::vector<double> base(std::size_t(side) * std::size_t(side));
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) base[std::size_t(y) * side + x] = 150.0 + 40.0 * x / side;
  std::vector<double> second = base;
  std::uniform_real_distribution<double> pos(0, side), rad(6, 14), bright(400, 2000);
  const int blobs = side * side / 2400;
  for (int b = 0; b < blobs; ++b) {
    const double cx = pos(rng), cy = pos(rng), r = rad(rng), v = bright(rng), v2 = bright(rng) / 2;
    for (int y = std::max(0, int(cy - r)); y <= std::min(side - 1, int(cy + r)); ++y)
      for (int x = std::max(0, int(cx - r)); x <= std::min(side - 1, int(cx + r)); ++x) {
        const double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
        if (d2 > 1) continue;
        base[std::size_t(y) * side + x] = std::max(base[std::size_t(y) * side + x], 150.0 + v * (1.0 - 0.3 * d2));
        second[std::size_t(y) * side + x] += v2;
      }
  }
  for (std::size_t i = 0; i < base.size(); ++i) {
    ch[0][i] = static_cast<u16>(std::clamp(base[i] + noise(rng), 0.0, 4095.0));
    ch[1][i] = static_cast<u16>(std::clamp(second[i] + noise(rng), 0.0, 4095.0));
  }
  return ch;
}

void write_raw(const std::string& dir, int side, const std::vector<Image<u16>>& channels) {
  std::filesystem::create_directories(dir);
  for (std::size_t k = 0; k < channels.size(); ++k) {
    const std::string path = dir + "/field_" + std::to_string(side) + "_c" + std::to_string(k) + ".u16";
    std::ofstream out(path, std::ios::binary);
    // x86-64 and aarch64 are little-endian, so the in-memory u16 are the file's bytes.
    out.write(reinterpret_cast<const char*>(channels[k].data()), std::streamsize(channels[k].size() * sizeof(u16)));
    if (!out) throw std::runtime_error("bench: cannot write " + path);
  }
}

}  // namespace lysisq::bench
