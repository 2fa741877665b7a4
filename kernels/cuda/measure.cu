// SPDX-License-Identifier: MIT
// Per-object moments and intensity sums in one pass over the labels: each thread accumulates a
// row segment locally while consecutive pixels share a label and flushes each run with 64-bit
// integer atomics (ops/measure_run_op.hpp; cuCIM regionprops style), so the sums are exact and
// independent of the schedule: the CPU twin's integers.
#include "api.hpp"
#include "measure.cuh"
#include "regions.cuh"

namespace lysisq::cuda {
namespace {

__global__ void init_table_kernel(ops::MomentAccum* table, std::int32_t entries) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < entries) table[i] = ops::MomentAccum{};
}

__global__ void measure_kernel(const std::int32_t* labels, detail::Segments segs, std::int32_t max_label,
                               ops::MeasureChannels channels, ops::MomentAccum* table, int* error) {
  const std::int64_t seg = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (seg >= segs.count) return;
  int y, x0, x1;
  detail::segment_bounds(segs, seg, &y, &x0, &x1);
  const bool ok = ops::measure_segment<detail::DeviceAtomics>(labels + std::ptrdiff_t(y) * segs.width, x0, x1, y,
                                                              channels, max_label, table);
  if (!ok && error) atomicExch(error, 1);
}

}  // namespace

void measure_objects(const std::int32_t* d_labels, int width, int height, std::int32_t max_label,
                     const ops::MeasureChannels& channels, ops::MomentAccum* d_table, int* d_error,
                     cudaStream_t stream) {
  const std::int32_t entries = max_label + 1;
  init_table_kernel<<<grid_1d(std::size_t(entries)), 256, 0, stream>>>(d_table, entries);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  if (width <= 0 || height <= 0) return;
  const detail::Segments segs = detail::row_segments(width, height);
  measure_kernel<<<grid_1d(std::size_t(segs.count), 64), 64, 0, stream>>>(d_labels, segs, max_label, channels, d_table,
                                                                          d_error);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
}

// ---- host-pointer launcher (api.hpp) ----

namespace {

MomentsRow to_row(const ops::MomentAccum& a) {
  MomentsRow r{};
  r.area_px = a.area;
  r.sum_x = a.sum_x;
  r.sum_y = a.sum_y;
  r.sum_xx = a.sum_xx;
  r.sum_yy = a.sum_yy;
  r.sum_xy = a.sum_xy;
  if (a.area > 0) {  // as the CPU twin: an absent label has an all-zero box
    r.bbox_x0 = a.x0;
    r.bbox_y0 = a.y0;
    r.bbox_x1 = a.x1;
    r.bbox_y1 = a.y1;
  }
  for (int c = 0; c < FieldChannels::kMax && c < ops::kMeasureMaxChannels; ++c) r.intensity_sum[c] = a.intensity[c];
  return r;
}

}  // namespace

void measure_objects(const std::int32_t* labels, int width, int height, int max_label, const FieldChannels& channels,
                     MomentsRow* out) {
  static_assert(FieldChannels::kMax == ops::kMeasureMaxChannels, "api.hpp and ops disagree on the channel capacity");
  if (max_label <= 0) return;
  if (channels.count < 0 || channels.count > ops::kMeasureMaxChannels)
    throw CudaError("measure_objects: channel count out of range");
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  Workspace::Scope scope(ctx.ws);
  const std::int32_t* d_labels = width > 0 && height > 0 ? detail::upload_image(ctx.ws, labels, width, width, height)
                                                         : nullptr;
  ops::MeasureChannels dc{};
  dc.count = channels.count;
  for (int c = 0; c < channels.count; ++c) {
    dc.data[c] = detail::upload_image(ctx.ws, channels.data[c], channels.stride_px[c], width, height);
    dc.stride[c] = width;
  }
  ops::MomentAccum* d_table = ctx.ws.take<ops::MomentAccum>(std::size_t(max_label) + 1);
  int* d_error = ctx.ws.take<int>(1);
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_error, 0, sizeof(int), s));
  measure_objects(d_labels, width, height, max_label, dc, d_table, d_error, s);
  std::vector<ops::MomentAccum> h_table(std::size_t(max_label) + 1);
  int* h_error = ctx.ws.pinned_ints();
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(h_error, d_error, sizeof(int), cudaMemcpyDeviceToHost, s));
  detail::download_sync(h_table.data(), d_table, h_table.size(), s);
  if (*h_error != 0) throw InternalError("measure_objects: a label exceeds max_label");
  for (int k = 0; k < max_label; ++k) out[k] = to_row(h_table[std::size_t(k) + 1]);
}

}  // namespace lysisq::cuda
