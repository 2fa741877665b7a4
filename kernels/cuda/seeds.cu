// SPDX-License-Identifier: MIT
// find_seeds on the GPU. Candidates (separable window max) and their plateaus (GPU CCL) are
// data-parallel. The dynamic (h) test, which the CPU answers with local floods, is answered
// level by level (ops/seeds_dynamic_op.hpp): the foreground pixels are grouped by the highest
// distinct fail level they reach (a counting partition with warp-aggregated atomics, no sort),
// and a key-ordered union-find whose roots are the highest-key pixels grows one group at a time;
// after each group the plateaus whose fail level it is check whether their top is still a root.
// The forest lives in the label buffer (the plateau labels are taken again from the candidate
// mask afterwards: CCL numbering is deterministic), which keeps the stage at 5 bytes per pixel
// of scratch. The host only sequences the levels (small copies).
#include <cub/device/device_scan.cuh>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <vector>

#include "api.hpp"
#include "ccl.cuh"
#include "kernels/ops/seeds_dynamic_op.hpp"
#include "regions.cuh"
#include "seeds.cuh"

namespace lysisq::cuda {
namespace {

using detail::DeviceAtomics;

__global__ void window_rows_kernel(const std::uint32_t* dist, int width, int height, int r, std::uint32_t* rows) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= width || y >= height) return;
  const std::ptrdiff_t row = std::ptrdiff_t(y) * width;
  rows[row + x] = ops::window_max_1d(dist + row, 1, width, x, r);
}

__global__ void candidate_kernel(const std::uint32_t* dist, const std::uint32_t* rows, int width, int height, int r,
                                 std::uint8_t* cand) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= width || y >= height) return;
  const std::ptrdiff_t i = std::ptrdiff_t(y) * width + x;
  cand[i] = ops::is_seed_candidate(dist[i], ops::window_max_1d(rows + x, width, height, y, r)) ? 1 : 0;
}

__global__ void fill_kernel(std::int32_t* a, std::int32_t n, std::int32_t v) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] = v;
}

/// top[v] = first pixel (raster order) of plateau v.
__global__ void top_kernel(const std::int32_t* labels, std::int32_t n, std::int32_t plateaus, std::int32_t* top) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const std::int32_t v = labels[i];
  if (v > 0 && v <= plateaus) atomicMin(&top[v], i);
}

__global__ void iota_kernel(std::int32_t* a, std::int32_t n) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] = i;
}

__global__ void fail_level_kernel(const std::uint32_t* dist, const std::int32_t* top, std::int32_t plateaus,
                                  double h_px, std::uint32_t* fail) {
  const std::int32_t v = blockIdx.x * blockDim.x + threadIdx.x;
  if (v >= 1 && v <= plateaus) fail[v] = ops::seed_fail_level(dist[top[v]], h_px);
}

/// Counting partition of the joining pixels by group: each pixel takes the next slot of its
/// group's counter (counts when `list` is null, scatters pixel indices otherwise). The lanes of
/// a warp that share a group take their slots with one atomic (warp-aggregated), because most
/// pixels fall into the few lowest groups. Every lane of the warp must reach the ballot, so
/// the grid is a whole number of warps and nothing returns before it.
__global__ void group_kernel(const std::uint32_t* dist, std::int32_t n, const std::uint32_t* levels,
                             std::int32_t groups, std::int32_t* counter, std::int32_t* list) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  std::int32_t k = groups;
  if (i < n && ops::seed_foreground(dist[i])) k = ops::seed_join_group(levels, groups, dist[i]);
  const unsigned joining = __ballot_sync(0xffffffffu, k < groups);
  if (k >= groups) return;
  const unsigned peers = __match_any_sync(joining, k);
  const int lane = static_cast<int>(threadIdx.x & 31u), leader = __ffs(peers) - 1;
  std::int32_t base = 0;
  if (lane == leader) base = atomicAdd(&counter[k], __popc(peers));
  base = __shfl_sync(peers, base, leader);
  if (list) list[base + __popc(peers & ((1u << lane) - 1u))] = i;
}

__global__ void union_kernel(ops::SeedGrid g, const std::int32_t* list, std::int32_t begin, std::int32_t end,
                             std::uint32_t level, std::int32_t* parent) {
  const std::int32_t r = begin + static_cast<std::int32_t>(blockIdx.x * blockDim.x + threadIdx.x);
  if (r >= end) return;
  const std::int32_t px = list[r];
  ops::key_union_pixel<DeviceAtomics>(g, px % g.width, px / g.width, level, parent);
}

__global__ void peak_kernel(const std::int32_t* parent, const std::int32_t* top, const std::int32_t* group,
                            std::int32_t count, std::int32_t* keep) {
  const std::int32_t k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= count) return;
  const std::int32_t v = group[k];
  keep[v] = ops::seed_is_peak(parent, top[v]) ? 1 : 0;
}

