// SPDX-License-Identifier: MIT
// reuse_large_allocations: an image-sized buffer freed and allocated again comes back from the
// heap without page faults (without the tuning, glibc unmaps it and every 4 KiB page faults again).
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "lysisq/allocator.hpp"

namespace {

long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_minflt;
}

/// Allocates `bytes`, writes every page, frees; returns the minor page faults this took.
long faults_of_touching(std::size_t bytes) {
  const long before = minor_faults();
  auto* p = static_cast<volatile unsigned char*>(std::malloc(bytes));
  REQUIRE(p != nullptr);
  for (std::size_t i = 0; i < bytes; i += 4096) p[i] = 1;  // volatile: every page is written
  const long after = minor_faults();
  std::free(const_cast<unsigned char*>(p));
  return after - before;
}

}  // namespace

TEST_CASE("reuse_large_allocations keeps freed image buffers in the heap", "[unit]") {
#if defined(__GLIBC__)
  lysisq::reuse_large_allocations();
  constexpr std::size_t kBuffer = std::size_t(64) << 20;  // a 4096x4096 label image
  faults_of_touching(kBuffer);                            // first use: the heap grows
  const long again = faults_of_touching(kBuffer);
  CAPTURE(again);
  REQUIRE(again < long(kBuffer / 4096 / 10));  // a fresh mapping would fault ~16,384 pages
#else
  SUCCEED("not glibc: reuse_large_allocations is a no-op");
#endif
}
