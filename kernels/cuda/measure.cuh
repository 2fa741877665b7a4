// SPDX-License-Identifier: MIT
// Device-pointer launcher of the per-object integer sums (measure.cu).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "check.cuh"
#include "kernels/ops/measure_run_op.hpp"

namespace lysisq::cuda {

/// d_table[1 .. max_label] = the ops::MomentAccum sums of each label over the channels (device
/// pointers in `channels`, any strides); d_table needs max_label + 1 entries and is initialised
/// here. Labels <= 0 are background. A label above max_label is skipped and sets *d_error to 1
/// (device int, not cleared here; may be null). Contiguous labels. No scratch, no sync.
void measure_objects(const std::int32_t* d_labels, int width, int height, std::int32_t max_label,
                     const ops::MeasureChannels& channels, ops::MomentAccum* d_table, int* d_error,
                     cudaStream_t stream);

}  // namespace lysisq::cuda
