// SPDX-License-Identifier: MIT
// segment_field on the CUDA backend against the CPU backend: BBBC039 dev images (when the shared
// datasets are present), a synthetic plate field with three channels, several fields in flight
// at once, and the clear error for a field that does not fit in device memory.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <vector>

#include "kernels/cuda/api.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/pipeline.hpp"
#include "support/test_images.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

/// Labels identical (both canonical), thresholds equal, every integer moment equal; the derived
/// floats come from the same integers through the same host code, so they are equal too.
void require_same(const FieldSegmentation& gpu, const FieldSegmentation& cpu) {
  REQUIRE(gpu.threshold == cpu.threshold);
  REQUIRE(gpu.labels == cpu.labels);
  REQUIRE(gpu.objects.size() == cpu.objects.size());
  for (std::size_t i = 0; i < cpu.objects.size(); ++i) {
    CAPTURE(i);
    const ObjectMoments& a = gpu.objects[i].m;
    const ObjectMoments& b = cpu.objects[i].m;
    REQUIRE(a.area_px == b.area_px);
    REQUIRE((a.sum_x == b.sum_x && a.sum_y == b.sum_y && a.sum_xx == b.sum_xx && a.sum_yy == b.sum_yy && a.sum_xy == b.sum_xy));
    REQUIRE((a.bbox_x0 == b.bbox_x0 && a.bbox_y0 == b.bbox_y0 && a.bbox_x1 == b.bbox_x1 && a.bbox_y1 == b.bbox_y1));
    REQUIRE(a.intensity_sum == b.intensity_sum);
    REQUIRE(gpu.objects[i].eccentricity == Approx(cpu.objects[i].eccentricity).margin(1e-12));
  }
}

FieldSegmentation run(const std::vector<Image<u16>>& ch, const SegmentationParams& p, Backend b) {
  std::vector<U16View> views;
  for (const Image<u16>& c : ch) views.push_back(c.cview());
  return segment_field(views, p, b);
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("cuda segment_field: BBBC039 dev images equal the CPU backend", "[cuda]") {
  const char* env = std::getenv("LYSISQ_SHARED_DIR");  // where the checkout has no ../shared
  const fs::path shared = env ? fs::path(env) : fs::path(LYSISQ_SHARED_DIR);
  const std::vector<fs::path> images = files_in(shared / "datasets/bbbc039/images", ".tif");
  if (images.empty()) WARN("shared/datasets/bbbc039 not found: BBBC039 comparison skipped");
  for (const fs::path& f : images) {
    CAPTURE(f.filename().string());
    const std::vector<Image<u16>> ch{io::read_image_u16(f)};
    require_same(run(ch, SegmentationParams{}, Backend::kCuda), run(ch, SegmentationParams{}, Backend::kCpu));
  }
}

TEST_CASE("cuda segment_field: synthetic plate field, three channels, every threshold method", "[cuda]") {
  const char* env = std::getenv("LYSISQ_SOURCE_DIR");  // a bundle run elsewhere (scripts/gpu-check)
  const fs::path dir = fs::path(env ? env : LYSISQ_SOURCE_DIR) / "sample_data/synthetic/DEMO01";
  const std::vector<Image<u16>> ch{io::read_image_u16(dir / "DEMO01_A01_s1_w1.tif"),
                                   io::read_image_u16(dir / "DEMO01_A01_s1_w2.tif"),
                                   io::read_image_u16(dir / "DEMO01_A01_s1_w3.tif")};
  SegmentationParams p;
  const ThresholdMethod m = GENERATE(ThresholdMethod::kOtsu, ThresholdMethod::kLi, ThresholdMethod::kTriangle);
  const bool split = GENERATE(true, false);
  CAPTURE(int(m), split);
  p.threshold.method = m;
  p.split_touching = split;
  const FieldSegmentation cpu = run(ch, p, Backend::kCpu);
  CHECK(!cpu.objects.empty());
  require_same(run(ch, p, Backend::kCuda), cpu);
}

TEST_CASE("cuda segment_field: empty field stays empty (contrast guard), no background, no smoothing", "[cuda]") {
  SegmentationParams p;
  const std::vector<Image<u16>> noise{test::random_blobs(300, 260, 0, 5)};
  require_same(run(noise, p, Backend::kCuda), run(noise, p, Backend::kCpu));
  p.background.method = BackgroundMethod::kNone;
  p.smooth.sigma_px = 0.0;
  p.fill_holes = false;
  const std::vector<Image<u16>> blobs{test::random_blobs(333, 257, 30, 6)};
  require_same(run(blobs, p, Backend::kCuda), run(blobs, p, Backend::kCpu));
}

TEST_CASE("cuda segment_field: several fields in flight on the pipeline pool", "[cuda]") {
  std::vector<std::vector<Image<u16>>> fields;
  for (std::uint32_t s = 0; s < 8; ++s)
    fields.push_back({test::random_blobs(512 + 64 * int(s % 3), 400, 40, s), test::random_blobs(512 + 64 * int(s % 3), 400, 10, s + 99)});
  std::vector<std::future<FieldSegmentation>> gpu;
  for (const auto& f : fields) gpu.push_back(std::async(std::launch::async, [&f] { return run(f, {}, Backend::kCuda); }));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    CAPTURE(i);
    require_same(gpu[i].get(), run(fields[i], {}, Backend::kCpu));
  }
}

