// SPDX-License-Identifier: MIT
// The batch scheduler: up to --jobs plate jobs at once, resume checks, failure isolation,
// interrupt handling, and the summary files.
#include "cli/batch_run.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "cli/batch_prepare.hpp"
#include "cli/batch_progress.hpp"
#include "cli/batch_summary.hpp"
#include "cli/cli_common.hpp"
#include "cli/plate_job.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/io.hpp"
#include "lysisq/report.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// Longest sleep between looks at the running plates: a child's end wakes the loop at once; this
/// only paces the progress bar and the SIGTERM grace loop.
constexpr auto kPollEvery = std::chrono::milliseconds(200);
/// How long stopped plates get to end on SIGTERM (they stop between fields) before SIGKILL.
constexpr auto kStopGrace = std::chrono::seconds(20);

struct Running {
  std::size_t index = 0;
  pid_t pid = -1;
  fs::path partial, log;
  Clock::time_point start;
  PreparedPlate prepared;
};

std::string seconds_text(Clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::chrono::duration<double>(d).count());
  return buf;
}

/// This binary's path, for the plates' command lines (without the " (deleted)" the kernel adds
/// once the file has been replaced).
std::string own_path() {
  std::error_code ec;
  std::string p = fs::read_symlink("/proc/self/exe", ec).string();
  static const std::string kDeleted = " (deleted)";
  if (p.size() > kDeleted.size() && p.compare(p.size() - kDeleted.size(), kDeleted.size(), kDeleted) == 0)
    p.resize(p.size() - kDeleted.size());
  return p.empty() ? std::string("lysisq") : p;
}

long peak_rss_mib(int who) {
  rusage ru{};
  ::getrusage(who, &ru);
  return ru.ru_maxrss / 1024;  // KiB on Linux
}

class BatchRunner {
 public:
  BatchRunner(const BatchRequest& req, std::vector<PlateEntry> plates, config::LoadedConfig loaded)
      : req_(req), plates_(std::move(plates)), loaded_(std::move(loaded)), rows_(plates_.size()),
        progress_(plates_.size(), req.quiet) {}

  int run();

 private:
  static SummaryRow base_row(const PlateEntry& e) {
    SummaryRow row;
    row.plate = e.name;
    row.input = e.input.string();
    row.layout = e.layout.string();
    return row;
  }
  fs::path final_dir(const PlateEntry& e) const { return req_.out_dir / e.name; }
  void record(std::size_t index, SummaryRow row);
  void start_next();
  void spawn(std::size_t index, PreparedPlate prepared);
  void reap();
  void finish_job(Running& job, int wait_status);
  void install(Running& job);
  int stop_interrupted();

  const BatchRequest& req_;
  std::vector<PlateEntry> plates_;
  config::LoadedConfig loaded_;
  std::vector<std::optional<SummaryRow>> rows_;
  std::vector<Running> running_;
  std::size_t next_ = 0;
  std::string abort_reason_;  ///< set when no further plate should start (CUDA unusable)
  BatchProgress progress_;
  ChildExitWaiter waiter_;
  std::string exe_name_ = own_path();  ///< the plates' argv[0] (they exec /proc/self/exe)
};

void BatchRunner::record(std::size_t index, SummaryRow row) {
  progress_.plate_done(row);
  rows_[index] = std::move(row);
}

void BatchRunner::start_next() {
  const std::size_t i = next_++;
  const PlateEntry& e = plates_[i];
  SummaryRow row = base_row(e);
  try {
    PreparedPlate p = prepare_plate(e, loaded_);
    row.readout = p.readout;
    ResumeCheck rc;
    if (!req_.force) rc = check_resume(p, final_dir(e));
    if (rc.skip) {
      row.status = "skipped";
      row.reason = rc.why;
      fill_from_results(row, final_dir(e));
      return record(i, std::move(row));
    }
    if (!req_.quiet && rc.why != "no results yet" && !rc.why.empty()) progress_.line(e.name + ": redoing (" + rc.why + ")");
    hash_inputs(p.base, p.inputs.files);
    spawn(i, std::move(p));
  } catch (const std::exception& ex) {
    row.status = "failed";
    row.reason = ex.what();
    record(i, std::move(row));
  }
}

void BatchRunner::spawn(std::size_t index, PreparedPlate prepared) {
  Running job;
  job.index = index;
  job.partial = partial_dir(req_.out_dir, prepared.entry.name);
  job.log = req_.out_dir / "logs" / (prepared.entry.name + ".log");
  std::error_code ec;
  fs::remove_all(job.partial, ec);
  JobSpec spec;
  spec.exe = "/proc/self/exe";
  spec.argv0 = exe_name_;
  spec.input = prepared.entry.input;
  spec.layout = prepared.entry.layout;
  spec.config_file = req_.config_file;
  spec.overrides = req_.overrides;
  spec.work_dir = job.partial;
  spec.log_file = job.log;
  job.prepared = std::move(prepared);
  job.start = Clock::now();
  job.pid = start_job(spec);
  running_.push_back(std::move(job));
}

void BatchRunner::reap() {
  for (std::size_t k = 0; k < running_.size();) {
    int st = 0;
    const pid_t r = ::waitpid(running_[k].pid, &st, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR)) {
      ++k;
      continue;
    }
    Running job = std::move(running_[k]);
    running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(k));
    finish_job(job, r < 0 ? -1 : st);
  }
}

/// The run finished: record what its results were made from, then swap the folder in.
void BatchRunner::install(Running& job) {
  io::write_file_atomic(job.partial / kInputsFile, inputs_json(job.prepared.inputs));
  install_results(job.partial, final_dir(job.prepared.entry));
}

