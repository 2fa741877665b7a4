// SPDX-License-Identifier: MIT
// `lysisq batch` end to end with the built binary: failure isolation, resume, kill -9 at random
// moments, SIGTERM. Every batch runs with --no-history: the run history would judge each plate
// against the runs before it (results would depend on the order of runs), and the tests must not
// write into the user's history.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "cli/batch_inputs.hpp"
#include "cli/batch_summary.hpp"
#include "cli/cli_harness.hpp"
#include "support/batch_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::vector<batch::SummaryRow> summary(const fs::path& out) {
  return batch::parse_summary_csv(test::read_text(out / "batch_summary.csv"), "batch_summary.csv");
}

/// "P1=ok P2=failed P3=ok".
std::string statuses(const std::vector<batch::SummaryRow>& rows) {
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : " ") + r.plate + "=" + r.status;
  return out;
}

test::CliResult run_batch(const fs::path& root, const fs::path& out, const fs::path& scratch,
                      const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"batch", "--no-history", root.string(), "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return test::run_lysisq(args, scratch);
}

fs::file_time_type mtime(const fs::path& p) { return fs::last_write_time(p); }

/// The exit status of a batch in which no plate failed: 0, or 3 exactly when a plate has a failed
/// QC check (tiny synthetic plates can fail the replicate-CV check; the verdict is data).
int no_failure_status(const std::vector<batch::SummaryRow>& rows) {
  const bool qc_fail = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.worst_qc == "fail"; });
  return qc_fail ? 3 : 0;
}

/// Plates P1..P3 whose results an uninterrupted batch made, computed once per test process.
struct Reference {
  test::TempDir dir;
  fs::path root = dir / "root", out = dir / "out";
  double seconds = 0;
  Reference() {
    test::make_fluorescence_root(root, {"P1", "P2", "P3"});
    const auto t0 = Clock::now();
    const auto r = run_batch(root, out, dir / "scratch");
    seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (r.status != no_failure_status(summary(out))) throw std::runtime_error("reference batch failed: " + r.err);
  }
};

const Reference& reference() {
  static const Reference ref;
  return ref;
}

}  // namespace

TEST_CASE("lysisq batch: a corrupt TIFF fails its plate only, a re-run skips, fixes and redoes", "[e2e]") {
  test::TempDir tmp;
  const fs::path root = tmp / "root", out = tmp / "out";
  test::make_fluorescence_root(root, {"P1", "P2", "P3"});
  const fs::path victim = root / "P2" / "CLI01_B05_s1_w1.tif";
  const std::string good = test::read_text(victim);
  REQUIRE(good.size() > 300);
  tmp.write("root/P2/CLI01_B05_s1_w1.tif", good.substr(0, 300));

  auto r = run_batch(root, out, tmp / "s1");
  auto rows = summary(out);
  CHECK(r.status == 1);
  CHECK(statuses(rows) == "P1=ok P2=failed P3=ok");
  CHECK(rows.at(1).reason.find("CLI01_B05_s1_w1.tif") != std::string::npos);
  CHECK(rows.at(0).wells == "90");
  const auto lines = r.err_lines();
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
          return l.find("P2: failed: ") != std::string::npos && l.find("CLI01_B05_s1_w1.tif") != std::string::npos;
        }) == 1);
  CHECK(test::entries(out) == std::vector<std::string>{"P1", "P3", "batch_summary.csv", "index.html", "logs"});
  CHECK(fs::exists(out / "P1" / "inputs.json"));
  CHECK(fs::exists(out / "P1" / "report.html"));

  // Unchanged plates are skipped (their results untouched); the fixed one is done.
  const auto p1_time = mtime(out / "P1" / "run.json");
  tmp.write("root/P2/CLI01_B05_s1_w1.tif", good);
  r = run_batch(root, out, tmp / "s2");
  rows = summary(out);
  CHECK(r.status == no_failure_status(rows));
  CHECK(statuses(rows) == "P1=skipped P2=ok P3=skipped");
  CHECK(rows.at(0).wells == "90");  // a skipped plate's row still carries its numbers
  CHECK(mtime(out / "P1" / "run.json") == p1_time);
  CHECK(r.err.find("P1: skipped (unchanged since") != std::string::npos);
  for (const char* table : {"wells.csv", "conditions.csv", "lytic_units.csv"})  // another ROOT: paths differ
    CHECK(test::read_text(out / "P2" / table) == test::read_text(reference().out / "P2" / table));

  // An input image replaced by another (valid) one: only that plate is redone, with new numbers.
  fs::copy_file(root / "P3" / "CLI01_A02_s1_w1.tif", root / "P3" / "CLI01_A01_s1_w1.tif",
                fs::copy_options::overwrite_existing);
  const auto p3_wells = test::read_text(out / "P3" / "wells.csv");
  r = run_batch(root, out, tmp / "s3");
  rows = summary(out);
  CHECK(r.status == no_failure_status(rows));
  CHECK(statuses(rows) == "P1=skipped P2=skipped P3=ok");
  CHECK(r.err.find("P3: redoing (CLI01_A01_s1_w1.tif changed") != std::string::npos);
  CHECK(test::read_text(out / "P3" / "wells.csv") != p3_wells);
  CHECK(mtime(out / "P1" / "run.json") == p1_time);

  // A changed config redoes everything.
  r = run_batch(root, out, tmp / "s4", {"--set", "output.objects_csv=true", "-q"});
  CHECK(r.status == no_failure_status(summary(out)));
  CHECK(statuses(summary(out)) == "P1=ok P2=ok P3=ok");
  CHECK(fs::exists(out / "P1" / "objects.csv"));
}

