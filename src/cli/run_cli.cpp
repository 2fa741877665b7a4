// SPDX-License-Identifier: MIT
// The command-line front end: builds the sub-commands, parses, runs one, maps errors to exit
// statuses (cli_common.cpp report_current_exception()).
#include "cli/run_cli.hpp"

#include <cstdio>
#include <iostream>

#include "cli/cli_common.hpp"
#include "cli/cmd_batch.hpp"
#include "cli/cmd_report.hpp"
#include "cli/cmd_scan.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::cli {

namespace {

std::string join_args(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    const std::string a = argv[i];
    // Quote arguments a shell would split, so the line can be pasted back.
    s += a.find_first_of(" \t'\"$") == std::string::npos && !a.empty() ? a : "'" + a + "'";
  }
  return s;
}

/// Help and version go to stdout with status 0; a parse error is one line, status 2.
int handle_parse_error(const CLI::App& app, const CLI::ParseError& e) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e, std::cout, std::cerr);
  std::fprintf(stderr, "lysisq: error: %s (see --help)\n", one_line(e.what()).c_str());
  return static_cast<int>(ExitStatus::kUsage);
}

}  // namespace

int run_cli(int argc, char** argv) {
  try {
    const Invocation inv{join_args(argc, argv)};
    CLI::App app{"lysisq: cell-lysis (cytotoxicity) assay analyser", "lysisq"};
    app.require_subcommand(1);
    decorate(app);
    std::vector<Command> commands = {add_run_command(app, inv), add_segment_command(app), add_synth_command(app),
                                     add_info_command(app)};
    for (auto& c : add_config_commands(app)) commands.push_back(std::move(c));
    for (auto& c : add_history_commands(app)) commands.push_back(std::move(c));
    commands.push_back(add_report_command(app));
    commands.push_back(add_scan_command(app));
    commands.push_back(add_batch_command(app));
    commands.push_back(add_merge_command(app));
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      return handle_parse_error(app, e);
    }
    install_interrupt_handlers();
    for (const auto& c : commands)
      if (c.app->parsed()) return c.run();
    throw InternalError("no sub-command ran");
  } catch (...) {
    return report_current_exception();
  }
}

}  // namespace lysisq::cli
