// SPDX-License-Identifier: MIT
// Config loading: defaults file, documentation sync, round trip, and every class of error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>
#include <sstream>

#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "support/config_errors.hpp"
#include "support/read_text.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;
using test::require_config_error;

namespace {

const std::string kSource = LYSISQ_SOURCE_DIR;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

/// Key paths of a block-style YAML file with two-space indents (comments and one level of flow
/// mappings allowed): a deliberately simple reader, independent of yaml-cpp and of to_yaml().
std::vector<std::string> key_paths(const std::string& yaml) {
  std::vector<std::string> stack, out;
  std::istringstream in(yaml);
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    if (const auto c = line.find(" #"); c != std::string::npos) line.resize(c);
    const auto colon = line.find(':');
    const std::string key = trim(line.substr(0, colon));
    const std::string value = trim(line.substr(colon + 1));
    stack.resize(first / 2);
    std::string prefix;
    for (const auto& s : stack) prefix += s + ".";
    if (value.empty()) {
      stack.push_back(key);
    } else if (value.front() == '{') {
      std::istringstream items(value.substr(1, value.size() - 2));
      for (std::string item; std::getline(items, item, ',');) out.push_back(prefix + key + "." + trim(item.substr(0, item.find(':'))));
    } else {
      out.push_back(prefix + key);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("configs/default.yaml loads to exactly AssayConfig{}", "[unit]") {
  const AssayConfig loaded = config::load_config(kSource + "/configs/default.yaml");
  REQUIRE(config::to_yaml(loaded) == config::to_yaml(AssayConfig{}));
}

TEST_CASE("configs/default.yaml lists every key, and only known keys", "[unit]") {
  auto in_file = key_paths(test::read_text(kSource + "/configs/default.yaml"));
  auto expected = key_paths(config::to_yaml(AssayConfig{}));
  REQUIRE(expected.size() >= 30);
  std::sort(in_file.begin(), in_file.end());
  std::sort(expected.begin(), expected.end());
  REQUIRE(in_file == expected);
}

TEST_CASE("every config key is documented in configs/README.md", "[unit]") {
  const std::string readme = test::read_text(kSource + "/configs/README.md");
  for (const auto& path : key_paths(config::to_yaml(AssayConfig{}))) {
    CAPTURE(path);
    REQUIRE_THAT(readme, Contains("`" + path + "`"));
  }
}

TEST_CASE("the example configs load", "[unit]") {
  const AssayConfig c = config::load_config(kSource + "/configs/examples/fluorescence_96.yaml");
  REQUIRE(c.segmentation.threshold.method == ThresholdMethod::kLi);
  REQUIRE(c.classification.dead_mode == ThresholdMode::kFixed);
  REQUIRE(c.classification.dead_threshold == 1500.0);
}

TEST_CASE("to_yaml round-trips random valid configs exactly", "[unit]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  AssayConfig c;
  c.assay = pick(2) ? "fluorescence" : "chromium";
  const char* patterns[] = {R"(^(.+)_([A-P][0-9]{2})_s(\d+)_w(\d+)\.tif$)", "(a)(b)(c)(d) it's # odd: x",
                            R"(^(\w+)-(\w\d+)-(\d)-(\d)\.png$)"};
  c.input.filename_pattern = patterns[pick(3)];
  c.channels = {pick(3) + 1, pick(3) + 4, pick(3) + 7};
  auto& s = c.segmentation;
  s.background.method = pick(2) ? BackgroundMethod::kNone : BackgroundMethod::kTophat;
  s.background.radius_px = 1 + pick(500);
  s.smooth.sigma_px = 20.0 * u(rng);  // arbitrary doubles: exercises shortest round-trip printing
  s.threshold.method = static_cast<ThresholdMethod>(pick(4));
  s.threshold.correction = 1e-3 + 9.99 * u(rng);
  if (s.threshold.method == ThresholdMethod::kManual) s.threshold.manual = static_cast<std::uint16_t>(pick(65536));
  s.threshold.min_threshold = static_cast<std::uint16_t>(pick(65536));
  s.fill_holes = pick(2);
  s.size.min_area_px = pick(1000);
  s.size.max_area_px = s.size.min_area_px + 1 + pick(100000);
  s.split_touching = pick(2);
  s.seeds = {500.0 * u(rng), 1e-7 * u(rng)};
  s.connectivity = pick(2) ? Connectivity::k4 : Connectivity::k8;
  c.classification = {ThresholdMode::kFixed, 1 + 60000 * u(rng), ThresholdMode::kAuto, 0.0,
                      pick(2) ? DeathReadout::kDeadStain : DeathReadout::kCalceinLoss};
  c.quantification.primary_metric = pick(2) ? KillingMetric::kTargetLoss : KillingMetric::kSpecificDeath;
  c.compute = {static_cast<BackendChoice>(pick(3)), pick(1025)};
  c.output = {static_cast<bool>(pick(2)), static_cast<bool>(pick(2))};
  config::validate(c);

  const std::string text = config::to_yaml(c);
  CAPTURE(text);
  const AssayConfig back = config::parse_config(text, "resolved_config.yaml");
  REQUIRE(config::to_yaml(back) == text);
  REQUIRE(back.segmentation.smooth.sigma_px == c.segmentation.smooth.sigma_px);
  REQUIRE(back.segmentation.seeds.h_px == c.segmentation.seeds.h_px);
  REQUIRE(back.input.filename_pattern == c.input.filename_pattern);
  REQUIRE(back.segmentation.threshold.manual == c.segmentation.threshold.manual);
}

TEST_CASE("unknown keys are errors with a suggestion and the line", "[unit]") {
  require_config_error("schema_version: 1\nsegmentation:\n  fill_holes: true\n  smoth:\n    sigma_px: 2\n",
                       {"run.yaml:4", "segmentation.smoth", "unknown key", "did you mean 'smooth'?"});
  require_config_error("schema_version: 1\n\nsigma_px: 2\n",
                       {"run.yaml:3", "did you mean 'segmentation.smooth.sigma_px'?"});
  require_config_error("schema_version: 1\noutput:\n  zzzzzz: 1\n",
                       {"run.yaml:3", "output.zzzzzz", "objects_csv, label_images"});
}

TEST_CASE("wrong types are errors, never silently defaulted", "[unit]") {
  const std::string head = "schema_version: 1\nsegmentation:\n";
  require_config_error(head + "  smooth: {sigma_px: abc}\n", {"run.yaml:3", "segmentation.smooth.sigma_px", "got abc"});
  require_config_error(head + "  smooth: {sigma_px: \"2\"}\n", {"sigma_px", "quoted"});
  require_config_error(head + "  fill_holes: 3\n", {"run.yaml:3", "segmentation.fill_holes", "true or false"});
  require_config_error(head + "  size: {min_area_px: 2.5}\n", {"segmentation.size.min_area_px", "whole number"});
  require_config_error(head + "  smooth: [1, 2]\n", {"segmentation.smooth", "a list"});
  require_config_error(head + "  smooth: {sigma_px: }\n", {"segmentation.smooth.sigma_px", "got nothing"});
  require_config_error("schema_version: 1\ncompute: {threads: .inf}\n", {"compute.threads"});
}

TEST_CASE("out-of-range values name the range and the default", "[unit]") {
  const std::string head = "schema_version: 1\n";
  require_config_error(head + "segmentation:\n  smooth:\n    sigma_px: 25\n",
                       {"run.yaml:4", "segmentation.smooth.sigma_px", "must be in [0, 20]", "got 25", "default 0.5"});
  require_config_error(head + "segmentation: {threshold: {correction: 0}}\n", {"must be in (0, 10]", "got 0"});
  require_config_error(head + "segmentation: {background: {radius_px: 501}}\n", {"radius_px", "[0, 500]"});
  require_config_error(head + "segmentation: {size: {min_area_px: -1}}\n", {"min_area_px", "got -1"});
  require_config_error(head + "channels: {dead: 10}\n", {"channels.dead", "[1, 9]"});
  require_config_error(head + "compute: {threads: -2}\n", {"compute.threads", "got -2"});
  require_config_error(head + "segmentation: {threshold: {method: manual, manual: 70000}}\n", {"manual", "65535"});
}

TEST_CASE("bad enum values list the accepted spellings", "[unit]") {
  require_config_error("schema_version: 1\nsegmentation:\n  threshold:\n    method: otsu2\n",
                       {"run.yaml:4", "segmentation.threshold.method", "'otsu2'", "otsu, li, triangle, manual"});
  require_config_error("schema_version: 1\ncompute: {backend: gpu}\n", {"auto, cpu, cuda"});
  require_config_error("schema_version: 1\nsegmentation: {connectivity: 6}\n", {"4, 8"});
  require_config_error("schema_version: 1\nassay: elisa\n", {"fluorescence, chromium"});
}

TEST_CASE("schema_version is required and must be 1", "[unit]") {
  require_config_error("assay: fluorescence\n", {"schema_version", "missing"});
  require_config_error("", {"schema_version", "missing"});
  require_config_error("schema_version: 2\n", {"run.yaml:1", "unsupported", "got 2", "newer lysisq"});
  require_config_error("schema_version: one\n", {"schema_version", "whole number"});
  REQUIRE_NOTHROW(config::parse_config("schema_version: 1\n", "run.yaml"));
}

TEST_CASE("cross-field rules", "[unit]") {
  const std::string head = "schema_version: 1\n";
  require_config_error(head + "segmentation:\n  threshold:\n    method: manual\n", {"run.yaml:4", "manual", "required"});
  require_config_error(head + "segmentation:\n  threshold:\n    manual: 300\n", {"run.yaml:4", "only allowed"});
  REQUIRE(config::parse_config(head + "segmentation: {threshold: {method: manual, manual: 300}}\n", "x")
              .segmentation.threshold.manual == 300);
  require_config_error(head + "segmentation:\n  size:\n    min_area_px: 50\n    max_area_px: 50\n",
                       {"run.yaml:5", "max_area_px", "greater than"});
  require_config_error(head + "channels:\n  nuclear: 2\n", {"run.yaml:3", "channels.target", "same channel"});
  require_config_error(head + "segmentation: {background: {radius_px: 0}}\n", {"radius_px", "tophat"});
  REQUIRE_NOTHROW(config::parse_config(head + "segmentation: {background: {method: none, radius_px: 0}}\n", "x"));
  require_config_error(head + "classification: {dead_mode: fixed}\n", {"classification.dead_threshold", "fixed"});
}

TEST_CASE("YAML syntax errors and duplicate keys carry the line", "[unit]") {
  require_config_error("schema_version: 1\nsegmentation:\n  smooth: {sigma_px: [\n", {"run.yaml:", "YAML syntax error"});
  require_config_error("schema_version: 1\noutput:\n  objects_csv: true\n  objects_csv: false\n",
                       {"run.yaml:4", "duplicate key", "run.yaml:3"});
  require_config_error("schema_version: 1\ninput: {filename_pattern: '(a)(b'}\n", {"input.filename_pattern", "regular"});
  require_config_error("schema_version: 1\ninput: {filename_pattern: '(a)(b)'}\n", {"capture groups"});
}

TEST_CASE("validate() checks configs built in code", "[unit]") {
  REQUIRE_NOTHROW(config::validate(AssayConfig{}));
  AssayConfig c;
  c.segmentation.smooth.sigma_px = -1;
  REQUIRE_THROWS_WITH(config::validate(c), Contains("segmentation.smooth.sigma_px") && Contains("got -1.0"));
  c = AssayConfig{};
  c.segmentation.smooth.sigma_px = std::nan("");
  REQUIRE_THROWS_AS(config::validate(c), ConfigError);
  c = AssayConfig{};
  c.segmentation.threshold.method = ThresholdMethod::kManual;
  REQUIRE_THROWS_WITH(config::validate(c), Contains("segmentation.threshold.manual"));
}

TEST_CASE("a missing config file is a ConfigError naming it", "[unit]") {
  REQUIRE_THROWS_WITH(config::load_config("/nonexistent/run.yaml"), Contains("/nonexistent/run.yaml"));
}

TEST_CASE("edit_distance agrees with a naive recursive oracle", "[unit]") {
  REQUIRE(config::edit_distance("kitten", "sitting") == 3);
  REQUIRE(config::edit_distance("", "abc") == 3);
  const auto seed = GENERATE(take(5, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  auto word = [&] {
    std::string s(rng() % 7, 'a');
    for (char& ch : s) ch = static_cast<char>('a' + rng() % 3);
    return s;
  };
  std::function<int(const std::string&, const std::string&)> gold = [&](const std::string& a, const std::string& b) {
    if (a.empty()) return static_cast<int>(b.size());
    if (b.empty()) return static_cast<int>(a.size());
    const std::string ra = a.substr(1), rb = b.substr(1);
    return std::min({gold(ra, b) + 1, gold(a, rb) + 1, gold(ra, rb) + (a[0] == b[0] ? 0 : 1)});
  };
  for (int i = 0; i < 20; ++i) {
    const std::string a = word(), b = word();
    CAPTURE(a, b);
    REQUIRE(config::edit_distance(a, b) == gold(a, b));
  }
}