__global__ void relabel_kernel(const std::int32_t* keep, const std::int32_t* scan, std::int32_t n,
                               std::int32_t* labels) {
  const std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) labels[i] = ops::seed_new_label(labels[i], keep, scan);
}

__global__ void kept_count_kernel(const std::int32_t* keep, const std::int32_t* scan, std::int32_t plateaus, int* count) {
  if (blockIdx.x == 0 && threadIdx.x == 0) *count = scan[plateaus] + keep[plateaus];
}

/// Plateaus grouped by fail level, highest level first (the order the unions run in).
struct LevelPlan {
  std::vector<std::uint32_t> levels;
  std::vector<std::int32_t> plateaus;  ///< grouped by level
  std::vector<std::int32_t> begin;     ///< group k: plateaus[begin[k] .. begin[k + 1])
};

LevelPlan plan_levels(const std::vector<std::uint32_t>& fail) {
  std::map<std::uint32_t, std::vector<std::int32_t>, std::greater<>> by_level;
  for (std::size_t v = 1; v < fail.size(); ++v) by_level[fail[v]].push_back(static_cast<std::int32_t>(v));
  LevelPlan p;
  for (const auto& [level, group] : by_level) {
    p.levels.push_back(level);
    p.begin.push_back(static_cast<std::int32_t>(p.plateaus.size()));
    p.plateaus.insert(p.plateaus.end(), group.begin(), group.end());
  }
  p.begin.push_back(static_cast<std::int32_t>(p.plateaus.size()));
  return p;
}

template <class T>
T* upload_vector(Workspace& ws, const std::vector<T>& h, cudaStream_t stream) {
  T* d = ws.take<T>(h.size());
  LYSISQ_CUDA_CHECK(cudaMemcpyAsync(d, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice, stream));
  return d;
}

}  // namespace

namespace {

/// Start of each group's pixels in the partition (groups + 1 entries): counts pass, host prefix.
std::vector<std::int32_t> group_offsets(const std::uint32_t* dist, std::int32_t n, const std::uint32_t* d_levels,
                                        std::int32_t groups, Workspace& ws, cudaStream_t stream) {
  Workspace::Scope scope(ws);
  std::int32_t* d_counts = ws.take<std::int32_t>(std::size_t(groups));
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_counts, 0, std::size_t(groups) * sizeof(std::int32_t), stream));
  group_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(dist, n, d_levels, groups, d_counts, nullptr);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  std::vector<std::int32_t> offsets(std::size_t(groups) + 1, 0);
  detail::download_sync(offsets.data() + 1, d_counts, std::size_t(groups), stream);
  for (std::size_t k = 1; k < offsets.size(); ++k) offsets[k] += offsets[k - 1];
  return offsets;
}

/// The dynamic test: keep[v] = 1 for each plateau v in 1..plateaus that passes it (keep zeroed
/// by the caller). `labels` holds the plateau labels on entry and the union-find forest on exit.
void dynamic_test(const std::uint32_t* dist, int width, int height, std::int32_t plateaus, std::int32_t* labels,
                  double h_px, std::int32_t* keep, Workspace& ws, cudaStream_t stream) {
  Workspace::Scope scope(ws);
  const std::int32_t n = static_cast<std::int32_t>(std::size_t(width) * std::size_t(height));
  const std::size_t entries = std::size_t(plateaus) + 1;
  std::int32_t* top = ws.take<std::int32_t>(entries);
  fill_kernel<<<grid_1d(entries), 256, 0, stream>>>(top, static_cast<std::int32_t>(entries), INT_MAX);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  top_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(labels, n, plateaus, top);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  std::uint32_t* d_fail = ws.take<std::uint32_t>(entries);
  fail_level_kernel<<<grid_1d(entries), 256, 0, stream>>>(dist, top, plateaus, h_px, d_fail);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  std::vector<std::uint32_t> fail(entries, 0);
  detail::download_sync(fail.data(), d_fail, entries, stream);
  const LevelPlan plan = plan_levels(fail);
  const std::int32_t groups = static_cast<std::int32_t>(plan.levels.size());
  const std::uint32_t* d_levels = upload_vector(ws, plan.levels, stream);
  const std::int32_t* d_group = upload_vector(ws, plan.plateaus, stream);

  const std::vector<std::int32_t> offsets = group_offsets(dist, n, d_levels, groups, ws, stream);
  std::int32_t* d_cursor = upload_vector(ws, offsets, stream);
  std::int32_t* list = ws.take<std::int32_t>(std::size_t(offsets.back()));
  group_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(dist, n, d_levels, groups, d_cursor, list);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  std::int32_t* parent = labels;  // the tops are known: the plateau labels are no longer read
  iota_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(parent, n);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);

  const ops::SeedGrid g{dist, width, height};
  for (std::int32_t k = 0; k < groups; ++k) {
    const std::int32_t begin = offsets[std::size_t(k)], end = offsets[std::size_t(k) + 1];
    if (end > begin) {
      union_kernel<<<grid_1d(std::size_t(end - begin)), 256, 0, stream>>>(g, list, begin, end,
                                                                          plan.levels[std::size_t(k)], parent);
      LYSISQ_CUDA_CHECK_LAUNCH(stream);
    }
    const std::int32_t b = plan.begin[std::size_t(k)], count = plan.begin[std::size_t(k) + 1] - b;
    peak_kernel<<<grid_1d(std::size_t(count)), 256, 0, stream>>>(parent, top, d_group + b, count, keep);
    LYSISQ_CUDA_CHECK_LAUNCH(stream);
  }
}

