// SPDX-License-Identifier: MIT
// Judging history points: Levey-Jennings limits from earlier runs, Westgard rules up to the
// point, and the provisional-limits downgrade (westgard.hpp BaselinePolicy).
#include <algorithm>
#include <system_error>

#include "lysisq/errors.hpp"
#include "lysisq/history.hpp"

namespace lysisq::history {

namespace {

/// The values the point at `index` is judged on: the earlier points, less those of runs whose
/// own QC failed when the policy excludes them, then the point itself (last).
std::vector<double> judged_values(const std::vector<SeriesPoint>& series, std::size_t index,
                                  const BaselinePolicy& policy, std::size_t& excluded) {
  std::vector<double> v;
  v.reserve(index + 1);
  excluded = 0;
  for (std::size_t i = 0; i < index; ++i) {
    if (policy.exclude_failed_runs && series[i].qc_failed) {
      ++excluded;
      continue;
    }
    v.push_back(series[i].value);
  }
  v.push_back(series[index].value);
  return v;
}

void add_note(std::string& note, const std::string& more) { note += (note.empty() ? "" : "; ") + more; }

ControlVerdict judge(const std::string& control, const std::vector<SeriesPoint>& series, std::size_t index,
                     const BaselinePolicy& policy) {
  LYSISQ_EXPECTS(index < series.size(), "history: judged point out of range");
  const SeriesPoint& p = series[index];
  ControlVerdict cv{control, p.run_id, p.unit, p.value, std::nullopt, 0, {}, Verdict::kPass, {}};
  std::size_t excluded = 0;
  const std::vector<double> values = judged_values(series, index, policy, excluded);
  const std::size_t judged = values.size() - 1;
  cv.limits = lj_limits(values, judged, policy);
  if (!cv.limits) {
    const std::size_t need = std::max<std::size_t>(policy.min_runs, 2);
    cv.note = judged < need
                  ? "no limits yet: " + std::to_string(judged) + " earlier runs (" + std::to_string(need) + " needed)"
                  : "no limits: the baseline runs have no spread (SD 0)";
  } else {
    cv.z = (p.value - cv.limits->mean) / cv.limits->sd;
    cv.hits = evaluate_westgard(std::span<const double>(values), *cv.limits);
    if (cv.limits->provisional) {
      cv.note = "provisional limits from " + std::to_string(cv.limits->n) + " runs (" +
                std::to_string(policy.baseline_runs) + " wanted)";
      if (!policy.fail_on_provisional) {
        for (auto& h : cv.hits) h.verdict = std::min(h.verdict, Verdict::kWarn);
        if (worst_verdict(cv.hits) != Verdict::kPass) cv.note += "; rule violations reported as warn";
      }
    }
    cv.verdict = worst_verdict(cv.hits);
  }
  if (excluded > 0) add_note(cv.note, std::to_string(excluded) + " earlier run(s) left out: their QC failed");
  return cv;
}

}  // namespace

Verdict worst_verdict(const RunRecord& run) {
  Verdict v = Verdict::kPass;
  for (const auto& q : run.qc) v = std::max(v, q.verdict);
  return v;
}

ControlVerdict evaluate_point(const std::string& control, const std::vector<SeriesPoint>& series, std::size_t index,
                              const BaselinePolicy& policy) {
  return judge(control, series, index, policy);
}

std::vector<ControlVerdict> evaluate_series(const std::string& control, const std::vector<SeriesPoint>& series,
                                            const BaselinePolicy& policy) {
  std::vector<ControlVerdict> out;
  out.reserve(series.size());
  for (std::size_t i = 0; i < series.size(); ++i) out.push_back(judge(control, series, i, policy));
  return out;
}

ControlVerdict evaluate_newest(const HistoryDb& db, const std::string& control, const BaselinePolicy& policy) {
  const auto series = db.series(control);
  if (series.empty())
    throw InputError("history database " + db.path().string() + ": no run has control '" + control + "'");
  return evaluate_point(control, series, series.size() - 1, policy);
}

std::vector<ControlVerdict> record_and_evaluate(const std::filesystem::path& db_path, const RunRecord& run,
                                                const BaselinePolicy& policy) {
  if (db_path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(db_path.parent_path(), ec);
    if (ec) throw InputError("history database " + db_path.string() + ": cannot create its folder: " + ec.message());
  }
  HistoryDb db(db_path);
  db.record_run(run);
  std::vector<ControlVerdict> out;
  for (const auto& c : run.controls) {
    // The run's own place in the series: another process may have recorded later runs since.
    const auto series = db.series(c.control);
    const auto it =
        std::find_if(series.begin(), series.end(), [&](const SeriesPoint& p) { return p.run_id == run.run_id; });
    if (it == series.end()) throw InternalError("history: recorded run '" + run.run_id + "' not found again");
    out.push_back(evaluate_point(c.control, series, static_cast<std::size_t>(it - series.begin()), policy));
  }
  return out;
}

}  // namespace lysisq::history
