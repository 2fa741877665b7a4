// SPDX-License-Identifier: MIT
// Shared pieces of the sub-commands: registration, config options, backend choice, the mapping
// of exceptions to exit statuses, progress output and interrupt handling.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "lysisq/backend.hpp"
#include "lysisq/config.hpp"

namespace lysisq::cli {

/// A registered sub-command: its CLI11 node, and what runs it once the arguments are parsed.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// What every sub-command needs to know about the invocation.
struct Invocation {
  std::string command_line;  ///< argv joined, for run.json
};

Command add_run_command(CLI::App& root, const Invocation& inv);
Command add_segment_command(CLI::App& root);
Command add_synth_command(CLI::App& root);
Command add_info_command(CLI::App& root);
/// `config check` and `config default` (under `config`).
std::vector<Command> add_config_commands(CLI::App& root);
/// `history list`, `history controls`, `history trend` (under `history`; cmd_history.cpp).
std::vector<Command> add_history_commands(CLI::App& root);

/// --config/--set (and --backend/--threads where the command computes).
struct ConfigOptions {
  std::string config_file;
  std::vector<std::string> sets;
  std::string backend;  ///< empty: as in the config
  int threads = -1;     ///< negative: as in the config
};
void add_config_options(CLI::App& cmd, ConfigOptions& o, bool compute_flags);

/// --time-point / --z-step / --kinetics: which scans and plane of an image folder to analyse
/// (run, batch).
struct ImageSelection {
  int time_point = 0;     ///< 0 = the last one present (input.time_point)
  int z_step = -1;        ///< -1 = the only plane, else the projection (input.z_step unset)
  bool kinetics = false;  ///< every time point (kinetics.enabled)
  bool any() const { return time_point > 0 || z_step >= 0 || kinetics; }
  /// The flag to name in an error: the first one given.
  const char* first_flag() const { return time_point > 0 ? "--time-point" : z_step >= 0 ? "--z-step" : "--kinetics"; }
};
void add_image_selection_options(CLI::App& cmd, ImageSelection& s);
/// The overrides the selection stands for (input.time_point=N, input.z_step=N,
/// kinetics.enabled=true), appended.
void append_overrides(const ImageSelection& s, std::vector<std::string>& overrides);
/// --set items, then the flags that are shorthands for config keys (so the resolved config and
/// its validation see them like any other override).
std::vector<std::string> overrides_of(const ConfigOptions& o);

/// --version, and the exit-status table as the help footer.
void decorate(CLI::App& app);
/// The exit-status table (errors.hpp ExitStatus) as shown in --help.
const std::string& exit_status_text();

/// Prints "lysisq: error: <what>" (one line) for the exception in flight and returns its exit
/// status: config/input errors 2, CUDA 4, interrupted 130, anything else 70. The one place where
/// exceptions become exit statuses.
int report_current_exception();

/// Prints "lysisq: warning: <msg>" (one line) on stderr.
void print_warning(const std::string& msg);
/// Makes `msg` one line: newlines become "; ".
std::string one_line(std::string msg);

/// Resolves the config's backend on this machine; CudaError (exit 4) when CUDA cannot be honoured.
Backend choose_backend(const AssayConfig& cfg);

/// SIGINT/SIGTERM set the flag (a second signal terminates at once).
void install_interrupt_handlers();
const std::atomic<bool>& interrupted();

/// Progress on stderr: a '\r'-updated line on a terminal, plain lines every ~10 % otherwise.
class Progress {
 public:
  Progress(std::string what, bool quiet);
  ~Progress();
  void update(std::size_t done, std::size_t total);
  void finish();

 private:
  std::string what_;
  bool quiet_, tty_;
  int last_step_ = -1;  ///< last percent (tty) or decile (plain) printed
  bool line_open_ = false;
};

std::string utc_now_iso8601();
std::string host_name();

}  // namespace lysisq::cli
