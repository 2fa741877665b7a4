// SPDX-License-Identifier: MIT
// Catch2 entry point for tests_cpu.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
