// SPDX-License-Identifier: MIT
// Internal to src/report: text-to-HTML helpers shared by the sections. Every string that comes
// from data goes through esc() (or json_for_script() inside <script>), never raw.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "lysisq/report.hpp"

namespace lysisq::report::detail {

inline std::string esc(std::string_view s) { return html_escape(s); }

/// A number for people: whole numbers as integers ("14"); others with 4 significant digits,
/// without exponent between 1e-3 and 1e6 (71214.9 -> "71215", 0.46248 -> "0.4625", 45.238 ->
/// "45.24") and in exponent form outside; "" for nullopt.
std::string fmt_num(std::optional<double> v, int significant = 4);

/// A CSV cell for display: numbers via fmt_num(), other text as it is (not yet escaped).
std::string fmt_cell(std::string_view cell);

/// A serialised JSON document made safe inside <script type="application/json">: '<', '>' and
/// '&' become \u003c, \u003e, \u0026 (valid JSON, and no "</script>" can close the element).
std::string json_for_script(std::string_view json);

/// RFC 4648 base64 of bytes (for data: URIs of thumbnails).
std::string base64(std::string_view bytes);

/// Percent-encodes one path segment for a relative href (RFC 3986 unreserved characters kept).
std::string url_segment(std::string_view s);

/// <span class="chip VERDICT">VERDICT</span> for pass/warn/fail (other text: a neutral chip).
std::string verdict_chip(std::string_view verdict);

/// Severity for sorting: fail 2, warn 1, pass 0, anything else -1.
int verdict_rank(std::string_view verdict);

}  // namespace lysisq::report::detail
