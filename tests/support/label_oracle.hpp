// SPDX-License-Identifier: MIT
// Independent connected-component oracles for the labelling tests: a plain BFS flood fill and
// OpenCV's connectedComponents, both returning canonical labels (1..N in raster order).
#pragma once
#include "lysisq/config.hpp"
#include "lysisq/labels.hpp"

namespace lysisq::test {

/// Breadth-first flood fill from each unlabelled foreground pixel in raster order.
LabelImage bfs_labels(const Mask& mask, Connectivity c);

/// cv::connectedComponents (CV_32S), canonicalised.
LabelImage cv_labels(const Mask& mask, Connectivity c);

/// The transposed mask (x <-> y), and the same for labels.
Mask transpose(const Mask& m);
LabelImage transpose(const LabelImage& l);

}  // namespace lysisq::test
