// SPDX-License-Identifier: MIT
// The fault catalogue of the synthetic plates (synth.hpp Fault): names, which plate kind each
// applies to, parameter checks, and truth_faults.csv.
#include <algorithm>
#include <array>

#include "faults_detail.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::synth {

namespace {

constexpr std::array<FaultInfo, 6> kFaults = {{
    {Fault::kSaturatedField, "saturated-field", true, false, "saturation"},
    {Fault::kBlurredField, "blurred-field", true, false, "focus"},
    {Fault::kEmptyField, "empty-field", true, false, "field_count"},
    {Fault::kReplicateOutlier, "replicate-outlier", true, true, "replicate_cv"},
    {Fault::kHighSpont, "high-spont", false, true, "spont_pct"},
    {Fault::kLowMax, "low-max", false, true, "max_window_ratio"},
}};

std::string names_for(bool chromium) {
  std::string s;
  for (const FaultInfo& f : kFaults)
    if (chromium ? f.chromium : f.fluorescence) s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s;
}

}  // namespace

std::span<const FaultInfo> fault_catalogue() { return kFaults; }

std::optional<Fault> parse_fault(std::string_view name) {
  for (const FaultInfo& f : kFaults)
    if (name == f.name) return f.fault;
  return std::nullopt;
}

const char* fault_name(Fault f) {
  for (const FaultInfo& i : kFaults)
    if (i.fault == f) return i.name;
  return "?";
}

namespace detail {

void validate_faults(const std::vector<Fault>& faults, bool chromium) {
  const char* kind = chromium ? "chromium" : "fluorescence";
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const auto* info = std::find_if(kFaults.begin(), kFaults.end(), [&](const FaultInfo& f) { return f.fault == faults[i]; });
    if (info == kFaults.end() || !(chromium ? info->chromium : info->fluorescence))
      throw ConfigError(std::string("synth: fault '") + fault_name(faults[i]) + "' does not apply to a " + kind +
                        " plate; " + kind + " faults: " + names_for(chromium));
    if (std::find(faults.begin(), faults.begin() + static_cast<std::ptrdiff_t>(i), faults[i]) !=
        faults.begin() + static_cast<std::ptrdiff_t>(i))
      throw ConfigError(std::string("synth: fault '") + fault_name(faults[i]) + "' given twice");
  }
}

bool has_fault(const std::vector<Fault>& faults, Fault f) {
  return std::find(faults.begin(), faults.end(), f) != faults.end();
}

WellId nth_experimental(const PlateLayout& layout, std::size_t index) {
  std::size_t seen = 0;
  for (const WellAssignment& w : layout.wells)
    if (w.role == WellRole::kExperimental && seen++ == index) return w.well;
  throw InternalError("synth: the design has fewer than " + std::to_string(index + 1) + " experimental wells");
}

std::string faults_csv(const std::vector<FaultTruth>& faults) {
  std::string s = "fault,well,field,description\n";
  for (const FaultTruth& f : faults)
    s += std::string(fault_name(f.fault)) + "," + f.well.str() + "," + std::to_string(f.field) + ",\"" +
         f.description + "\"\n";
  return s;
}

}  // namespace detail

}  // namespace lysisq::synth
