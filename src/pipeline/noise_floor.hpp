// SPDX-License-Identifier: MIT
// Contrast guard for automatic thresholds (private to src/pipeline/).
#pragma once
#include "lysisq/image.hpp"

namespace lysisq::detail {

/// Robust standard deviations above the median that an automatic threshold must reach.
/// Chosen on the development data (BBBC039, DSB 2018 subsets): on nuclei images the Otsu
/// threshold lies 6 to 100+ robust sigmas above the median; on BBBC039's empty field
/// (IXMtest_F13) Otsu splits pure noise at its median.
inline constexpr double kNoiseFloorSigmas = 8.0;

/// median + kNoiseFloorSigmas * max(1.4826 * MAD, 1) of `img`, rounded up and clamped to u16.
/// The MAD is scaled to a Gaussian sigma; the floor of 1 grey level covers quantised data
/// (8-bit images whose MAD is 0).
u16 noise_floor(U16View img);

}  // namespace lysisq::detail
