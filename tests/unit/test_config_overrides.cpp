// SPDX-License-Identifier: MIT
// `--set key=value` overrides: applied over the file, checked exactly like file values.
#include <catch2/catch.hpp>

#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

const std::string kDefault = std::string(LYSISQ_SOURCE_DIR) + "/configs/default.yaml";

void require_set_error(const std::vector<std::string>& sets, std::initializer_list<std::string> parts) {
  CAPTURE(sets);
  try {
    config::load_config(kDefault, sets);
    FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    REQUIRE_THAT(msg, Contains("--set"));
    for (const auto& p : parts) REQUIRE_THAT(msg, Contains(p));
  }
}

}  // namespace

TEST_CASE("config override (--set) overrides change exactly the named key", "[unit]") {
  const AssayConfig c = config::load_config(kDefault, {"segmentation.smooth.sigma_px=2"});
  REQUIRE(c.segmentation.smooth.sigma_px == 2.0);
  AssayConfig gold;
  gold.segmentation.smooth.sigma_px = 2.0;
  REQUIRE(config::to_yaml(c) == config::to_yaml(gold));
}

TEST_CASE("config override (--set) works on defaults alone and takes every value type", "[unit]") {
  const AssayConfig c = config::load_config("", {"segmentation.threshold.method=manual", "segmentation.threshold.manual=450",
                                                 "compute.backend=cpu", "output.objects_csv=true",
                                                 "segmentation.connectivity=4", " compute.threads = 3",
                                                 "assay=chromium"});
  REQUIRE(c.segmentation.threshold.method == ThresholdMethod::kManual);
  REQUIRE(c.segmentation.threshold.manual == 450);
  REQUIRE(c.compute.backend == BackendChoice::kCpu);
  REQUIRE(c.output.objects_csv);
  REQUIRE(c.segmentation.connectivity == Connectivity::k4);
  REQUIRE(c.compute.threads == 3);
  REQUIRE(c.assay == "chromium");
}

TEST_CASE("config override (--set) wins over the file, and the last --set of a key wins", "[unit]") {
  test::TempDir dir;
  const auto file = dir.write("run.yaml", "schema_version: 1\nsegmentation:\n  smooth: {sigma_px: 3}\n");
  REQUIRE(config::load_config(file).segmentation.smooth.sigma_px == 3.0);
  REQUIRE(config::load_config(file, {"segmentation.smooth.sigma_px=0.5"}).segmentation.smooth.sigma_px == 0.5);
  REQUIRE(config::load_config(file, {"segmentation.smooth.sigma_px=4", "segmentation.smooth.sigma_px=5"})
              .segmentation.smooth.sigma_px == 5.0);
}

TEST_CASE("config override (--set) can clear an optional value with ~", "[unit]") {
  test::TempDir dir;
  const auto file = dir.write("run.yaml", "schema_version: 1\nsegmentation:\n  threshold: {method: manual, manual: 90}\n");
  const AssayConfig c = config::load_config(file, {"segmentation.threshold.method=li", "segmentation.threshold.manual=~"});
  REQUIRE_FALSE(c.segmentation.threshold.manual.has_value());
}

TEST_CASE("config override (--set) values are validated like file values", "[unit]") {
  require_set_error({"segmentation.smooth.sigma_px=30"}, {"segmentation.smooth.sigma_px", "must be in [0, 20]", "got 30"});
  require_set_error({"segmentation.smooth.sigma_px=abc"}, {"segmentation.smooth.sigma_px", "got abc"});
  require_set_error({"segmentation.smooth.sigma_px="}, {"got nothing"});
  require_set_error({"segmentation.threshold.method=otsu2"}, {"otsu, li, triangle, manual"});
  require_set_error({"compute.threads=1.5"}, {"compute.threads", "whole number"});
  require_set_error({"segmentation.threshold.method=manual"}, {"segmentation.threshold.manual", "required"});
  require_set_error({"channels.target=1"}, {"channels.target", "same channel"});
}

TEST_CASE("config override (--set) with an unknown key gives a suggestion", "[unit]") {
  require_set_error({"segmentation.smoth.sigma_px=2"}, {"unknown key", "did you mean 'segmentation.smooth.sigma_px'?"});
  require_set_error({"sigma_px=2"}, {"did you mean 'segmentation.smooth.sigma_px'?"});
  require_set_error({"segmentation=2"}, {"is a section", "smooth"});
  require_set_error({"sigma"}, {"key=value"});
}
