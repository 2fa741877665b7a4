// SPDX-License-Identifier: MIT
// When the CPU twins open an OpenMP parallel region.
#pragma once
#include <cstddef>

namespace lysisq::cpu {

/// Below this many pixels a parallel region costs more than it saves (thread wake-up and
/// barriers, much more when other processes share the cores), so such loops run on one thread.
constexpr std::size_t kMinParallelPixels = std::size_t(1) << 16;

inline bool go_parallel(std::size_t pixels) { return pixels >= kMinParallelPixels; }

}  // namespace lysisq::cpu
