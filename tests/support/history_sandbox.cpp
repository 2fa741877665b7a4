// SPDX-License-Identifier: MIT
// Every `lysisq run` records into a run history (history.enabled defaults to true), and the
// default database lives in the user's home. A Catch2 listener points LYSISQ_HISTORY_DB at a
// fresh temporary folder before the first test, so neither in-process runs nor the `lysisq`
// children the CLI and e2e tests start (they inherit the environment) ever touch the home folder.
// Tests that need their own history set LYSISQ_HISTORY_DB or history.db_path themselves.
#include <stdlib.h>

#define CATCH_CONFIG_EXTERNAL_INTERFACES  // Catch2 v2: TestEventListenerBase, CATCH_REGISTER_LISTENER
#include <catch2/catch.hpp>
#include <memory>

#include "support/temp_dir.hpp"

namespace {

class HistorySandbox : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;

  void testRunStarting(const Catch::TestRunInfo& info) override {
    TestEventListenerBase::testRunStarting(info);
    dir_ = std::make_unique<lysisq::test::TempDir>();
    ::setenv("LYSISQ_HISTORY_DB", (dir_->path() / "history.sqlite").c_str(), 1);
  }
  void testRunEnded(const Catch::TestRunStats& stats) override {
    TestEventListenerBase::testRunEnded(stats);
    dir_.reset();  // removes the folder and the database in it
  }

 private:
  std::unique_ptr<lysisq::test::TempDir> dir_;
};

}  // namespace

CATCH_REGISTER_LISTENER(HistorySandbox)
