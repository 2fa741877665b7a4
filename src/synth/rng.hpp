// SPDX-License-Identifier: MIT
// The generator's own PRNG and samplers. std:: distributions are not used on purpose: their output
// differs between standard libraries, and the synthetic plates must be byte-identical per seed.
#pragma once
#include <cmath>
#include <cstdint>

namespace lysisq::synth::detail {

/// splitmix64 step (Steele, Lea, Flood 2014): seeds xoshiro and mixes stream keys.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Derives an independent stream key from a parent key and a sub-key (well index, field...).
inline std::uint64_t derive(std::uint64_t key, std::uint64_t sub) {
  std::uint64_t s = key ^ (sub * 0xD1B54A32D192ED03ull);
  splitmix64(s);
  return splitmix64(s);
}

/// Stateless hash of (key, x, y) to [-1, 1): lattice values of the nucleus texture.
inline double hash_signed(std::uint64_t key, int x, int y) {
  std::uint64_t s = key ^ (std::uint64_t(std::uint32_t(x)) << 32 | std::uint32_t(y));
  const std::uint64_t h = splitmix64(s);
  return double(h >> 11) * 0x1.0p-52 - 1.0;
}

/// xoshiro256** (Blackman, Vigna 2018).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s_) w = splitmix64(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n), n > 0 (multiply-shift; bias < n / 2^32, irrelevant here).
  int below(int n) { return int(((next() >> 32) * std::uint64_t(n)) >> 32); }
  bool bernoulli(double p) { return uniform() < p; }

  /// Standard normal, Marsaglia polar method (spare value cached).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0, v = 0, s = 0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

  /// Poisson(lambda): inversion by sequential search below 64 (exact; ~lambda steps), the normal
  /// approximation N(lambda, lambda) rounded above (its error is far below read noise there).
  double poisson(double lambda) {
    if (lambda <= 0) return 0;
    if (lambda >= 64.0) {
      const double k = std::floor(lambda + std::sqrt(lambda) * normal() + 0.5);
      return k < 0 ? 0 : k;
    }
    const double u = uniform();
    double p = std::exp(-lambda), cdf = p;
    int k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace lysisq::synth::detail
