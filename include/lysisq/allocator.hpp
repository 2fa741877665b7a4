// SPDX-License-Identifier: MIT
// Process-wide allocator tuning for image-sized buffers (src/core/allocator.cpp).
#pragma once

namespace lysisq {

/// Keeps freed image-sized buffers in the heap for the next field instead of returning them to
/// the kernel. glibc serves blocks above its mmap threshold (at most 32 MiB by default: one
/// 4096x2048 label image) with fresh mmaps, so every stage of every large field paid a page
/// fault and a page clear per 4 KiB: 35-40 % of the time of a 4096x4096 field. Peak memory is
/// unchanged (the same buffers are live at once); the process simply keeps its high-water heap.
/// Call once, first thing in main(); a no-op where the C library is not glibc.
void reuse_large_allocations();

}  // namespace lysisq
