// SPDX-License-Identifier: MIT
// The stage table and the CPU-fallback rule shared by all dispatchers.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "lysisq/errors.hpp"
#include "lysisq/stages.hpp"
#include "stages/dispatch.hpp"

using namespace lysisq;

TEST_CASE("stage_registry lists every stage once, in pipeline order", "[unit]") {
  const std::vector<std::string> order = {"background", "smooth",    "threshold", "fill_holes", "size_filter",
                                          "distance_transform", "seeds", "watershed", "label", "measure"};
  const auto stages = stage_registry();
  REQUIRE(stages.size() == order.size());
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    CAPTURE(i);
    REQUIRE(stages[i].name == order[i]);
    REQUIRE(!stages[i].description.empty());
    REQUIRE(!stages[i].config_key.empty());
    names.insert(stages[i].name);
  }
  REQUIRE(names.size() == stages.size());
}

TEST_CASE("stage_backend: CPU stays CPU, CUDA falls back where a stage has no kernel", "[unit]") {
  for (const StageInfo& s : stage_registry()) {
    CAPTURE(s.name);
    REQUIRE(detail::stage_backend(s.name, Backend::kCpu) == Backend::kCpu);
    REQUIRE(detail::stage_backend(s.name, Backend::kCuda) == (s.has_cuda ? Backend::kCuda : Backend::kCpu));
  }
  REQUIRE_THROWS_AS(detail::stage_backend("no_such_stage", Backend::kCpu), InternalError);
}
