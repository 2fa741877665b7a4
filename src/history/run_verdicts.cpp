// SPDX-License-Identifier: MIT
// The run record's QC summary, run ids, the baseline policy from the config, and the history's
// judgement of each control as a level-run QcResult (run_history.hpp).
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include "lysisq/run_history.hpp"

namespace lysisq::history {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 1000 ? "%.0f" : "%.4g", v);
  return buf;
}

QcVerdict to_qc(Verdict v) {
  switch (v) {
    case Verdict::kPass: return QcVerdict::kPass;
    case Verdict::kWarn: return QcVerdict::kWarn;
    case Verdict::kFail: return QcVerdict::kFail;
  }
  return QcVerdict::kFail;
}

Verdict from_qc(QcVerdict v) {
  return v == QcVerdict::kPass ? Verdict::kPass : v == QcVerdict::kWarn ? Verdict::kWarn : Verdict::kFail;
}

/// "z +1.52 vs mean 60.1, SD 1.45 (20 runs)" or "no limits yet: ...".
std::string limits_text(const ControlVerdict& v) {
  if (!v.limits) return v.note;
  char z[32];
  std::snprintf(z, sizeof z, "%+.2f", v.z);
  std::string s = "z " + std::string(z) + " vs mean " + num(v.limits->mean) + ", SD " + num(v.limits->sd) + " (" +
                  std::to_string(v.limits->n) + " runs)";
  if (!v.note.empty()) s.append("; ").append(v.note);
  return s;
}

std::string rules_text(const ControlVerdict& v) {
  if (!v.limits) return "not judged";
  if (v.hits.empty()) return "no Westgard rule violated";
  std::string s;
  for (const RuleHit& h : v.hits) {
    if (!s.empty()) s += "; ";
    s.append(rule_info(h.rule).name).append(": ").append(h.explanation);
  }
  return s;
}

}  // namespace

std::vector<QcSummary> qc_summaries(std::span<const QcResult> qc) {
  std::vector<QcSummary> out;
  for (const QcResult& r : qc) {
    QcSummary* s = nullptr;
    for (auto& x : out)
      if (x.check == r.check) s = &x;
    if (!s) s = &out.emplace_back(QcSummary{r.check, Verdict::kPass});
    s->verdict = std::max(s->verdict, from_qc(r.verdict));
  }
  return out;
}

std::string new_run_id(std::string_view time_utc, std::string_view plate) {
  std::string compact;
  for (char c : time_utc)
    if (c != '-' && c != ':') compact += c;  // 2026-03-14T10:15:00Z -> 20260314T101500Z
  std::random_device rd;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%06x", static_cast<unsigned>(rd() & 0xffffffu));
  return compact + "-" + std::string(plate) + "-" + suffix;
}

BaselinePolicy baseline_policy(const HistoryConfig& cfg) {
  BaselinePolicy p;
  p.baseline_runs = static_cast<std::size_t>(cfg.baseline_runs);
  p.min_runs = static_cast<std::size_t>(cfg.min_runs);
  p.fail_on_provisional = cfg.fail_on_provisional;
  p.exclude_failed_runs = cfg.exclude_failed_runs;
  return p;
}

std::vector<QcResult> westgard_results(std::span<const ControlVerdict> verdicts) {
  std::vector<QcResult> out;
  for (const ControlVerdict& v : verdicts) {
    QcResult q;
    q.level = QcLevel::kRun;
    q.check = "westgard";
    q.subject = v.control;
    q.value = v.value;
    q.unit = v.unit;
    q.warn_limit = q.fail_limit = kNaN;
    if (v.limits) {
      const double side = v.value >= v.limits->mean ? 1.0 : -1.0;
      q.warn_limit = v.limits->mean + side * 2 * v.limits->sd;
      q.fail_limit = v.limits->mean + side * 3 * v.limits->sd;
      q.bound = side > 0 ? QcBound::kMax : QcBound::kMin;
    }
    q.verdict = to_qc(v.verdict);
    q.message = v.control + ": " + num(v.value) + (v.unit.empty() ? "" : " " + v.unit) + " (" + limits_text(v) +
                "): " + rules_text(v) + ": " + qc_verdict_name(q.verdict);
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace lysisq::history
