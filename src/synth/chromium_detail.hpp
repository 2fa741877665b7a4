// SPDX-License-Identifier: MIT
// Shared constants of the synthetic 51Cr plate: the spot model of the phosphor scan (used by the
// design for the calibration and by the renderer) and the random stream tags.
#pragma once
#include <cstdint>

namespace lysisq::synth::chromium_detail {

/// A harvested filter disc images as a uniform disc blurred by the phosphor's scatter: radius
/// 0.2 pitch, edge blur sigma 0.045 pitch. The edge is 3.3 sigma inside lysisq's default
/// integration disc (0.35 pitch), so the disc holds all but ~0.1 % of the signal, and the spot
/// adds nothing measurable to the background annulus (0.40-0.48 pitch).
inline constexpr double kSpotRadiusFrac = 0.2;
inline constexpr double kSpotBlurFrac = 0.045;
/// Spots are rendered out to here (the profile is ~1e-9 of its peak at 0.45 pitch).
inline constexpr double kSpotReachFrac = 0.45;
/// Peak grey level of a spot at max_cpm net: 30000 leaves headroom below 65535 for the brightest
/// target (x1.2), the seeding scatter and the background.
inline constexpr double kPeakAtMaxCpm = 30000;

/// Stream tags: every random quantity has its own stream, keyed by seed and tag (and well).
enum StreamTag : std::uint64_t {
  kTargetStream = 0xc401,
  kWellStream = 0xc402,
  kGeometryStream = 0xc403,
  kBackgroundStream = 0xc404,
  kNoiseStream = 0xc405,
  kDropStream = 0xc406,
};

}  // namespace lysisq::synth::chromium_detail
