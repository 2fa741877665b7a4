// SPDX-License-Identifier: MIT
// `lysisq segment IMG... --out DIR`: nuclear segmentation of single images, for checking the
// segmentation settings; a bad image is reported and the others are still processed.
#include <omp.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "cli/cli_common.hpp"
#include "lysisq/config_io.hpp"
#include "lysisq/io.hpp"
#include "lysisq/pipeline.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/results.hpp"

namespace lysisq::cli {

namespace fs = std::filesystem;

namespace {

struct SegmentArgs {
  std::vector<std::string> images;
  std::string out_dir;
  ConfigOptions config;
  bool quiet = false;
};

/// Two inputs with the same stem would overwrite each other's outputs: a usage error.
void check_unique_stems(const std::vector<std::string>& images) {
  std::map<std::string, std::string> seen;
  for (const auto& img : images) {
    const std::string stem = fs::path(img).stem().string();
    auto [it, fresh] = seen.emplace(stem, img);
    if (!fresh)
      throw ConfigError("segment: " + it->second + " and " + img + " would both write " + stem +
                        "_labels.tif; give them different names or segment them into separate --out folders");
  }
}

void segment_one(const fs::path& img, const fs::path& out, const AssayConfig& cfg, Backend backend) {
  const Image<u16> image = io::read_image_u16(img);
  const U16View views[] = {image.cview()};
  const FieldSegmentation seg = segment_field(views, cfg.segmentation, backend);
  const std::string stem = img.stem().string();
  io::write_label_tiff(out / (stem + "_labels.tif"), seg.labels);
  io::write_file_atomic(out / (stem + "_objects.csv"), io::field_objects_csv(seg.objects));
}

int run(const SegmentArgs& a) {
  const AssayConfig cfg = config::load_config(a.config.config_file, overrides_of(a.config));
  const Backend backend = choose_backend(cfg);
  // Images run one after another; the stages parallelise inside each image.
  if (cfg.compute.threads > 0) omp_set_num_threads(cfg.compute.threads);
  check_unique_stems(a.images);
  std::error_code ec;
  fs::create_directories(a.out_dir, ec);
  if (ec) throw InputError(a.out_dir + ": cannot create the output folder (" + ec.message() + ")");

  Progress progress("images", a.quiet);
  std::size_t failed = 0;
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    if (interrupted()) throw Cancelled("interrupted");
    try {
      segment_one(a.images[i], a.out_dir, cfg, backend);
    } catch (const InputError& e) {
      // Per-image input problems are isolated; anything else (a bug, CUDA) stops the batch.
      progress.finish();
      std::fprintf(stderr, "lysisq: error: %s\n", one_line(e.what()).c_str());
      ++failed;
    }
    progress.update(i + 1, a.images.size());
  }
  progress.finish();
  if (failed > 0 && !a.quiet)
    std::fprintf(stderr, "lysisq: %zu of %zu images failed\n", failed, a.images.size());
  if (failed == a.images.size()) return static_cast<int>(ExitStatus::kUsage);  // nothing processed
  return static_cast<int>(failed > 0 ? ExitStatus::kSomeFailed : ExitStatus::kOk);
}

}  // namespace

Command add_segment_command(CLI::App& root) {
  auto args = std::make_shared<SegmentArgs>();
  CLI::App* cmd = root.add_subcommand(
      "segment", "Segment single-channel nuclear images: <stem>_labels.tif (16-bit) + <stem>_objects.csv each");
  cmd->add_option("IMG", args->images, "8/16-bit greyscale TIFF or PNG images")->required();
  cmd->add_option("--out,-o", args->out_dir, "Output folder (created)")->required();
  add_config_options(*cmd, args->config, true);
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  decorate(*cmd);
  cmd->footer("Exit status 1 when some images failed (each is reported), 2 when all did.\n\n" + exit_status_text());
  return {cmd, [args] { return run(*args); }};
}

}  // namespace lysisq::cli
