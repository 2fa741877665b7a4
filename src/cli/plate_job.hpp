// SPDX-License-Identifier: MIT
// One plate of a batch as a job: `lysisq run` in a child process writing into a private partial
// folder, and the atomic swap that puts a finished folder in place (src/cli/plate_job.cpp).
//
// Why a child process rather than a function call: the batch then runs exactly what `lysisq run`
// runs (its outputs, QC files and reports included, as they evolve), a crash or an exhausted
// memory in one plate (a corrupt file deep in a decoder) cannot take the batch down, every
// plate's memory is returned to the system when it ends (a long batch stays flat), and an
// interrupted plate is simply killed. The cost is one process start per plate: 60-100 ms for
// `lysisq --version` on the 2-core development VM (2026-11), mostly loading shared libraries.
#pragma once
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace lysisq::batch {

struct JobSpec {
  /// The binary to execute. The batch gives "/proc/self/exe": the child (a fork of the batch)
  /// then runs the very file the batch runs, even when the installed binary is replaced or being
  /// relinked during a long batch (the path would then fail, or mix versions within one batch).
  std::filesystem::path exe;
  std::string argv0;                         ///< argv[0] (run.json's command line); empty: exe
  std::filesystem::path input, layout;       ///< absolute
  std::filesystem::path config_file;         ///< absolute, or empty (defaults)
  std::vector<std::string> overrides;        ///< passed on as --set KEY=VALUE, in order
  std::filesystem::path work_dir;            ///< the partial folder (created); the run's --out is "."
  std::filesystem::path log_file;            ///< receives the run's stdout and stderr (truncated)
};

/// The command a job runs: `<argv0> run INPUT --layout LAYOUT --out . [--config C] [--set K=V]...`.
std::vector<std::string> job_argv(const JobSpec& spec);

/// Starts the job and returns its pid. The child has stdin from /dev/null, runs in work_dir, and
/// is killed (SIGKILL) when the batch process dies, however it dies, so no orphan keeps writing
/// into a partial folder. InputError when the log cannot be opened or fork fails.
pid_t start_job(const JobSpec& spec);

/// Wakes the batch as soon as a child ends (a SIGCHLD handler writing to a pipe: the self-pipe
/// trick, which also works on kernels without pidfd), instead of polling on a fixed beat. One
/// per process at a time; the previous SIGCHLD disposition is restored on destruction.
class ChildExitWaiter {
 public:
  ChildExitWaiter();
  ~ChildExitWaiter();
  ChildExitWaiter(const ChildExitWaiter&) = delete;
  ChildExitWaiter& operator=(const ChildExitWaiter&) = delete;
  /// Returns when a child has ended since the last call, a signal arrived, or after `most`.
  void wait(std::chrono::milliseconds most);

 private:
  int fds_[2] = {-1, -1};
  struct sigaction old_ {};
};

/// One line saying why a job failed: the last "lysisq: error: " line of its log, else how it
/// ended ("killed by signal 9 (Killed)", "exit status 70").
std::string job_failure(const std::filesystem::path& log_file, int wait_status);

/// Fields done / total as last reported in the log ("lysisq: 9/90 fields (10 %)"); 0 when none.
double job_progress(const std::filesystem::path& log_file);

/// OUT/.<plate>.partial-<host>-<pid>: where this process builds the plate's results. The host
/// keeps the names of concurrent shards on different nodes sharing OUT apart.
std::filesystem::path partial_dir(const std::filesystem::path& out_dir, const std::string& plate);

/// Removes what an interrupted run of `plate` left in OUT (.<plate>.partial-* and .<plate>.trash-*
/// folders). Only plates of this shard are touched, so concurrent shards cannot collide.
void remove_stale_work(const std::filesystem::path& out_dir, const std::string& plate);

/// Puts the finished folder `partial` in place as `final_dir`: renameat2(RENAME_EXCHANGE) when
/// `final_dir` exists (one atomic step; the old folder then sits under the partial name and is
/// deleted), else rename(). Where the file system cannot exchange: rename the old folder to a
/// .trash name, rename the new one in, delete the trash. At every instant `final_dir` is either
/// absent, the old complete folder or the new complete folder. The parent folder is fsynced.
void install_results(const std::filesystem::path& partial, const std::filesystem::path& final_dir);

}  // namespace lysisq::batch
