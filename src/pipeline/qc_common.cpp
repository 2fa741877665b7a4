// SPDX-License-Identifier: MIT
// How QC verdicts are named (subjects) and ordered for qc.csv, shared by both readouts.
#include <algorithm>
#include <cstdio>

#include "lysisq/qc_run.hpp"

namespace lysisq {

namespace {

/// Widest scope first: a plate or run problem explains many narrower ones.
int level_rank(QcLevel l) {
  switch (l) {
    case QcLevel::kRun: return 0;
    case QcLevel::kPlate: return 1;
    case QcLevel::kCondition: return 2;
    case QcLevel::kWell: return 3;
    case QcLevel::kImage: return 4;
  }
  return 5;
}

}  // namespace

std::string field_subject(WellId well, int field) { return well.str() + " s" + std::to_string(field); }

std::string condition_subject(const std::string& effector, const std::string& target, double et_ratio,
                              const Labels& labels) {
  char et[32];
  std::snprintf(et, sizeof et, "%g", et_ratio);
  std::string s = effector;
  s.append("/").append(target).append(" E:T ").append(et);
  for (const auto& [key, value] : labels) s.append(" ").append(key).append("=").append(value);
  return s;
}

bool qc_names_field(const QcResult& r, WellId well, int field) {
  if (r.level != QcLevel::kImage) return false;
  const std::string f = field_subject(well, field);
  return r.subject.compare(0, f.size(), f) == 0 && (r.subject.size() == f.size() || r.subject[f.size()] == ' ');
}

void sort_qc(std::vector<QcResult>& results) {
  std::stable_sort(results.begin(), results.end(), [](const QcResult& a, const QcResult& b) {
    if (a.verdict != b.verdict) return a.verdict > b.verdict;  // kFail > kWarn > kPass
    return level_rank(a.level) < level_rank(b.level);
  });
}

}  // namespace lysisq
