// SPDX-License-Identifier: MIT
// Test helpers: masks from ASCII art, seeded random masks and images.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include "lysisq/image.hpp"

namespace lysisq::test {

/// '#' (or any char other than '.' and ' ') is foreground: ascii_mask({"#.#", ".#."}).
Mask ascii_mask(std::initializer_list<std::string> rows);

/// Each pixel foreground with probability p (seeded, deterministic).
Mask random_mask(int width, int height, double p, std::uint32_t seed);

/// Random blobs (discs) on a noisy background, u16.
Image<u16> random_blobs(int width, int height, int n_blobs, std::uint32_t seed);

}  // namespace lysisq::test
