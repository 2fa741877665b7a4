// SPDX-License-Identifier: MIT
// `lysisq synth --out DIR [--kind fluorescence|chromium]`: a synthetic fluorescence plate (or a
// time-lapse of one, --time-points), or a 51Cr release plate (counter export + phosphor scan),
// with known truth (ASSAY.md §6).
#include <cstdio>
#include <memory>

#include "cli/cli_common.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/synth.hpp"

namespace lysisq::cli {

namespace {

struct SynthArgs {
  std::string out_dir;
  std::string kind = "fluorescence";
  synth::SynthParams params;
  synth::ChromiumSynthParams chromium;
  std::string size;
  std::vector<std::string> faults;  ///< --fault names, validated against the kind
  // Options of one kind only; a value given for the other kind is a usage error, not ignored.
  CLI::Option* fields_opt = nullptr;
  CLI::Option* size_opt = nullptr;
  CLI::Option* plate_opt = nullptr;
  CLI::Option* pitch_opt = nullptr;
  CLI::Option* drop_opt = nullptr;
  CLI::Option* time_points_opt = nullptr;
  CLI::Option* interval_opt = nullptr;
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

/// --fault names as faults; an unknown name is a usage error listing the catalogue.
std::vector<synth::Fault> parse_faults(const std::vector<std::string>& names) {
  std::vector<synth::Fault> out;
  for (const auto& n : names) {
    const auto f = synth::parse_fault(n);
    if (!f) {
      std::string known;
      for (const auto& info : synth::fault_catalogue()) known += (known.empty() ? "" : ", ") + std::string(info.name);
      throw ConfigError("--fault: unknown fault '" + n + "'; known: " + known);
    }
    out.push_back(*f);
  }
  return out;
}

void print_faults(const std::vector<synth::FaultTruth>& faults) {
  for (const auto& f : faults) {
    const char* check = "";
    for (const auto& info : synth::fault_catalogue())
      if (info.fault == f.fault) check = info.check;
    const std::string where = f.well.str() + (f.field > 0 ? " s" + std::to_string(f.field) : std::string());
    std::printf("fault %s (QC check %s): %s: %s\n", synth::fault_name(f.fault), check, where.c_str(),
                f.description.c_str());
  }
}

int run_chromium(SynthArgs& a) {
  if (a.fields_opt->count() > 0 || a.size_opt->count() > 0)
    throw ConfigError("--fields and --size describe fluorescence fields; a chromium plate takes --pitch");
  if (a.time_points_opt->count() > 0 || a.interval_opt->count() > 0)
    throw ConfigError("--time-points and --interval-h describe a fluorescence time-lapse, not a chromium plate");
  a.chromium.seed = a.params.seed;
  a.chromium.wells = a.params.wells;
  if (a.plate_opt->count() > 0) a.chromium.plate_name = a.params.plate_name;
  a.chromium.faults = parse_faults(a.faults);
  const synth::ChromiumPlateTruth truth = synth::generate_chromium_plate(a.chromium, a.out_dir);
  std::printf("wrote %s: 51Cr plate, %zu wells used, scan %dx%d px (pitch %g px, turned %.2f deg), in %s "
              "(counts.csv, plate.tif, layout.yaml, truth.csv, truth_conditions.csv, truth_scan.txt)\n",
              a.chromium.plate_name.c_str(), truth.layout.wells.size(), truth.scan.width, truth.scan.height,
              truth.scan.pitch_px, truth.scan.angle_deg, a.out_dir.c_str());
  print_faults(truth.faults);
  return 0;
}

/// What a time-lapse wrote, and the command that analyses it with the same time axis.
void print_time_lapse(const SynthArgs& a, const synth::PlateTruth& truth) {
  const synth::SynthParams& p = a.params;
  const std::string dir = a.out_dir;
  std::printf("wrote %s: time-lapse of %d scans %g h apart, %zu wells, %d field(s) of %dx%d px each, in "
              "%s/TimePoint_1..%d (truth.csv, truth/ each) and %s/layout.yaml\n",
              p.plate_name.c_str(), p.time_points, p.interval_h, truth.wells.size(), p.fields, p.width, p.height,
              dir.c_str(), p.time_points, dir.c_str());
  std::printf("kinetic truth (expected time-normalised %%killing per condition and time point): %s/kinetic_truth.csv\n",
              dir.c_str());
  std::printf("analyse with: lysisq run %s --layout %s/layout.yaml --kinetics --set kinetics.interval_h=%g\n",
              dir.c_str(), dir.c_str(), p.interval_h);
}

int run(SynthArgs& a) {
  if (a.kind == "chromium") return run_chromium(a);
  if (a.pitch_opt->count() > 0 || a.drop_opt->count() > 0)
    throw ConfigError("--pitch and --drop-spot describe a chromium plate scan; add --kind chromium");
  if (!a.size.empty()) parse_size(a.size, a.params.width, a.params.height);
  a.params.faults = parse_faults(a.faults);
  if (a.interval_opt->count() > 0 && a.time_points_opt->count() == 0)
    throw ConfigError("--interval-h is the time between the scans of a time-lapse; add --time-points N (N >= 2)");
  const synth::PlateTruth truth = synth::generate_fluorescence_plate(a.params, a.out_dir);
  if (a.params.time_points != 0) {
    print_time_lapse(a, truth);
    return 0;
  }
  std::printf("wrote %s: %zu wells, %d field(s) of %dx%d px each, in %s (layout.yaml, truth.csv, truth/)\n",
              a.params.plate_name.c_str(), truth.wells.size(), a.params.fields, a.params.width, a.params.height,
              a.out_dir.c_str());
  print_faults(truth.faults);
  return 0;
}

}  // namespace

Command add_synth_command(CLI::App& root) {
  auto args = std::make_shared<SynthArgs>();
  CLI::App* cmd = root.add_subcommand("synth", "Write a synthetic plate (fluorescence or 51Cr) with known truth");
  cmd->add_option("--out,-o", args->out_dir, "Output folder (created)")->required();
  cmd->add_option("--kind", args->kind, "fluorescence: image set per field; chromium: counts.csv + plate.tif")
      ->check(CLI::IsMember({"fluorescence", "chromium"}))
      ->capture_default_str();
  cmd->add_option("--seed", args->params.seed, "Random seed (same seed, same bytes)")->capture_default_str();
  cmd->add_option("--wells", args->params.wells, "Plate format")
      ->check(CLI::IsMember({96, 384}))
      ->capture_default_str();
  args->fields_opt =
      cmd->add_option("--fields", args->params.fields, "Fields per well (1-16; fluorescence)")->capture_default_str();
  args->size_opt =
      cmd->add_option("--size", args->size, "Field size in pixels (default 512x512; fluorescence)")->type_name("WxH");
  args->plate_opt = cmd->add_option("--plate", args->params.plate_name,
                                    "Plate name (file-name prefix; default SYNTH01, chromium CR01)");
  args->pitch_opt = cmd->add_option("--pitch", args->chromium.pitch_px, "Well pitch of the scan in px (12-64; chromium)")
                        ->capture_default_str();
  args->drop_opt = cmd->add_flag("--drop-spot", args->chromium.drop_spot,
                                 "Leave one experimental well's spot out of the scan (a lost disc; chromium)");
  args->time_points_opt =
      cmd->add_option("--time-points", args->params.time_points,
                      "Time-lapse of N >= 2 scans (fluorescence): OUT/TimePoint_1..N/, each a full image set with its "
                      "truth.csv, the experimental wells' killing growing linearly from none (scan 1) to the design "
                      "(scan N), cells moving between scans; OUT/layout.yaml once and OUT/kinetic_truth.csv (expected "
                      "%killing per condition and time point). 0: one flat plate")
          ->type_name("N")
          ->capture_default_str();
  args->interval_opt = cmd->add_option("--interval-h", args->params.interval_h,
                                       "Hours between scans of a time-lapse (analyse with --set kinetics.interval_h=H)")
                           ->type_name("H")
                           ->capture_default_str();
  cmd->add_option("--fault", args->faults,
                  "Build in a fault that QC must catch (repeatable): fluorescence saturated-field, blurred-field, "
                  "empty-field, replicate-outlier; chromium high-spont, low-max, replicate-outlier. Where each "
                  "went: truth_faults.csv")
      ->type_name("NAME")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  decorate(*cmd);
  return {cmd, [args] { return run(*args); }};
}

}  // namespace lysisq::cli
