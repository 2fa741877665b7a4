// SPDX-License-Identifier: MIT
#include "support/config_errors.hpp"

#include <catch2/catch.hpp>

#include "lysisq/config_io.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::test {

void require_config_error(const std::string& yaml, std::initializer_list<std::string> parts) {
  CAPTURE(yaml);
  try {
    config::parse_config(yaml, "run.yaml");
    FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    REQUIRE(msg.find('\n') == std::string::npos);  // one line
    for (const auto& p : parts) REQUIRE(msg.find(p) != std::string::npos);
  }
}

}  // namespace lysisq::test
