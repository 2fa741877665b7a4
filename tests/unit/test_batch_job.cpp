// SPDX-License-Identifier: MIT
// Plate jobs of `lysisq batch`: the child process (argv, cwd, log), failure reasons, progress,
// stale partial folders and the atomic swap of a finished folder.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <fstream>

#include "cli/plate_job.hpp"
#include "support/batch_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using namespace lysisq::batch;
namespace fs = std::filesystem;

TEST_CASE("batch plate job runs its command in the partial folder with output to the log", "[unit]") {
  // /bin/sh as the "binary": `sh run INPUT ...` runs the script `run` placed in the work folder,
  // which shows the folder, the arguments and stdin, and exits 3.
  test::TempDir d;
  JobSpec spec;
  spec.exe = "/bin/sh";
  spec.input = "/in/P1";
  spec.layout = "/in/P1/layout.yaml";
  spec.config_file = "/c.yaml";
  spec.overrides = {"compute.threads=1", "a=b c"};
  spec.work_dir = d / "work";
  spec.log_file = d / "P1.log";
  fs::create_directories(spec.work_dir);
  std::ofstream(spec.work_dir / "run") << "echo \"pwd=$(pwd)\"\nfor a in \"$@\"; do echo \"[$a]\"; done\n"
                                          "read x && echo stdin-not-empty\necho oops >&2\nexit 3\n";
  const pid_t pid = start_job(spec);
  int st = 0;
  REQUIRE(::waitpid(pid, &st, 0) == pid);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 3);
  const std::string gold = "pwd=" + fs::canonical(spec.work_dir).string() +
                           "\n[/in/P1]\n[--layout]\n[/in/P1/layout.yaml]\n[--out]\n[.]\n[--config]\n[/c.yaml]\n"
                           "[--set]\n[compute.threads=1]\n[--set]\n[a=b c]\noops\n";
  CHECK(test::read_text(spec.log_file) == gold);
  CHECK(job_failure(spec.log_file, st) == "exit status 3");
}

TEST_CASE("batch job failure reason: the last error line, else how the process ended", "[unit]") {
  test::TempDir d;
  const fs::path log = d.write("x.log", "lysisq: 1/4 fields (25 %)\nlysisq: error: first\nlysisq: warning: w\n"
                                        "lysisq: error: /p/a.tif: truncated\n");
  CHECK(job_failure(log, 2 << 8) == "/p/a.tif: truncated");
  const fs::path quiet = d.write("q.log", "");
  CHECK(job_failure(quiet, 9) == "killed by signal 9 (Killed)");
  CHECK(job_failure(d / "none.log", 70 << 8) == "exit status 70");
}

TEST_CASE("batch job progress reads the run's last field count", "[unit]") {
  test::TempDir d;
  CHECK(job_progress(d.write("a.log", "")) == 0);
  CHECK(job_progress(d.write("b.log", "lysisq: 9/90 fields (10 %)\nlysisq: 45/90 fields (50 %)\n")) == Approx(0.5));
  CHECK(job_progress(d.write("c.log", "lysisq: 45/90 fields (50 %)\nlysisq: warning: x\n")) == 0);
  CHECK(job_progress(d.write("d.log", "lysisq: 5/0 fields\n")) == 0);
}

TEST_CASE("batch stale work removal touches only that plate's partial and trash folders", "[unit]") {
  test::TempDir d;
  for (const char* sub : {".P1.partial-h-1", ".P1.trash-h-2", ".P10.partial-h-3", "P1", ".P1.partialx"})
    fs::create_directories(d / sub / "inner");
  remove_stale_work(d.path(), "P1");
  CHECK(d.names() == std::vector<std::string>{".P1.partialx", ".P10.partial-h-3", "P1"});
  CHECK(partial_dir(d.path(), "P1").filename().string().rfind(".P1.partial-", 0) == 0);
}

TEST_CASE("batch install swaps a finished folder in and removes the previous one", "[unit]") {
  test::TempDir d;
  fs::create_directories(d / "new");
  d.write("new/run.json", "new");
  install_results(d / "new", d / "P1");
  CHECK(d.names() == std::vector<std::string>{"P1"});
  CHECK(test::read_text(d / "P1" / "run.json") == "new");

  fs::create_directories(d / "newer");
  d.write("newer/run.json", "newer");
  d.write("P1/old-only.csv", "x");
  install_results(d / "newer", d / "P1");
  CHECK(d.names() == std::vector<std::string>{"P1"});  // the old folder went with the partial name
  CHECK(test::read_text(d / "P1" / "run.json") == "newer");
  CHECK_FALSE(fs::exists(d / "P1" / "old-only.csv"));
}
