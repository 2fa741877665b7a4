// SPDX-License-Identifier: MIT
// report.html in a real browser: a synthetic plate is run by the built binary, `lysisq report`
// writes the page (with an overlay thumbnail and a Levey-Jennings history), and headless Chromium
// must load it without console errors, draw every chart, and produce a screenshot that is not
// blank. Chromium is a test dependency (scripts/setup installs it): without it this test fails.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli_harness.hpp"
#include "lysisq/overlay.hpp"
#include "support/temp_dir.hpp"
#include "support/test_images.hpp"
#include "support/read_text.hpp"

using namespace lysisq;
namespace fs = std::filesystem;

namespace {

std::optional<fs::path> find_chromium() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    for (const char* name : {"chromium", "chromium-browser"})
      if (const fs::path p = fs::path(dir) / name; !dir.empty() && ::access(p.c_str(), X_OK) == 0) return p;
  return std::nullopt;
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Runs headless Chromium on `page` with `mode` (--screenshot=... or --dump-dom); stdout to
/// `out`, stderr (the browser's log, console messages included) to `log`. Returns the exit status.
int run_chromium(const fs::path& exe, const fs::path& profile, const fs::path& page, const std::string& mode,
                 const fs::path& out, const fs::path& log) {
  // --virtual-time-budget lets the page's scripts finish before the capture; the profile folder
  // keeps the browser away from the user's own and from concurrent test runs.
  const std::string cmd = "timeout 60 " + quoted(exe.string()) +
                          " --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=" +
                          quoted(profile.string()) + " --window-size=1200,2400 --virtual-time-budget=5000" +
                          " --enable-logging=stderr --v=0 " + mode + " " + quoted("file://" + page.string()) + " >" +
                          quoted(out.string()) + " 2>" + quoted(log.string());
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/// Lines of Chromium's log that come from the page's console or an uncaught exception (the report
/// itself never logs, so any is a problem).
std::vector<std::string> console_lines(const std::string& log) {
  std::vector<std::string> bad;
  std::stringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find("Uncaught") != std::string::npos || line.find(":CONSOLE") != std::string::npos) bad.push_back(line);
  return bad;
}

/// Pixels within `tol` per channel of an RGB colour (the chart series colours of assets.cpp).
int pixels_near(const cv::Mat& bgr, int r, int g, int b, int tol = 12) {
  int n = 0;
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x) {
      const auto p = bgr.at<cv::Vec3b>(y, x);
      n += std::abs(p[2] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[0] - b) <= tol;
    }
  return n;
}

void add_overlay_and_history(const fs::path& out) {
  fs::create_directories(out / "overlays");
  const Image<u16> channel = test::random_blobs(96, 96, 8, 3);
  LabelImage labels(96, 96, 0);
  for (int y = 20; y < 40; ++y)
    for (int x = 20; x < 40; ++x) labels.at(x, y) = 1 + (x >= 30);
  io::write_overlay_png(out / "overlays" / "SYNTH01_A01_s1.png", channel.cview(), labels,
                        LabelClasses{ObjectClass::kLiveTarget, ObjectClass::kDeadTarget});
  std::ofstream(out / "history.json") << R"json({"control": "K562 live targets (target only)", "unit": "cells",
    "points": [{"time_utc": "2026-01-05T09:00:00Z", "plate": "P1", "value": 14.2, "qc": "pass"},
               {"time_utc": "2026-01-12T09:00:00Z", "plate": "P2", "value": 13.8, "lj_mean": 14, "lj_sd": 0.5, "qc": "pass"},
               {"time_utc": "2026-01-19T09:00:00Z", "plate": "SYNTH01", "value": 15.3, "lj_mean": 14, "lj_sd": 0.5, "qc": "warn"}]})json";
}

}  // namespace

