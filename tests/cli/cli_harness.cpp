// SPDX-License-Identifier: MIT
// Subprocess harness for the [cli] tests.
#include "cli/cli_harness.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <memory>
#include <sstream>

#include <catch2/catch.hpp>

#include "lysisq/synth.hpp"
#include "support/temp_dir.hpp"
#include "support/read_text.hpp"

namespace lysisq::test {

namespace fs = std::filesystem;

namespace {

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

std::vector<std::string> CliResult::err_lines() const {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

CliResult run_lysisq(const std::vector<std::string>& args, const fs::path& scratch) {
  fs::create_directories(scratch);
  const fs::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  std::string cmd = shell_quote(LYSISQ_BINARY);
  // Appended piecewise: `" " + std::string` trips GCC 12's false -Wrestrict positive.
  for (const auto& a : args) {
    cmd += ' ';
    cmd += shell_quote(a);
  }
  cmd += " </dev/null >";
  cmd += shell_quote(out.string());
  cmd += " 2>";
  cmd += shell_quote(err.string());
  const int raw = std::system(cmd.c_str());
  CliResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  r.out = test::read_text(out);
  r.err = test::read_text(err);
  return r;
}

const fs::path& shared_small_plate() {
  static const TempDir dir;
  static const fs::path plate = [] {
    synth::SynthParams p;
    p.plate_name = "CLI01";
    p.seed = 11;
    p.fields = 1;
    p.width = p.height = 128;
    synth::generate_fluorescence_plate(p, dir.path() / "plate");
    return dir.path() / "plate";
  }();
  return plate;
}

void copy_plate(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from))
    if (e.is_regular_file()) fs::copy_file(e.path(), to / e.path().filename());
}

void require_one_error_line(const CliResult& r, std::initializer_list<std::string> parts) {
  const auto lines = r.err_lines();
  CAPTURE(r.err);
  REQUIRE(lines.size() == 1);
  REQUIRE(lines[0].rfind("lysisq: error: ", 0) == 0);
  for (const auto& p : parts) REQUIRE(lines[0].find(p) != std::string::npos);
}

}  // namespace lysisq::test