TEST_CASE("lysisq batch killed with SIGKILL at random moments resumes to an uninterrupted batch's results", "[e2e]") {
  const Reference& ref = reference();
  // Into an empty OUT once; twice into an OUT holding results of another config (objects.csv on),
  // so that the killed batch is replacing existing plate folders (the atomic swap).
  const bool replace = GENERATE(false, true, true);
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  const double delay_s = std::uniform_real_distribution<double>(0.0, ref.seconds)(rng);
  CAPTURE(replace, seed, delay_s);
  test::TempDir tmp;
  const fs::path out = tmp / "out";
  std::string old_config;
  if (replace) {
    run_batch(ref.root, out, tmp / "before", {"--set", "output.objects_csv=true", "-q"});
    INFO(test::read_text(out / "batch_summary.csv"));
    REQUIRE(statuses(summary(out)) == "P1=ok P2=ok P3=ok");
    old_config = batch::read_inputs_record(out / "P1" / "inputs.json").value().config_fnv1a64;
  }
  const pid_t pid =
      test::spawn_lysisq({"batch", "--no-history", ref.root.string(), "--out", out.string()}, tmp / "killed.log");
  std::this_thread::sleep_for(std::chrono::duration<double>(delay_s));
  ::kill(pid, SIGKILL);
  test::wait_child(pid);

  // Whatever the moment, a plate folder that is there is complete, and its inputs record says
  // which config made it: the old one exactly when it holds the old config's objects.csv.
  if (fs::exists(out))
    for (const auto& name : test::entries(out)) {
      if (name[0] == '.' || name == "logs" || !fs::is_directory(out / name)) continue;
      CAPTURE(name);
      CHECK(batch::results_complete(out / name));
      const auto record = batch::read_inputs_record(out / name / "inputs.json");
      REQUIRE(record);
      CHECK(fs::exists(out / name / "objects.csv") == (record->config_fnv1a64 == old_config));
    }

  const auto r = run_batch(ref.root, out, tmp / "resume");
  REQUIRE(r.status == no_failure_status(summary(out)));
  for (const char* plate : {"P1", "P2", "P3"}) CHECK(test::result_folder_difference(out / plate, ref.out / plate) == "");
  CHECK(test::entries(out) == test::entries(ref.out));  // no partial or trash folder left
  const std::vector<std::string> volatile_cols = {"status", "reason", "elapsed_s"};
  CHECK(test::summary_rows_without(out / "batch_summary.csv", volatile_cols) ==
        test::summary_rows_without(ref.out / "batch_summary.csv", volatile_cols));
}

TEST_CASE("lysisq batch on SIGTERM stops its plates, cleans up and exits 130 without a summary", "[e2e]") {
  const Reference& ref = reference();
  test::TempDir tmp;
  const fs::path out = tmp / "out";
  const pid_t pid =
      test::spawn_lysisq({"batch", "--no-history", ref.root.string(), "--out", out.string()}, tmp / "term.log");
  // Wait until a plate is running (its log shows progress), then ask the batch to stop.
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  const fs::path log = out / "logs" / "P1.log";
  while (test::read_text(log).find("fields") == std::string::npos && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGTERM);
  const auto end = test::wait_child(pid);
  CHECK(end.status == 130);
  CHECK(test::read_text(tmp / "term.log").find("interrupted after") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "batch_summary.csv"));
  for (const auto& name : test::entries(out)) CHECK(name[0] != '.');
}
