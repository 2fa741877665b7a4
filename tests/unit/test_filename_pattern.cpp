// SPDX-License-Identifier: MIT
// parse_filename_pattern: placeholders -> numbered groups (the user's own groups counted),
// regex braces left alone, errors; the input.* config keys that use it.
#include <catch2/catch.hpp>

#include <regex>

#include "lysisq/config_io.hpp"
#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/filename_pattern.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

/// The text of group `g` when `p` matches `name` (the oracle is std::regex itself).
std::string group(const FilenamePattern& p, const std::string& name, int g) {
  std::smatch m;
  REQUIRE(std::regex_match(name, m, std::regex(p.regex)));
  REQUIRE(g > 0);
  return m[g].str();
}

}  // namespace

TEST_CASE("filename pattern: each placeholder finds its part of the name", "[unit]") {
  const FilenamePattern p = parse_filename_pattern(R"((A|B)x{plate}_{well}(?:_s{field})?_w{channel:[1-9]}\.tif)");
  const std::string name = "Bxmy_plate_C07_s12_w3.tif";
  REQUIRE(group(p, name, p.plate) == "my_plate");
  REQUIRE(group(p, name, p.well) == "C07");
  REQUIRE(group(p, name, p.field) == "12");
  REQUIRE(group(p, name, p.channel) == "3");
  REQUIRE(p.plate == 2);  // after the user's (A|B)
  REQUIRE((p.timepoint == 0 && p.z == 0 && p.row == 0 && p.channel_name == 0 && p.read == 0));
}

TEST_CASE("filename pattern: quantifiers and escapes and classes are not placeholders", "[unit]") {
  REQUIRE_FALSE(uses_placeholders(R"(^(.+)_([A-P][0-9]{2})_s([0-9]+)_w([0-9]+).*\.(tif|tiff|png)$)"));
  REQUIRE_FALSE(uses_placeholders(R"(a\{well\}(b)(c)(d)(e))"));
  REQUIRE_FALSE(uses_placeholders(R"([{]well}(b)(c)(d)(e))"));
  REQUIRE(uses_placeholders("{well}"));
  // A sub-pattern with its own braces and a class holding '}'.
  const FilenamePattern p = parse_filename_pattern(R"({well:[A-H][0-9]{2}}-{channel_name:[^}]+}\.tif)");
  REQUIRE(group(p, "H12-Hoechst 33342.tif", p.well) == "H12");
  REQUIRE(group(p, "H12-Hoechst 33342.tif", p.channel_name) == "Hoechst 33342");
  // Nested user groups inside a sub-pattern come after the placeholder's own group.
  const FilenamePattern q = parse_filename_pattern(R"({timepoint:(\d+)h}_{well}\.tif)");
  REQUIRE(q.timepoint == 1);
  REQUIRE(q.well == 3);
  REQUIRE(group(q, "12h_B02.tif", q.well) == "B02");
}

TEST_CASE("filename pattern: positional form keeps its meaning", "[unit]") {
  const FilenamePattern p = parse_filename_pattern(InputParams{}.filename_pattern);
  REQUIRE((p.plate == 1 && p.well == 2 && p.field == 3 && p.channel == 4));
  REQUIRE(p.regex == InputParams{}.filename_pattern);
}

TEST_CASE("filename pattern: errors say what is wrong", "[unit]") {
  REQUIRE_THROWS_WITH(parse_filename_pattern("{plate}_{wel}.tif"), Contains("unknown placeholder {wel}") && Contains("{well}"));
  REQUIRE_THROWS_WITH(parse_filename_pattern("{well}_{well}.tif"), Contains("{well} appears twice"));
  REQUIRE_THROWS_WITH(parse_filename_pattern("{plate}_{field}.tif"), Contains("needs {well}"));
  REQUIRE_THROWS_WITH(parse_filename_pattern("{well}_{row}_{col}.tif"), Contains("not both"));
  REQUIRE_THROWS_WITH(parse_filename_pattern("{well:(A}"), Contains("regular expression"));
  REQUIRE_THROWS_WITH(parse_filename_pattern("{well:abc"), Contains("no closing"));
  REQUIRE_THROWS_WITH(parse_filename_pattern("(a)(b)"), Contains("capture groups"));
  REQUIRE_THROWS_AS(parse_filename_pattern("(a)(b"), ConfigError);
}

TEST_CASE("input config keys: layout spellings and placeholder patterns", "[unit]") {
  for (InputLayout l : {InputLayout::kAuto, InputLayout::kImageXpress, InputLayout::kOperetta, InputLayout::kCytation,
                        InputLayout::kIncucyte, InputLayout::kOmeTiff, InputLayout::kRegex}) {
    const std::string name = io::layout_name(l);
    CAPTURE(name);
    const AssayConfig c = config::parse_config("schema_version: 1\ninput: {layout: " + name + "}\n", "run.yaml");
    REQUIRE(c.input.layout == l);
    REQUIRE_THAT(config::to_yaml(c), Contains("layout: " + name));
  }
  const AssayConfig ok = config::parse_config(
      "schema_version: 1\ninput:\n  layout: regex\n  filename_pattern: '{plate}_{well}_f{field}\\.tif'\n", "run.yaml");
  REQUIRE(ok.input.filename_pattern == R"({plate}_{well}_f{field}\.tif)");
  try {
    config::parse_config("schema_version: 1\ninput:\n  filename_pattern: '{plate}_{wel}.tif'\n", "run.yaml");
    FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE_THAT(std::string(e.what()), Contains("run.yaml:3") && Contains("input.filename_pattern") && Contains("{wel}"));
  }
  REQUIRE_THROWS_WITH(config::parse_config("schema_version: 1\ninput: {layout: metaxpress}\n", "run.yaml"),
                      Contains("input.layout") && Contains("imagexpress"));
}
