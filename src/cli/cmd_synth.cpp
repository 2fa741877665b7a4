// SPDX-License-Identifier: MIT
// `lysisq synth --out DIR`: a synthetic fluorescence plate with known truth (ASSAY.md §6).
#include <cstdio>
#include <memory>

#include "cli/cli_common.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/synth.hpp"

namespace lysisq::cli {

namespace {

struct SynthArgs {
  std::string out_dir;
  synth::SynthParams params;
  std::string size;
};

/// "512x512" -> (512, 512).
void parse_size(const std::string& text, int& width, int& height) {
  const auto x = text.find_first_of("xX");
  try {
    std::size_t n1 = 0, n2 = 0;
    if (x == std::string::npos) throw std::invalid_argument("no x");
    const std::string w = text.substr(0, x), h = text.substr(x + 1);
    width = std::stoi(w, &n1);
    height = std::stoi(h, &n2);
    if (n1 != w.size() || n2 != h.size()) throw std::invalid_argument("trailing characters");
  } catch (const std::exception&) {
    throw ConfigError("--size: expected WIDTHxHEIGHT in pixels such as 512x512, got '" + text + "'");
  }
}

int run(SynthArgs& a) {
  if (!a.size.empty()) parse_size(a.size, a.params.width, a.params.height);
  const synth::PlateTruth truth = synth::generate_fluorescence_plate(a.params, a.out_dir);
  std::printf("wrote %s: %zu wells, %d field(s) of %dx%d px each, in %s (layout.yaml, truth.csv, truth/)\n",
              a.params.plate_name.c_str(), truth.wells.size(), a.params.fields, a.params.width, a.params.height,
              a.out_dir.c_str());
  return 0;
}

}  // namespace

Command add_synth_command(CLI::App& root) {
  auto args = std::make_shared<SynthArgs>();
  CLI::App* cmd = root.add_subcommand("synth", "Write a synthetic fluorescence plate with known truth");
  cmd->add_option("--out,-o", args->out_dir, "Output folder (created)")->required();
  cmd->add_option("--seed", args->params.seed, "Random seed (same seed, same bytes)")->capture_default_str();
  cmd->add_option("--wells", args->params.wells, "Plate format")
      ->check(CLI::IsMember({96, 384}))
      ->capture_default_str();
  cmd->add_option("--fields", args->params.fields, "Fields per well (1-16)")->capture_default_str();
  cmd->add_option("--size", args->size, "Field size in pixels (default 512x512)")->type_name("WxH");
  cmd->add_option("--plate", args->params.plate_name, "Plate name (file-name prefix)")->capture_default_str();
  decorate(*cmd);
  return {cmd, [args] { return run(*args); }};
}

}  // namespace lysisq::cli
