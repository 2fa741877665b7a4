// SPDX-License-Identifier: MIT
// Error hierarchy and exit statuses. Foreign error codes (OpenCV, yaml-cpp, CUDA, libtiff) are
// converted into these where they are called.
#pragma once
#include <stdexcept>
#include <string>

namespace lysisq {

/// Exit statuses of the `lysisq` binary (listed in --help and README).
enum class ExitStatus : int {
  kOk = 0,            ///< everything processed
  kSomeFailed = 1,    ///< a batch ran but some plates/images failed
  kUsage = 2,         ///< usage, config or input error: nothing (or that plate) was processed
  kQcFailed = 3,      ///< QC failures present (results complete; qc.csv says which)
  kNoDevice = 4,      ///< --backend cuda requested but no usable CUDA device
  kInternal = 70,     ///< a bug (violated invariant); please report
  kInterrupted = 130  ///< SIGINT/SIGTERM
};

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// A bad config key or value; message carries the key path and the YAML line.
struct ConfigError : Error {
  using Error::Error;
};
/// A bad input file; message names the file and what is wrong.
struct InputError : Error {
  using Error::Error;
};
/// CUDA runtime failure, or CUDA requested where none is usable.
struct CudaError : Error {
  using Error::Error;
};
/// A violated invariant: a bug in lysisq.
struct InternalError : Error {
  using Error::Error;
};

}  // namespace lysisq

/// Precondition check, active in Release; for stage entry points, never hot loops.
#define LYSISQ_EXPECTS(cond, msg)                                             \
  do {                                                                        \
    if (!(cond)) throw ::lysisq::InternalError(std::string("precondition failed: ") + (msg)); \
  } while (0)
