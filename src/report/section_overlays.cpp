// SPDX-License-Identifier: MIT
// Thumbnails of segmentation overlays (OUT/overlays/<plate>_<well>_s<field>.png): the fields QC
// flagged first, embedded as small PNG data URIs and linked to the full-size file beside the page.
#include <algorithm>
#include <map>
#include <regex>

#include "lysisq/errors.hpp"
#include "lysisq/overlay.hpp"
#include "lysisq/plate.hpp"
#include "report/html.hpp"
#include "report/sections.hpp"

namespace lysisq::report::detail {

namespace {

constexpr int kThumbPx = 200;

struct FieldKey {
  WellId well;
  int field = 0;  ///< 0: every field of the well (a well-level QC row)
  auto operator<=>(const FieldKey&) const = default;
};

/// "<plate>_<well>_s<field>.png" -> well and field (the plate may itself contain '_').
std::optional<FieldKey> parse_overlay_name(const std::string& name) {
  static const std::regex kPattern(R"(^.*_([A-Pa-p][0-9]{1,2})_s([0-9]{1,3})\.png$)");
  std::smatch m;
  if (!std::regex_match(name, m, kPattern)) return std::nullopt;
  const auto w = WellId::parse(m[1].str());
  if (!w) return std::nullopt;
  return FieldKey{*w, std::stoi(m[2].str())};
}

struct Flag {
  int rank = 0;  ///< worst verdict_rank of the QC rows naming the field
  std::string text;
};

/// Image- and well-level QC rows that warned or failed, by field ("B03 s2") or well ("B03").
std::map<FieldKey, Flag> flagged_fields(const CsvTable& qc) {
  std::map<FieldKey, Flag> out;
  static const std::regex kSubject(R"(^\s*([A-Pa-p][0-9]{1,2})(?:\s+s([0-9]{1,3}))?\b.*$)");
  for (std::size_t r = 0; r < qc.size(); ++r) {
    const int rank = verdict_rank(qc.cell(r, "verdict"));
    const std::string& level = qc.cell(r, "level");
    std::smatch m;
    const std::string subject = qc.cell(r, "subject");
    if (rank < 1 || (level != "image" && level != "well") || !std::regex_match(subject, m, kSubject)) continue;
    const auto w = WellId::parse(m[1].str());
    if (!w) continue;
    Flag& f = out[{*w, m[2].matched ? std::stoi(m[2].str()) : 0}];
    f.rank = std::max(f.rank, rank);
    f.text += (f.text.empty() ? "" : "; ") + qc.cell(r, "check") + " " + qc.cell(r, "verdict");
  }
  return out;
}

std::string swatch(const Rgb& c, std::string_view what) {
  return "<span class=\"swatch\" style=\"background:rgb(" + std::to_string(c[0]) + "," + std::to_string(c[1]) + "," +
         std::to_string(c[2]) + ")\"></span>" + esc(what);
}

std::string figure(const std::filesystem::path& png, const FieldKey& k, const Flag* flag) {
  std::string img;
  try {
    img = "<img alt=\"overlay\" src=\"data:image/png;base64," + base64(io::png_thumbnail(png, kThumbPx)) + "\">";
  } catch (const InputError& e) {
    img = "<p class=\"note bad\">" + esc(e.what()) + "</p>";
  }
  const std::string name = png.filename().string();
  return "<figure><a href=\"overlays/" + esc(url_segment(name)) + "\">" + img + "</a><figcaption>" +
         esc(k.well.str() + " s" + std::to_string(k.field)) + (flag ? " " + verdict_chip(flag->rank == 2 ? "fail" : "warn") +
         " " + esc(flag->text) : std::string()) + "</figcaption></figure>\n";
}

}  // namespace

void section_overlays(const ResultFolder& f, const ReportOptions& opt, Page& page) {
  page.html += "<section id=\"overlays\"><h2>Segmentation overlays</h2>\n";
  if (f.overlays.empty()) {
    page.note("No overlays/ in this result folder (run with --overlays to see segmentation outlines).");
    page.html += "</section>\n";
    return;
  }
  const auto flags = f.qc ? flagged_fields(*f.qc) : std::map<FieldKey, Flag>{};
  struct Item {
    std::filesystem::path png;
    FieldKey key;
    const Flag* flag;
  };
  std::vector<Item> flagged, others;
  for (const auto& png : f.overlays) {
    const auto k = parse_overlay_name(png.filename().string());
    if (!k) continue;
    auto it = flags.find(*k);
    if (it == flags.end()) it = flags.find({k->well, 0});
    (it == flags.end() ? others : flagged).push_back({png, *k, it == flags.end() ? nullptr : &it->second});
  }
  std::stable_sort(flagged.begin(), flagged.end(), [](const Item& a, const Item& b) { return a.flag->rank > b.flag->rank; });
  const bool only_flagged = !flagged.empty();
  std::vector<Item>& shown = only_flagged ? flagged : others;
  page.html += "<p>Outlines: " + swatch(kOverlayLiveTarget, "live target") + swatch(kOverlayDeadTarget, "dead target") +
               swatch(kOverlayEffector, "effector") + swatch(kOverlayUnclassified, "unclassified") + "</p>\n";
  if (only_flagged) page.html += "<p>Fields that QC flagged (" + std::to_string(flagged.size()) + "); click for full size.</p>\n";
  else page.note(f.qc ? "QC flagged none of these fields; showing the overlays present." : "QC not evaluated; showing the overlays present.");
  const std::size_t cap = static_cast<std::size_t>(std::max(0, opt.max_thumbnails));
  page.html += "<div class=\"thumbs\">\n";
  for (std::size_t i = 0; i < shown.size() && i < cap; ++i) page.html += figure(shown[i].png, shown[i].key, shown[i].flag);
  page.html += "</div>\n";
  if (shown.size() > cap)
    page.note(std::to_string(shown.size() - cap) + " more overlays in overlays/ are not shown here.");
  page.html += "</section>\n";
}

}  // namespace lysisq::report::detail
