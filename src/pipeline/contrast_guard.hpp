// SPDX-License-Identifier: MIT
// Contrast guard for automatic thresholds: a field without nuclei must stay empty (private to
// src/pipeline/).
#pragma once
#include "lysisq/image.hpp"

namespace lysisq::detail {

/// How far (in robust standard deviations of the background) an automatic threshold must lie
/// above the background median for the field to count as holding objects. On the development
/// data nuclei images sit 6 to 280 sigmas above it (lowest: DSB d0f2a00d, 8-bit, dim), while
/// on BBBC039's empty field (IXMtest_F13) Otsu splits pure noise at 0.7 sigma.
inline constexpr double kMinContrastSigmas = 3.0;

/// True if threshold `t` separates a foreground mode from the background of `img`: with the
/// median m and the median absolute deviation MAD of the pixels <= t (the background side),
/// t >= m + kMinContrastSigmas * max(1.4826 * MAD, 1). 1.4826 scales the MAD to a Gaussian
/// sigma; the floor of one grey level covers quantised (8-bit) data whose MAD is 0.
bool has_foreground_contrast(U16View img, u16 t);

}  // namespace lysisq::detail
