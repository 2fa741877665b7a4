// SPDX-License-Identifier: MIT
// LYSISQ_HD marks functions compiled for both host and device; empty for a plain C++ compiler.
#pragma once
#if defined(__CUDACC__)
#define LYSISQ_HD __host__ __device__
#else
#define LYSISQ_HD
#endif
#define LYSISQ_HD_INLINE LYSISQ_HD inline