/// Renumbers the kept plateaus 1..N in label order; returns N (host).
int renumber_kept(const std::int32_t* keep, std::int32_t plateaus, std::int32_t n, std::int32_t* labels, int* d_count,
                  int* h_count, Workspace& ws, cudaStream_t stream) {
  const std::size_t entries = std::size_t(plateaus) + 1;
  std::int32_t* scan = ws.take<std::int32_t>(entries);
  std::size_t temp_bytes = 0;
  LYSISQ_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(nullptr, temp_bytes, keep, scan, static_cast<std::int32_t>(entries), stream));
  LYSISQ_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(ws.take_bytes(temp_bytes), temp_bytes, keep, scan,
                                                  static_cast<std::int32_t>(entries), stream));
  relabel_kernel<<<grid_1d(std::size_t(n)), 256, 0, stream>>>(keep, scan, n, labels);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  kept_count_kernel<<<1, 32, 0, stream>>>(keep, scan, plateaus, d_count);
  LYSISQ_CUDA_CHECK_LAUNCH(stream);
  detail::download_sync(h_count, d_count, 1, stream);
  return *h_count;
}

}  // namespace

int find_seeds(const std::uint32_t* d_dist, int width, int height, int radius, double h_px, std::int32_t* d_labels,
               Workspace& ws, cudaStream_t stream) {
  if (width <= 0 || height <= 0) return 0;
  Workspace::Scope scope(ws);
  const std::int32_t n = static_cast<std::int32_t>(std::size_t(width) * std::size_t(height));
  std::uint8_t* cand = ws.take<std::uint8_t>(std::size_t(n));
  int* d_ints = ws.take<int>(4);  // [0] plateaus, [1] kept seeds
  int* h_ints = ws.pinned_ints();
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(d_ints, 0, 4 * sizeof(int), stream));
  {
    Workspace::Scope rows_scope(ws);
    std::uint32_t* rows = ws.take<std::uint32_t>(std::size_t(n));
    window_rows_kernel<<<detail::grid_2d(width, height), detail::block_2d(), 0, stream>>>(d_dist, width, height,
                                                                                          radius, rows);
    LYSISQ_CUDA_CHECK_LAUNCH(stream);
    candidate_kernel<<<detail::grid_2d(width, height), detail::block_2d(), 0, stream>>>(d_dist, rows, width, height,
                                                                                        radius, cand);
    LYSISQ_CUDA_CHECK_LAUNCH(stream);
  }
  label_components(cand, width, height, /*eight=*/true, d_labels, d_ints, ws, stream);
  detail::download_sync(h_ints, d_ints, 1, stream);
  const std::int32_t plateaus = h_ints[0];
  if (plateaus == 0 || h_px <= 0) return plateaus;  // h = 0 keeps every plateau, as the CPU twin

  std::int32_t* keep = ws.take<std::int32_t>(std::size_t(plateaus) + 1);
  LYSISQ_CUDA_CHECK(cudaMemsetAsync(keep, 0, (std::size_t(plateaus) + 1) * sizeof(std::int32_t), stream));
  dynamic_test(d_dist, width, height, plateaus, d_labels, h_px, keep, ws, stream);
  label_components(cand, width, height, /*eight=*/true, d_labels, nullptr, ws, stream);  // same numbering again
  return renumber_kept(keep, plateaus, n, d_labels, d_ints + 1, h_ints + 1, ws, stream);
}

// ---- host-pointer launcher (api.hpp) ----

int find_seeds(const std::uint32_t* dist_sq, std::ptrdiff_t dist_stride_px, std::int32_t* labels, int width,
               int height, double min_distance_px, double h_px) {
  if (width <= 0 || height <= 0) return 0;
  HostContext& ctx = host_context();
  const cudaStream_t s = ctx.stream.get();
  Workspace::Scope scope(ctx.ws);
  const std::uint32_t* d_dist = detail::upload_image(ctx.ws, dist_sq, dist_stride_px, width, height);
  std::int32_t* d_labels = ctx.ws.take<std::int32_t>(std::size_t(width) * std::size_t(height));
  // The radius rule of the CPU twin (src/stages/seeds.cpp): r = max(1, floor(min_distance_px)).
  const int radius = std::max(1, static_cast<int>(std::floor(min_distance_px)));
  const int count = find_seeds(d_dist, width, height, radius, h_px, d_labels, ctx.ws, s);
  detail::download_sync(labels, d_labels, std::size_t(width) * std::size_t(height), s);
  return count;
}

}  // namespace lysisq::cuda
