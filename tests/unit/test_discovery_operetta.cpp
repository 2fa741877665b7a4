// SPDX-License-Identifier: MIT
// discover_plate, Opera Phenix / Operetta (Harmony) layout: r<row>c<col>f<field>p<plane>-ch<n>
// sk<t> names in Images/, channel names and plate ID from Index.idx.xml / Index.xml.
#include <catch2/catch.hpp>

#include <random>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;

namespace {

std::string two(int v) { return std::string(v < 10 ? "0" : "").append(std::to_string(v)); }

std::string harmony_name(int row, int col, int field, int plane, int ch, int sk) {
  std::string s = "r";
  s.append(two(row)).append("c").append(two(col)).append("f").append(two(field)).append("p").append(two(plane));
  return s.append("-ch").append(std::to_string(ch)).append("sk").append(std::to_string(sk)).append("fk1fl1.tiff");
}

/// Harmony 5 keeps channel names in Maps/Map/Entry; older exports repeat them in every Image.
std::string index_xml(bool names_in_map) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<EvaluationInputData xmlns=\"http://www.perkinelmer.com/PEHH/HarmonyV5\" Version=\"2\">\n"
      "  <Plates><Plate><PlateID>LysisPlate7</PlateID><PlateRows>8</PlateRows><PlateColumns>12</PlateColumns>"
      "</Plate></Plates>\n";
  if (names_in_map)
    x += "  <Maps><Map><Entry ChannelID=\"1\"><ChannelName>HOECHST 33342</ChannelName>"
         "<ImageResolutionX Unit=\"m\">6.5E-07</ImageResolutionX></Entry>"
         "<Entry ChannelID=\"2\"><ChannelName>Alexa 488 &amp; CFSE</ChannelName></Entry></Map></Maps>\n";
  x += "  <Images>\n";
  for (int ch : {1, 2}) {
    x += "    <Image Version=\"1\"><URL>" + harmony_name(2, 3, 1, 1, ch, 1) + "</URL><Row>2</Row><Col>3</Col>"
         "<FieldID>1</FieldID><PlaneID>1</PlaneID><TimepointID>0</TimepointID><ChannelID>" + std::to_string(ch) +
         "</ChannelID>";
    if (!names_in_map)
      x += std::string("<ChannelName>") + (ch == 1 ? "HOECHST 33342" : "Alexa 488 &amp; CFSE") + "</ChannelName>"
           "<ImageResolutionX Unit=\"m\">6.5E-07</ImageResolutionX>";
    x += "</Image>\n";
  }
  return x + "  </Images>\n</EvaluationInputData>\n";
}

}  // namespace

TEST_CASE("operetta: wells and fields and planes and time points and channels from the names", "[unit]") {
  const auto seed = GENERATE(take(4, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  test::TempDir dir;
  test::ImageMap gold;
  for (int i = 0; i < 25; ++i) {
    const int row = 1 + int(rng() % 16), col = 1 + int(rng() % 24), field = 1 + int(rng() % 12);
    const int plane = 1 + int(rng() % 3), ch = 1 + int(rng() % 4), sk = 1 + int(rng() % 2);
    const std::string rel = "Images/" + harmony_name(row, col, field, plane, ch, sk);
    const WellId w{row - 1, col - 1};
    if (gold.emplace(test::ImageKey{w.str(), field, sk, plane, ch}, rel).second) test::write_tiny_tiff(dir.path(), rel);
  }
  test::write_tiny_tiff(dir.path(), "Images/r01c01f01p01-ch1sk1fk1fl1_preview.png");
  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.layout == "operetta");
  REQUIRE(test::image_map(m) == gold);
  REQUIRE(m.ignored_files == std::vector<std::string>{"Images/r01c01f01p01-ch1sk1fk1fl1_preview.png"});
  REQUIRE(m.plate_name == dir.path().filename().string());  // no index: the folder names the plate
  REQUIRE(m.channel_names.empty());
}

TEST_CASE("operetta: channel names and plate and pixel size from the Harmony index", "[unit]") {
  const bool names_in_map = GENERATE(true, false);
  const std::string index_name = GENERATE(as<std::string>{}, "Index.idx.xml", "Index.xml");
  CAPTURE(names_in_map, index_name);
  test::TempDir dir;
  for (int ch : {1, 2}) test::write_tiny_tiff(dir.path(), "Images/" + harmony_name(2, 3, 1, 1, ch, 1));
  dir.write("Images/" + index_name, index_xml(names_in_map));
  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.plate_name == "LysisPlate7");
  REQUIRE(m.channel_names == std::map<int, std::string>{{1, "HOECHST 33342"}, {2, "Alexa 488 & CFSE"}});
  REQUIRE(m.pixel_size_um == Approx(0.65));
  REQUIRE(m.fields.size() == 1);
  REQUIRE(m.fields[0].well.str() == "B03");
  // The index is metadata, not an image: it is listed with the other files that are not images.
  REQUIRE(m.ignored_files == std::vector<std::string>{"Images/" + index_name});
}

TEST_CASE("operetta: a malformed index is an input error naming it", "[unit]") {
  test::TempDir dir;
  test::write_tiny_tiff(dir.path(), harmony_name(1, 1, 1, 1, 1, 1));
  dir.write("Index.idx.xml", "<EvaluationInputData><Plates></EvaluationInputData>");
  REQUIRE_THROWS_AS(io::discover_plate(dir.path(), InputParams{}), InputError);
  REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("Index.idx.xml") && Contains("XML"));
}

TEST_CASE("operetta: rows beyond Z are not wells", "[unit]") {
  test::TempDir dir;
  test::write_tiny_tiff(dir.path(), harmony_name(27, 1, 1, 1, 1, 1));
  InputParams in;
  in.layout = InputLayout::kOperetta;
  REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), in), Contains("not a well"));
}
