// SPDX-License-Identifier: MIT
// The shared verdict rule and message wording of every QC check (see qc_eval.hpp).
#include "qc_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "lysisq/errors.hpp"

namespace lysisq::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Relative slack of the limit comparison: %-values computed in double differ from their exact
/// decimal by ~1e-15 relative (controls whose exact %spont is 30 give 30.000000000000004, see
/// test_qc_checks.cpp); 1e-9 absorbs that and nothing a person could read in a report.
constexpr double kLimitSlack = 1e-9;

const QcCheckInfo& check_info(std::string_view check) {
  for (const QcCheckInfo& c : qc_checks())
    if (check == c.check) return c;
  throw InternalError("qc: unknown check name '" + std::string(check) + "'");
}

/// "30 %", "1506 cpm", "0.8963" (no unit).
std::string with_unit(double v, const char* unit) {
  std::string s = qc_number(v);
  if (*unit != '\0') s += std::string(" ") + unit;
  return s;
}

QcResult start(std::string_view check, const std::string& subject, double value) {
  const QcCheckInfo& info = check_info(check);
  QcResult r;
  r.level = info.level;
  r.check = info.check;
  r.subject = subject;
  r.value = value;
  r.unit = info.unit;
  r.warn_limit = r.fail_limit = kNaN;
  return r;
}

/// "<subject>: <label> <value unit> <relation> (<note>): <verdict>", or "not evaluable".
/// Built with append(): g++ 12 gives a false -Wrestrict on `"literal" + std::string&&`.
void finish(QcResult& r, const std::string& relation, std::string_view note) {
  const QcCheckInfo& info = check_info(r.check);
  std::string m = r.subject;
  m.append(": ").append(info.label);
  if (std::isnan(r.value)) {
    r.verdict = QcVerdict::kWarn;
    m.append(" not evaluable");
  } else {
    m.append(" ").append(with_unit(r.value, info.unit)).append(" ").append(relation);
  }
  if (!note.empty()) m.append(" (").append(note).append(")");
  r.message = m.append(": ").append(qc_verdict_name(r.verdict));
}

}  // namespace

bool qc_beyond(double value, double limit, QcBound bound) {
  if (std::isnan(limit) || std::isnan(value)) return false;
  const double slack = kLimitSlack * std::max(1.0, std::fabs(limit));
  return bound == QcBound::kMax ? value > limit + slack : value < limit - slack;
}

QcResult qc_one_sided(std::string_view check, const std::string& subject, double value, double warn,
                      double fail, QcBound bound, std::string_view note) {
  QcResult r = start(check, subject, value);
  r.warn_limit = warn;
  r.fail_limit = fail;
  r.bound = bound;
  const char* side = bound == QcBound::kMax ? "above" : "below";
  const std::string unit = r.unit;
  std::string relation;
  if (qc_beyond(value, fail, bound)) {
    r.verdict = QcVerdict::kFail;
    relation = std::string("is ") + side + " the fail limit " + with_unit(fail, unit.c_str());
  } else if (qc_beyond(value, warn, bound)) {
    r.verdict = QcVerdict::kWarn;
    relation = std::string("is ") + side + " the warn limit " + with_unit(warn, unit.c_str());
  } else {
    const bool has_warn = !std::isnan(warn);
    relation = std::string("is within the ") + (has_warn ? "warn" : "fail") + " limit " +
               with_unit(has_warn ? warn : fail, unit.c_str());
  }
  finish(r, relation, note);
  return r;
}

QcResult qc_warn_range(std::string_view check, const std::string& subject, double value, double lo,
                       double hi, bool log_scale, std::string_view note) {
  QcResult r = start(check, subject, value);
  const bool below = qc_beyond(value, lo, QcBound::kMin);
  const bool above = qc_beyond(value, hi, QcBound::kMax);
  bool lower_side = below;
  if (!below && !above) {
    const double mid = log_scale && lo > 0 ? std::sqrt(lo * hi) : 0.5 * (lo + hi);
    lower_side = value < mid;
  }
  r.bound = lower_side ? QcBound::kMin : QcBound::kMax;
  r.warn_limit = lower_side ? lo : hi;
  r.verdict = below || above ? QcVerdict::kWarn : QcVerdict::kPass;
  std::string relation = below ? "is below" : above ? "is above" : "is within";
  relation += " the warn range [";
  relation += qc_number(lo);
  relation += ", ";
  relation += qc_number(hi);
  relation += "]";
  if (!r.unit.empty()) relation += " " + r.unit;
  finish(r, relation, note);
  return r;
}

double qc_median(std::span<const double> values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  if (v.empty()) return kNaN;
  const std::size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2), v.end());
  const double upper = v[n / 2];
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2));
  return 0.5 * (lower + upper);
}

std::string qc_median_note(double min_ratio, double max_ratio, double median) {
  return qc_number(min_ratio) + "-" + qc_number(max_ratio) + " x median " + qc_number(median);
}

std::string qc_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  if (std::fabs(v) >= 1000)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace lysisq::detail
