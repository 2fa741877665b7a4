// SPDX-License-Identifier: MIT
// Hours of each time point of a plate (discovery.hpp): from the Incucyte time labels where the
// file names carry times, else from the configured interval (kinetics.interval_h).
#include <algorithm>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "lysisq/civil_date.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"

namespace lysisq::io {
namespace {

/// An Incucyte label as whole minutes: since 1970-01-01 00:00 (date-time) or since the start of
/// the experiment (elapsed). Integers, so that differences are exact before the one division.
struct LabelTime {
  bool elapsed = false;
  long long minutes = 0;
};

InputError bad_label(const PlateManifest& m, const std::string& label) {
  return InputError(m.dir.string() + ": time label '" + label +
                    "' is not a real time (month 01-12, a day of that month, hour 00-23, minute 00-59)");
}

/// nullopt when `label` is not shaped like an Incucyte time (a user pattern's own labels, which
/// then leave the times to the interval); InputError when it is but a field is out of range, since
/// that is a damaged name, not some other naming scheme.
std::optional<LabelTime> parse_label(const PlateManifest& m, const std::string& label) {
  static const std::regex date_time(R"(([0-9]{4})y([0-9]{2})m([0-9]{2})d_([0-9]{2})h([0-9]{2})m)");
  // Days capped at 6 digits: more is no experiment's length and would overflow the arithmetic.
  static const std::regex elapsed(R"(([0-9]{1,6})d([0-9]{2})h([0-9]{2})m)");
  std::smatch g;
  if (std::regex_match(label, g, date_time)) {
    const auto days = days_since_epoch(g[1].str() + "-" + g[2].str() + "-" + g[3].str());
    const int h = std::stoi(g[4].str()), min = std::stoi(g[5].str());
    if (!days || h > 23 || min > 59) throw bad_label(m, label);
    return LabelTime{false, *days * 1440 + h * 60 + min};
  }
  if (std::regex_match(label, g, elapsed)) {
    const long long d = std::stoll(g[1].str());
    const int h = std::stoi(g[2].str()), min = std::stoi(g[3].str());
    if (h > 23 || min > 59) throw bad_label(m, label);
    return LabelTime{true, d * 1440 + h * 60 + min};
  }
  return std::nullopt;
}

/// Hours after the earliest label, or nullopt when some time point has no time label. Every
/// label is read first, so that a damaged one is reported even if another point lacks a label.
std::optional<std::map<int, double>> hours_from_labels(const PlateManifest& m, const std::set<int>& points) {
  std::map<int, std::optional<LabelTime>> times;
  for (int t : points) {
    const auto it = m.timepoint_labels.find(t);
    times[t] = it == m.timepoint_labels.end() ? std::nullopt : parse_label(m, it->second);
  }
  if (std::any_of(times.begin(), times.end(), [](const auto& kv) { return !kv.second; })) return std::nullopt;
  const LabelTime& first = *times.begin()->second;
  long long earliest = first.minutes;
  for (const auto& [t, lt] : times) {
    // A date-time and an elapsed time have no common origin: no difference of them means anything.
    if (lt->elapsed != first.elapsed)
      throw InputError(m.dir.string() + ": time labels mix date-times and elapsed times ('" +
                       m.timepoint_labels.at(times.begin()->first) + "', '" + m.timepoint_labels.at(t) + "')");
    earliest = std::min(earliest, lt->minutes);
  }
  std::map<int, double> hours;
  for (const auto& [t, lt] : times) hours[t] = double(lt->minutes - earliest) / 60.0;
  return hours;
}

}  // namespace

std::map<int, double> timepoint_hours(const PlateManifest& m, double interval_h) {
  std::set<int> points;
  for (const FieldFiles& f : m.fields) points.insert(f.timepoint);
  // Time point 0 alone is a layout without a time axis: a flat plate has no kinetics.
  if (points.empty() || (points.size() == 1 && *points.begin() == 0)) return {};
  if (auto hours = hours_from_labels(m, points)) return *hours;
  if (!(interval_h > 0))
    throw ConfigError(m.dir.string() +
                      ": set kinetics.interval_h (hours between time points): the file names carry no times");
  const int first = *points.begin();
  std::map<int, double> hours;
  for (int t : points) hours[t] = double(t - first) * interval_h;
  return hours;
}

}  // namespace lysisq::io