void BatchRunner::finish_job(Running& job, int wait_status) {
  const PlateEntry& e = job.prepared.entry;
  SummaryRow row = base_row(e);
  row.readout = job.prepared.readout;
  row.elapsed_s = seconds_text(Clock::now() - job.start);
  // `lysisq run` exits 3 when a QC check failed: its results are complete, the verdict is data.
  const int code = wait_status >= 0 && WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  const bool exited_ok = code == 0 || code == static_cast<int>(ExitStatus::kQcFailed);
  try {
    if (!exited_ok) throw InputError(job_failure(job.log, wait_status));
    if (!results_complete(job.partial))
      throw InputError("the run ended without a complete run.json (see " + job.log.string() + ")");
    install(job);
    row.status = "ok";
    fill_from_results(row, final_dir(e));
  } catch (const std::exception& ex) {
    std::error_code ec;
    fs::remove_all(job.partial, ec);
    row.status = "failed";
    row.reason = ex.what();
    if (code == static_cast<int>(ExitStatus::kNoDevice))
      abort_reason_ = "not started: plate " + e.name + " found CUDA unusable (" + row.reason + ")";
  }
  record(job.index, std::move(row));
}

int BatchRunner::stop_interrupted() {
  for (const auto& job : running_) ::kill(job.pid, SIGTERM);
  const auto deadline = Clock::now() + kStopGrace;
  for (auto& job : running_) {
    int st = 0;
    while (::waitpid(job.pid, &st, WNOHANG) == 0) {
      if (Clock::now() > deadline) ::kill(job.pid, SIGKILL);
      waiter_.wait(kPollEvery);
    }
    remove_stale_work(req_.out_dir, job.prepared.entry.name);
  }
  progress_.finish();
  std::size_t done = 0;
  for (const auto& r : rows_) done += r.has_value();
  std::fprintf(stderr, "lysisq: interrupted after %zu of %zu plates; run the same command again to resume\n", done,
               rows_.size());
  return static_cast<int>(ExitStatus::kInterrupted);
}

int BatchRunner::run() {
  const auto t0 = Clock::now();
  while (next_ < plates_.size() || !running_.empty()) {
    if (cli::interrupted()) return stop_interrupted();
    while (running_.size() < std::size_t(req_.jobs) && next_ < plates_.size() && abort_reason_.empty() &&
           !cli::interrupted())
      start_next();
    if (!abort_reason_.empty() && running_.empty()) break;
    reap();
    double running_done = 0;
    for (const auto& job : running_) running_done += job_progress(job.log);
    progress_.tick(running_done, running_.size());
    if (!running_.empty()) waiter_.wait(kPollEvery);
  }
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i]) continue;
    SummaryRow row = base_row(plates_[i]);
    row.status = "failed";
    row.reason = abort_reason_;
    record(i, std::move(row));
  }
  progress_.finish();
  std::vector<SummaryRow> rows;
  for (auto& r : rows_) rows.push_back(std::move(*r));
  const fs::path summary = req_.out_dir / (req_.shard ? shard_stem(*req_.shard) + ".csv" : "batch_summary.csv");
  io::write_file_atomic(summary, summary_csv(rows));
  if (!req_.shard) {
    try {
      report::write_batch_index(req_.out_dir);
    } catch (const std::exception& e) {
      cli::print_warning(std::string("no index.html: ") + e.what());
    }
  }
  if (!req_.quiet) {
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::fprintf(stderr, "lysisq: batch: %s in %s -> %s; peak memory %ld MiB (batch), %ld MiB (largest plate)\n",
                 status_counts(rows).c_str(), BatchProgress::duration_text(seconds).c_str(), summary.c_str(),
                 peak_rss_mib(RUSAGE_SELF), peak_rss_mib(RUSAGE_CHILDREN));
  }
  if (!abort_reason_.empty()) return static_cast<int>(ExitStatus::kNoDevice);
  return batch_exit_status(rows);
}

/// OUT and OUT/logs exist, this shard's stale partial folders are gone, and the summary this
/// run will write is removed (a summary present always describes a finished batch).
void prepare_out_dir(const BatchRequest& req, const std::vector<PlateEntry>& mine,
                     const std::vector<PlateEntry>& all) {
  std::error_code ec;
  fs::create_directories(req.out_dir / "logs", ec);
  if (ec) throw InputError(req.out_dir.string() + ": cannot create the output folder (" + ec.message() + ")");
  for (const auto& p : mine) remove_stale_work(req.out_dir, p.name);
  const std::string stem = req.shard ? shard_stem(*req.shard) : "batch_summary";
  fs::remove(req.out_dir / (stem + ".csv"), ec);
  if (req.shard) {
    std::vector<std::string> names;
    for (const auto& p : all) names.push_back(p.name);
    io::write_file_atomic(req.out_dir / (stem + ".plan.csv"), plan_csv(names, req.shard->count));
  }
}

}  // namespace

int run_batch(const BatchRequest& in) {
  BatchRequest req = in;
  req.out_dir = fs::absolute(req.out_dir).lexically_normal();
  if (!req.config_file.empty()) req.config_file = fs::absolute(req.config_file);
  if (!req.plan.shared_layout.empty()) req.plan.shared_layout = fs::absolute(req.plan.shared_layout);
  req.plan.out_dir = req.out_dir;
  if (req.jobs < 1) throw ConfigError("--jobs: must be at least 1, got " + std::to_string(req.jobs));
  config::LoadedConfig loaded = config::load_config_traced(req.config_file, req.overrides);  // bad config: exit 2
  const std::vector<PlateEntry> all = discover_plates(req.source, req.plan);
  std::vector<PlateEntry> mine = req.shard ? select_shard(all, *req.shard) : all;
  prepare_out_dir(req, mine, all);
  return BatchRunner(req, std::move(mine), std::move(loaded)).run();
}

}  // namespace lysisq::batch
