// SPDX-License-Identifier: MIT
// Internal to src/config: one constexpr table per enum <-> YAML spelling (cuCIM DeviceTypeMap
// style). Readers, writers and error messages all use these tables, so a spelling lives once.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "lysisq/config.hpp"
#include "lysisq/plate.hpp"

namespace lysisq::config::detail {

template <class E>
struct EnumName {
  E value;
  const char* name;
};

inline constexpr EnumName<BackgroundMethod> kBackgroundMethods[] = {{BackgroundMethod::kTophat, "tophat"},
                                                                    {BackgroundMethod::kNone, "none"}};
inline constexpr EnumName<ThresholdMethod> kThresholdMethods[] = {{ThresholdMethod::kOtsu, "otsu"},
                                                                  {ThresholdMethod::kLi, "li"},
                                                                  {ThresholdMethod::kTriangle, "triangle"},
                                                                  {ThresholdMethod::kManual, "manual"}};
inline constexpr EnumName<Connectivity> kConnectivities[] = {{Connectivity::k4, "4"}, {Connectivity::k8, "8"}};
inline constexpr EnumName<ThresholdMode> kThresholdModes[] = {{ThresholdMode::kAuto, "auto"},
                                                              {ThresholdMode::kFixed, "fixed"}};
inline constexpr EnumName<DeathReadout> kDeathReadouts[] = {{DeathReadout::kDeadStain, "dead_stain"},
                                                            {DeathReadout::kCalceinLoss, "calcein_loss"}};
inline constexpr EnumName<KillingMetric> kKillingMetrics[] = {{KillingMetric::kTargetLoss, "target_loss"},
                                                              {KillingMetric::kSpecificDeath, "specific_death"}};
inline constexpr EnumName<BackendChoice> kBackendChoices[] = {{BackendChoice::kAuto, "auto"},
                                                              {BackendChoice::kCpu, "cpu"},
                                                              {BackendChoice::kCuda, "cuda"}};
/// `assay` is a string in AssayConfig (more assays will come); these are the accepted ones.
inline constexpr EnumName<int> kAssayNames[] = {{0, "fluorescence"}, {1, "chromium"}};

inline constexpr EnumName<CounterFormat> kCounterFormats[] = {{CounterFormat::kAuto, "auto"},
                                                              {CounterFormat::kList, "list"},
                                                              {CounterFormat::kMatrix, "matrix"}};
/// `chromium.counter.delimiter` is a string in CounterParams; these are the accepted ones.
inline constexpr EnumName<int> kCounterDelimiters[] = {{0, "auto"}, {1, "comma"}, {2, "tab"}, {3, "semicolon"}};
inline constexpr EnumName<assay::LuMethod> kLuMethods[] = {{assay::LuMethod::kExponential, "exponential"},
                                                           {assay::LuMethod::kOneHit, "one_hit"},
                                                           {assay::LuMethod::kWeibull, "weibull"},
                                                           {assay::LuMethod::kLogLinear, "log_linear"},
                                                           {assay::LuMethod::kLogInterp, "log_interp"}};

inline constexpr EnumName<TargetOrigin> kTargetOrigins[] = {{TargetOrigin::kAutologous, "autologous"},
                                                            {TargetOrigin::kAllogeneic, "allogeneic"},
                                                            {TargetOrigin::kCellLine, "cell_line"}};
/// kUnknown has no spelling: it is the absence of the optional `nk_class` key.
inline constexpr EnumName<NkClass> kNkClasses[] = {{NkClass::kNkSensitive, "nk_sensitive"},
                                                   {NkClass::kNkResistant, "nk_resistant"}};
inline constexpr EnumName<EffectorType> kEffectorTypes[] = {{EffectorType::kLak, "LAK"}, {EffectorType::kTil, "TIL"},
                                                            {EffectorType::kNk, "NK"},   {EffectorType::kPbl, "PBL"},
                                                            {EffectorType::kOther, "other"}};

/// Table parameters are non-deduced (type_identity) so that a C array converts to the span; E
/// comes from the value argument or is given explicitly: enum_from<ThresholdMethod>(kThr..., s).
template <class E>
using EnumTable = std::type_identity_t<std::span<const EnumName<E>>>;

template <class E>
std::optional<E> enum_from(EnumTable<E> table, std::string_view s) {
  for (const auto& e : table)
    if (s == e.name) return e.value;
  return std::nullopt;
}

/// The spelling of `v`, or "" if the table has none.
template <class E>
const char* enum_to(EnumTable<E> table, E v) {
  for (const auto& e : table)
    if (e.value == v) return e.name;
  return "";
}

/// "otsu, li, triangle, manual": for "accepted: ..." hints.
template <class E>
std::string enum_spellings(EnumTable<E> table) {
  std::string out;
  for (const auto& e : table) out += (out.empty() ? "" : ", ") + std::string(e.name);
  return out;
}

}  // namespace lysisq::config::detail
