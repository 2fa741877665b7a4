// SPDX-License-Identifier: MIT
// `lysisq config check [FILE] [--set ...]` and `lysisq config default`.
#include <cstdio>
#include <memory>

#include "cli/cli_common.hpp"
#include "lysisq/config_io.hpp"

namespace lysisq::cli {

namespace {

struct CheckArgs {
  std::string file;
  std::vector<std::string> sets;
};

int check(const CheckArgs& a) {
  const AssayConfig cfg = config::load_config(a.file, a.sets);
  std::fputs(config::to_yaml(cfg).c_str(), stdout);
  return 0;
}

}  // namespace

std::vector<Command> add_config_commands(CLI::App& root) {
  CLI::App* config = root.add_subcommand("config", "Check a config file or print the defaults");
  config->require_subcommand(1);
  decorate(*config);

  auto args = std::make_shared<CheckArgs>();
  CLI::App* chk = config->add_subcommand(
      "check", "Load, apply --set and validate; print the resolved YAML (exit 0) or the error (exit 2)");
  chk->add_option("FILE", args->file, "Config YAML (default: built-in defaults only)");
  chk->add_option("--set", args->sets, "Override a key, e.g. --set compute.threads=4 (repeatable)")
      ->type_name("KEY=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  decorate(*chk);

  CLI::App* def = config->add_subcommand("default", "Print the default config as YAML (every key)");
  decorate(*def);
  return {{chk, [args] { return check(*args); }},
          {def, [] {
             std::fputs(config::to_yaml(AssayConfig{}).c_str(), stdout);
             return 0;
           }}};
}

}  // namespace lysisq::cli
