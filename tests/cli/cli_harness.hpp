// SPDX-License-Identifier: MIT
// Runs the built `lysisq` binary (LYSISQ_BINARY) from tests and captures its exit status and output.
#pragma once
#include <initializer_list>
#include <filesystem>
#include <string>
#include <vector>

namespace lysisq::test {

struct CliResult {
  int status = -1;  ///< exit status; 128 + signal if killed
  std::string out, err;
  /// Non-empty lines of stderr.
  std::vector<std::string> err_lines() const;
};

/// True when `lysisq run` completed and wrote every result: status 0, or 3 (ExitStatus::kQcFailed:
/// some QC check failed). For tests whose point is not QC: the shared small plate holds ~6
/// targets per field, so a replicate CV of 20 % is one target, and it often fails that check.
inline bool run_completed(const CliResult& r) { return r.status == 0 || r.status == 3; }

/// Runs `lysisq <args>` (each argument shell-quoted) with stdout/stderr captured in `scratch`.
CliResult run_lysisq(const std::vector<std::string>& args, const std::filesystem::path& scratch);

/// A synthetic 96-well plate (1 field of 128x128 per well), generated once per test process and
/// shared read-only; copy it before modifying.
const std::filesystem::path& shared_small_plate();

/// Copies the files of `from` (not sub-folders) into `to` (created).
void copy_plate(const std::filesystem::path& from, const std::filesystem::path& to);

/// The error contract: exactly one stderr line, "lysisq: error: ...", containing every `part`.
void require_one_error_line(const CliResult& r, std::initializer_list<std::string> parts);

}  // namespace lysisq::test
