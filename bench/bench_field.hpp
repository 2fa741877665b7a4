// SPDX-License-Identifier: MIT
// Synthetic benchmark fields (nucleus-like, two u16 channels) and their raw dump for the peer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lysisq/image.hpp"

namespace lysisq::bench {

/// Two-channel side x side field: nuclei-like blobs on a noisy, sloped 12-bit-like background.
std::vector<Image<u16>> make_field(int side, std::uint32_t seed);

/// Writes channel k as <dir>/field_<side>_c<k>.u16 (raw little-endian u16, row-major, side x side),
/// the input of bench/peer_skimage.py. Throws std::runtime_error on an I/O error.
void write_raw(const std::string& dir, int side, const std::vector<Image<u16>>& channels);

}  // namespace lysisq::bench
