// SPDX-License-Identifier: MIT
// Internal to src/config: the `qc` and `history` sections of the config schema (see
// config_schema.hpp for the visitor protocol). Included by config_schema.hpp after IntRange and
// RealRange, which it uses; not meant to be included on its own.
#pragma once

namespace lysisq::config::detail {

/// QC limits (ASSAY.md §4, qc.hpp QcParams; the key names are the field names).
template <class V, class Q>
void describe_qc(V& v, Q& q) {
  constexpr RealRange kPct{0, 100};
  constexpr RealRange kRatio{0, 1e6, true};
  v.number("spont_fail_pct_cell_line", q.spont_fail_pct_cell_line, kPct);
  v.number("spont_fail_pct_autologous", q.spont_fail_pct_autologous, kPct);
  v.number("max_net_min_cpm", q.max_net_min_cpm, RealRange{0, 1e9});
  v.number("max_window_min_ratio", q.max_window_min_ratio, RealRange{1, 1e6});
  v.number("z_prime_warn", q.z_prime_warn, RealRange{-10, 1});
  v.number("edge_effect_sd", q.edge_effect_sd, kRatio);
  v.number("cv_warn_pct", q.cv_warn_pct, RealRange{0, 1000});
  v.number("cv_fail_pct", q.cv_fail_pct, RealRange{0, 1000});
  v.number("lysis_warn_min_pct", q.lysis_warn_min_pct, RealRange{-1000, 1000});
  v.number("lysis_warn_max_pct", q.lysis_warn_max_pct, RealRange{-1000, 1000});
  v.integer("saturation_level", q.saturation_level, IntRange{1, 65535});
  v.number("saturation_warn_pct", q.saturation_warn_pct, kPct);
  v.number("saturation_fail_pct", q.saturation_fail_pct, kPct);
  v.number("focus_warn_ratio", q.focus_warn_ratio, RealRange{0, 1});
  v.number("field_count_warn_ratio", q.field_count_warn_ratio, RealRange{1, 1e6, true});
  v.number("field_count_min_objects", q.field_count_min_objects, RealRange{0, 1e9});
  v.number("target_only_live_min_ratio", q.target_only_live_min_ratio, RealRange{0, 1});
  v.number("target_only_live_max_ratio", q.target_only_live_max_ratio, RealRange{1, 1e6});
}

/// Run history and its Levey-Jennings baseline (config.hpp HistoryConfig).
template <class V, class H>
void describe_history(V& v, H& h) {
  v.boolean("enabled", h.enabled);
  v.optional_text("db_path", h.db_path);
  v.optional_text("reference_effector", h.reference_effector);
  v.optional_text("reference_target", h.reference_target);
  v.optional_text("reference_date", h.reference_date);  // YYYY-MM-DD: validate_qc.cpp
  // An SD from fewer than 2 runs does not exist; min_runs <= baseline_runs: validate_qc.cpp.
  v.integer("baseline_runs", h.baseline_runs, IntRange{2, 1000});
  v.integer("min_runs", h.min_runs, IntRange{2, 1000});
  v.boolean("fail_on_provisional", h.fail_on_provisional);
  v.boolean("exclude_failed_runs", h.exclude_failed_runs);
}

}  // namespace lysisq::config::detail
