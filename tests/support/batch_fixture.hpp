// SPDX-License-Identifier: MIT
// Test helpers for `lysisq batch`: plate folders, the binary as a child process (so a test can
// signal it), and result folders compared without their time and host fields.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/read_text.hpp"

namespace lysisq::test {

/// Copies the shared small fluorescence plate (cli_harness.hpp) into ROOT/<name> for each name.
void make_fluorescence_root(const std::filesystem::path& root, const std::vector<std::string>& names);

/// Writes `n` synthetic 51Cr counter files ROOT/C01.csv... with ROOT/C01.layout.yaml... (three
/// distinct plates, seeds 1-3, repeated).
void make_chromium_root(const std::filesystem::path& root, int n);

/// Starts `lysisq <args>` with stdin /dev/null and stdout+stderr into `log`; returns its pid.
pid_t spawn_lysisq(const std::vector<std::string>& args, const std::filesystem::path& log);
/// Same with another binary (a copy of lysisq).
pid_t spawn_program(const std::filesystem::path& binary, const std::vector<std::string>& args,
                    const std::filesystem::path& log);

struct ChildEnd {
  int status = -1;     ///< exit status; 128 + signal if killed
  long maxrss_kib = 0; ///< peak RSS of the process and its waited-for children (wait4)
};
ChildEnd wait_child(pid_t pid);

/// Empty when the plate folders `got` and `gold` hold the same results: the same file names
/// (report.html aside), byte-equal tables and resolved config, run.json equal without its start
/// time, wall time, host and stage timings, and inputs.json equal without its record time.
/// Otherwise what differs.
std::string result_folder_difference(const std::filesystem::path& got, const std::filesystem::path& gold);

/// Rows of a batch summary as text with the given columns blanked (e.g. elapsed_s).
std::vector<std::string> summary_rows_without(const std::filesystem::path& csv, const std::vector<std::string>& blank);

/// Sorted names in `dir` (files and folders), hidden ones included.
std::vector<std::string> entries(const std::filesystem::path& dir);

}  // namespace lysisq::test
