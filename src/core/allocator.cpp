// SPDX-License-Identifier: MIT
#include "lysisq/allocator.hpp"

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lysisq {

void reuse_large_allocations() {
#if defined(__GLIBC__)
  constexpr int kOneGiB = 1 << 30;
  mallopt(M_MMAP_THRESHOLD, kOneGiB);  // image buffers come from the heap...
  mallopt(M_TRIM_THRESHOLD, kOneGiB);  // ...and stay there when freed
#endif
}

}  // namespace lysisq