TEST_CASE("cuda pipeline: a field larger than device memory is a CudaError, and the pipeline recovers", "[cuda]") {
  // 200000^2 pixels need 640 GB at 16 bytes/pixel: the check fails before any pixel is read,
  // so one real row stands in for the image.
  std::vector<u16> row(200000, 100);
  cuda::FieldChannels fc;
  fc.count = 1;
  fc.width = fc.height = 200000;
  fc.data[0] = row.data();
  fc.stride_px[0] = 200000;
  cuda::SegmentResult r;
  {
    cuda::PipelineLease pipe;
    REQUIRE_THROWS_AS(pipe->segment(fc, cuda::SegmentSpec{}, r), CudaError);
  }
  const std::vector<Image<u16>> ch{test::random_blobs(200, 150, 10, 1)};
  require_same(run(ch, {}, Backend::kCuda), run(ch, {}, Backend::kCpu));
}

TEST_CASE("cuda pipeline: device scratch per field stays within 16 bytes per pixel", "[cuda]") {
  // A fresh pipeline (the pool's have seen other sizes), a dense 2048^2 field so that the seeds
  // stage groups many pixels, every stage on, and four channels to measure.
  const int w = 2048, h = 2048;
  const auto dense = GENERATE(false, true);
  CAPTURE(dense);
  std::vector<Image<u16>> ch;
  for (std::uint32_t c = 0; c < 4; ++c) ch.push_back(test::random_blobs(w, h, dense ? 6000 : 1500, 40 + c));
  cuda::FieldChannels fc;
  fc.count = 4;
  fc.width = w, fc.height = h;
  for (int c = 0; c < 4; ++c) fc.data[c] = ch[std::size_t(c)].data(), fc.stride_px[c] = w;
  cuda::SegmentSpec spec;
  spec.background_radius_px = 15;
  spec.sigma_px = 1.5;
  spec.seed_min_distance_px = 3.0;
  spec.seed_h_px = 1.0;
  cuda::FieldPipeline pipe;
  cuda::SegmentResult r;
  pipe.segment(fc, spec, r);
  const int max_label = *std::max_element(r.labels.begin(), r.labels.end());
  CHECK(max_label > 100);
  std::vector<cuda::MomentsRow> rows;
  pipe.measure(r.labels.data(), max_label, rows);
  const std::size_t n = std::size_t(w) * std::size_t(h), fixed = cuda::FieldPipeline::device_bytes_needed(0, 0, 4);
  const std::size_t high = pipe.workspace_high_water_bytes();
  CAPTURE(high, double(high) / double(n));
  REQUIRE(high <= cuda::FieldPipeline::device_bytes_needed(w, h, 4));  // the budget segment() reserves
  REQUIRE(high <= 16 * n + fixed);                                        // the limit
}
