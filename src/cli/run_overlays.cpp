// SPDX-License-Identifier: MIT
// Segmentation overlays of the fields QC flagged (or of all fields) after a fluorescence run.
#include "cli/run_overlays.hpp"

#include <algorithm>

#include "lysisq/errors.hpp"
#include "lysisq/overlay.hpp"
#include "lysisq/pipeline.hpp"
#include "lysisq/qc_run.hpp"

namespace lysisq::cli {

namespace fs = std::filesystem;

namespace {

bool flagged(const PlateRunResult& r, WellId well, int field) {
  return std::any_of(r.qc.begin(), r.qc.end(), [&](const QcResult& q) {
    return q.verdict != QcVerdict::kPass && qc_names_field(q, well, field);
  });
}

const io::FieldFiles* find_field(const io::PlateManifest& m, WellId well, int field) {
  for (const auto& f : m.fields)
    if (f.well == well && f.field == field) return &f;
  return nullptr;
}

/// Re-segments the field's nuclear channel and draws its objects' classes over it.
void draw_field(const fs::path& file, const io::FieldFiles& f, const PlateRunResult& r, const AssayConfig& cfg,
                Backend backend) {
  const auto ch = f.channels.find(cfg.channels.nuclear);
  if (ch == f.channels.end()) throw InputError("no nuclear channel image (channels.nuclear)");
  const Image<u16> nuclear = io::read_field_channel(f, cfg.channels.nuclear);
  const U16View views[] = {nuclear.cview()};
  const FieldSegmentation seg = segment_field(views, cfg.segmentation, backend);
  const LabelClasses classes = label_classes(r.objects, f.well, f.field, static_cast<int>(seg.objects.size()));
  io::write_overlay_png(file, nuclear.cview(), seg.labels, classes);
}

}  // namespace

std::size_t write_overlays(const fs::path& out_dir, const io::PlateManifest& manifest, const PlateRunResult& r,
                           const AssayConfig& cfg, Backend backend, OverlayMode mode,
                           std::vector<std::string>& warnings) {
  if (mode == OverlayMode::kNone) return 0;
  const fs::path dir = out_dir / "overlays";
  std::size_t written = 0;
  for (const FieldQuality& q : r.field_quality) {
    if (mode == OverlayMode::kFlagged && !flagged(r, q.well, q.field)) continue;
    const std::string name = r.plate_name + "_" + q.well.str() + "_s" + std::to_string(q.field) + ".png";
    try {
      const io::FieldFiles* f = find_field(manifest, q.well, q.field);
      if (!f) throw InputError("field not in the plate folder");
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) throw InputError("cannot create " + dir.string() + " (" + ec.message() + ")");
      draw_field(dir / name, *f, r, cfg, backend);
      ++written;
    } catch (const InputError& e) {  // an overlay is for looking at; its absence loses no result
      warnings.push_back("overlay " + name + " not written: " + e.what());
    }
  }
  return written;
}

}  // namespace lysisq::cli
