// SPDX-License-Identifier: MIT
// report.html: one finished result folder as a self-contained page people can read (QC verdicts,
// plate heatmaps, E:T curves with lytic-unit fits, selectivity, conditions, overlay thumbnails,
// Levey-Jennings history), and index.html over a batch of such folders. Implemented in
// src/report/. The page embeds Chart.js and its data; it loads nothing from the network.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lysisq::report {

struct ReportOptions {
  /// Control history for the Levey-Jennings section: a JSON object (or an array of them) of the
  /// form {"control": "K562 %spont", "unit": "%", "points": [{"time_utc", "plate", "value",
  /// "lj_mean", "lj_sd", "qc", "rules"}, ...]} (the columns of `lysisq history trend --csv`).
  /// Without it the section says that no history was given.
  std::optional<std::filesystem::path> history_json;
  /// Most overlay thumbnails embedded (flagged fields first); each is a few kB.
  int max_thumbnails = 48;
};

/// Reads the result folder `out_dir` (run.json must exist: it marks a finished run; InputError
/// naming the folder otherwise) and its optional tables (wells.csv, conditions.csv,
/// lytic_units.csv, selectivity.csv, controls.csv, qc.csv, overlays/*.png; each section whose
/// file is absent is omitted with a note) and returns the page.
std::string render_plate_report(const std::filesystem::path& out_dir, const ReportOptions& opt = {});

/// render_plate_report() written to out_dir/report.html atomically; returns that path.
std::filesystem::path write_plate_report(const std::filesystem::path& out_dir, const ReportOptions& opt = {});

/// index.html for `batch_dir`: a row per sub-folder holding a report.html (link, plate, date,
/// worst QC verdict when qc.csv exists, headline counts and selectivity patterns).
std::string render_batch_index(const std::filesystem::path& batch_dir);

/// render_batch_index() written to batch_dir/index.html atomically; returns that path.
/// InputError when `batch_dir` is not a folder.
std::filesystem::path write_batch_index(const std::filesystem::path& batch_dir);

/// Text made safe for HTML content and attribute values: & < > " ' escaped.
std::string html_escape(std::string_view text);

}  // namespace lysisq::report
