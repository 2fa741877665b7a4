// SPDX-License-Identifier: MIT
// Shared options, help decoration, and the single mapping from exceptions to exit statuses.
#include "cli/cli_common.hpp"

#include <cstdio>
#include <new>

#include "lysisq/errors.hpp"
#include "lysisq/plate_run.hpp"
#include "lysisq/version.hpp"

namespace lysisq::cli {

void add_config_options(CLI::App& cmd, ConfigOptions& o, bool compute_flags) {
  cmd.add_option("--config,-c", o.config_file, "Config YAML (default: built-in defaults; see `lysisq config default`)");
  cmd.add_option("--set", o.sets, "Override a config key, e.g. --set segmentation.smooth.sigma_px=1.5 (repeatable)")
      ->type_name("KEY=VALUE")
      ->expected(1)  // one KEY=VALUE per --set, so a following positional is not swallowed
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  if (!compute_flags) return;
  cmd.add_option("--backend", o.backend, "Compute backend, same as --set compute.backend=...")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd.add_option("--threads", o.threads, "CPU worker threads, 0 = all cores (compute.threads)")->type_name("N");
}

std::vector<std::string> overrides_of(const ConfigOptions& o) {
  std::vector<std::string> out = o.sets;
  if (!o.backend.empty()) out.push_back("compute.backend=" + o.backend);
  if (o.threads >= 0) out.push_back("compute.threads=" + std::to_string(o.threads));
  return out;
}

void add_image_selection_options(CLI::App& cmd, ImageSelection& s) {
  cmd.add_option("--time-point", s.time_point,
                 "Time point to analyse when an image folder holds several (TimePoint_<n>, Incucyte scans, Operetta "
                 "sk<n>); default the last one, the endpoint (= --set input.time_point=N). run.json records it")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  cmd.add_option("--z-step", s.z_step,
                 "Z-step (plane) to analyse when an image folder holds several (ZStep_<n>, Operetta p<n>); default "
                 "the projection ZStep_0 where there is one (= --set input.z_step=N). Planes are never pooled. "
                 "run.json records it")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N");
  cmd.add_flag("--kinetics", s.kinetics,
               "Analyse every time point of a time-lapse folder and write kinetics.csv and kinetic_summary.csv "
               "(time-normalised killing, AUC, KT50); wells.csv and the rest stay the endpoint's (= --set "
               "kinetics.enabled=true; times from the file names or kinetics.interval_h)");
}

void append_overrides(const ImageSelection& s, std::vector<std::string>& overrides) {
  if (s.time_point > 0) overrides.push_back("input.time_point=" + std::to_string(s.time_point));
  if (s.z_step >= 0) overrides.push_back("input.z_step=" + std::to_string(s.z_step));
  if (s.kinetics) overrides.push_back("kinetics.enabled=true");
}

const std::string& exit_status_text() {
  static const std::string text =
      "Exit statuses:\n"
      "  0    done\n"
      "  1    some plates or images failed (the others were processed)\n"
      "  2    usage, config or input error (bad flag, config typo, corrupt image, unknown well)\n"
      "  3    QC failures present: the analysis completed and wrote every file; see qc.csv\n"
      "  4    CUDA requested (--backend cuda) but no usable CUDA device, or a CUDA failure\n"
      "  70   internal error (a bug: please report it)\n"
      "  130  interrupted\n";
  return text;
}

void decorate(CLI::App& app) {
  app.set_version_flag("--version", std::string("lysisq ") + kVersion + " (" + kGitDescribe + ")");
  app.footer(exit_status_text());
}

std::string one_line(std::string msg) {
  std::string out;
  for (std::size_t i = 0; i < msg.size(); ++i) {
    if (msg[i] == '\r') continue;
    if (msg[i] != '\n') {
      out += msg[i];
    } else if (i + 1 < msg.size()) {
      out += "; ";
    }
  }
  return out;
}

void print_warning(const std::string& msg) {
  std::fprintf(stderr, "lysisq: warning: %s\n", one_line(msg).c_str());
}

namespace {

int fail(ExitStatus status, const std::string& msg) {
  std::fflush(stdout);
  std::fprintf(stderr, "lysisq: error: %s\n", one_line(msg).c_str());
  return static_cast<int>(status);
}

}  // namespace

int report_current_exception() {
  try {
    throw;
  } catch (const Cancelled&) {
    return fail(ExitStatus::kInterrupted, "interrupted; no results were written");
  } catch (const ConfigError& e) {
    return fail(ExitStatus::kUsage, e.what());
  } catch (const InputError& e) {
    return fail(ExitStatus::kUsage, e.what());
  } catch (const CudaError& e) {
    return fail(ExitStatus::kNoDevice, e.what());
  } catch (const InternalError& e) {
    return fail(ExitStatus::kInternal, std::string("internal error: ") + e.what() + " (please report this bug)");
  } catch (const std::bad_alloc&) {
    return fail(ExitStatus::kInternal, "out of memory");
  } catch (const std::exception& e) {
    return fail(ExitStatus::kInternal, std::string("internal error: ") + e.what() + " (please report this bug)");
  } catch (...) {
    return fail(ExitStatus::kInternal, "internal error: unknown exception (please report this bug)");
  }
}

Backend choose_backend(const AssayConfig& cfg) {
  return resolve_backend(cfg.compute.backend, probe_compute_environment());
}

}  // namespace lysisq::cli