TEST_CASE("report.html renders in headless Chromium: no console errors, charts drawn, screenshot not blank", "[e2e]") {
  const auto chromium = find_chromium();
  if (!chromium)
    FAIL("chromium is not installed (not on PATH): this test renders report.html in it. Run scripts/setup, which "
         "installs Debian's chromium package.");
  test::TempDir tmp;
  const fs::path out = tmp / "result";
  const auto run = test::run_lysisq({"run", test::shared_small_plate().string(), "--layout",
                                     (test::shared_small_plate() / "layout.yaml").string(), "--out", out.string(), "-q"},
                                    tmp.path());
  INFO(run.err);
  REQUIRE(test::run_completed(run));  // 3: the tiny plate may fail a QC check; every file is written
  add_overlay_and_history(out);
  const auto rep = test::run_lysisq({"report", out.string(), "--history-json", (out / "history.json").string()}, tmp.path());
  INFO(rep.err);
  REQUIRE(rep.status == 0);
  REQUIRE(fs::is_regular_file(out / "report.html"));

  // Kept after the test (the temporary folder is not) so a person can look at it.
  const fs::path shot = fs::temp_directory_path() / "lysisq-report-browser.png";
  fs::remove(shot);
  const int status = run_chromium(*chromium, tmp / "profile", out / "report.html", "--screenshot=" + shot.string(),
                                  tmp / "stdout.txt", tmp / "log.txt");
  const std::string log = test::read_text(tmp / "log.txt");
  INFO("chromium log:\n" << log);
  REQUIRE(status == 0);
  REQUIRE(console_lines(log).empty());
  WARN("report screenshot: " << shot.string());
  const cv::Mat img = cv::imread(shot.string(), cv::IMREAD_COLOR);
  REQUIRE_FALSE(img.empty());
  REQUIRE((img.cols == 1200 && img.rows == 2400));
  std::set<int> colours;
  int non_white = 0;
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      const auto p = img.at<cv::Vec3b>(y, x);
      colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
      non_white += p[0] < 245 || p[1] < 245 || p[2] < 245;
    }
  CAPTURE(colours.size(), non_white);
  REQUIRE(colours.size() >= 200);                 // text, heatmap scale, antialiased chart lines
  REQUIRE(non_white >= img.cols * img.rows / 20);  // at least 5 % of the page is drawn on
  // The E:T curves: the first three series colours (#1f77b4, #d62728, #2ca02c) appear only on the
  // chart canvases, so they prove Chart.js drew lines and points.
  CHECK(pixels_near(img, 0x1f, 0x77, 0xb4) >= 150);
  CHECK(pixels_near(img, 0xd6, 0x27, 0x28) >= 150);
  CHECK(pixels_near(img, 0x2c, 0xa0, 0x2c) >= 150);

  // Every chart was constructed (the page script counts them into a body attribute).
  REQUIRE(run_chromium(*chromium, tmp / "profile", out / "report.html", "--dump-dom", tmp / "dom.html",
                       tmp / "log2.txt") == 0);
  const std::string dom = test::read_text(tmp / "dom.html");
  REQUIRE(console_lines(test::read_text(tmp / "log2.txt")).empty());
  REQUIRE(dom.find("data-charts-drawn=\"3\"") != std::string::npos);  // LAK-D1, TIL-P1, Levey-Jennings
  REQUIRE(dom.find("src=\"data:image/png;base64,") != std::string::npos);
}

TEST_CASE("report.html of a kinetic run draws the killing-over-time charts in headless Chromium", "[e2e]") {
  const auto chromium = find_chromium();
  if (!chromium) FAIL("chromium is not installed (not on PATH): run scripts/setup, which installs Debian's chromium package.");
  test::TempDir tmp;
  const fs::path plate = tmp / "KIN", out = tmp / "result";
  const auto synth = test::run_lysisq({"synth", "--out", plate.string(), "--time-points", "3", "--interval-h", "2",
                                       "--fields", "1", "--size", "128x128"},
                                      tmp.path());
  INFO(synth.err);
  REQUIRE(synth.status == 0);
  const auto run = test::run_lysisq({"run", plate.string(), "--layout", (plate / "layout.yaml").string(), "--out",
                                     out.string(), "--kinetics", "--set", "kinetics.interval_h=2", "--no-history", "-q"},
                                    tmp.path());
  INFO(run.err);
  REQUIRE(test::run_completed(run));
  REQUIRE(fs::is_regular_file(out / "kinetic_summary.csv"));
  REQUIRE(run_chromium(*chromium, tmp / "profile", out / "report.html", "--dump-dom", tmp / "dom.html",
                       tmp / "log.txt") == 0);
  const std::string log = test::read_text(tmp / "log.txt");
  INFO("chromium log:\n" << log);
  REQUIRE(console_lines(log).empty());
  const std::string dom = test::read_text(tmp / "dom.html");
  CHECK(dom.find("id=\"kinetics\"") != std::string::npos);
  // E:T curves of LAK-D1 and TIL-P1, and their killing over time: four charts, each drawn.
  CHECK(dom.find("data-charts-drawn=\"4\"") != std::string::npos);
}
