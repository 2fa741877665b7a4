// SPDX-License-Identifier: MIT
// The default location of the run history (XDG base-directory convention).
#include <cstdlib>

#include "lysisq/errors.hpp"
#include "lysisq/history.hpp"

namespace lysisq::history {

namespace {

/// The variable's value, or nullptr when unset or empty (XDG: an empty value counts as unset).
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

std::filesystem::path default_db_path() {
  if (const char* p = env("LYSISQ_HISTORY_DB")) return p;
  if (const char* data = env("XDG_DATA_HOME")) return std::filesystem::path(data) / "lysisq" / "history.sqlite";
  if (const char* home = env("HOME"))
    return std::filesystem::path(home) / ".local" / "share" / "lysisq" / "history.sqlite";
  throw InputError("run history: no database path: set LYSISQ_HISTORY_DB (or HOME), or pass --db PATH");
}

}  // namespace lysisq::history
