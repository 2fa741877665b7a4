// SPDX-License-Identifier: MIT
// discover_plate, OME-TIFF: planes -> (channel, z, t) pages by DimensionOrder or TiffData, one
// file per field or per well, placement by OME Plate metadata, physical pixel size, errors.
// Fixtures are written here with libtiff directly (not lysisq's writer); every page is filled
// with a code of its plane, so reading a channel back proves the page mapping.
#include <tiffio.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <random>

#include "lysisq/discovery.hpp"
#include "lysisq/errors.hpp"
#include "support/plate_files.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct Plane {
  int image = 0, c = 0, z = 0, t = 0;
  u16 code() const { return u16(1000 * (image + 1) + 100 * c + 10 * z + t); }
};

/// A multi-page 8x8 16-bit TIFF, page i filled with pages[i].code(); `xml` on the first page.
void write_pages(const fs::path& file, const std::vector<Plane>& pages, const std::string& xml) {
  TIFF* tif = TIFFOpen(file.c_str(), "w");
  REQUIRE(tif);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, 8u);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, 8u);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 8u);
    if (i == 0 && !xml.empty()) TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, xml.c_str());
    std::array<u16, 8> row;
    row.fill(pages[i].code());
    for (uint32_t y = 0; y < 8; ++y) REQUIRE(TIFFWriteScanline(tif, row.data(), y, 0) == 1);
    REQUIRE(TIFFWriteDirectory(tif) == 1);
  }
  TIFFClose(tif);
}

struct Dims {
  std::string order;  ///< e.g. "ZCT"
  int c, z, t;
  int size(char d) const { return d == 'Z' ? z : d == 'C' ? c : t; }
};

/// Planes in DimensionOrder, first letter fastest: the test's own nested loops.
std::vector<Plane> planes_in_order(const Dims& d, int image) {
  std::vector<Plane> out;
  for (int k = 0; k < d.size(d.order[2]); ++k)
    for (int j = 0; j < d.size(d.order[1]); ++j)
      for (int i = 0; i < d.size(d.order[0]); ++i) {
        Plane p{image, 0, 0, 0};
        const std::array<int, 3> v{i, j, k};
        for (int n = 0; n < 3; ++n) (d.order[n] == 'Z' ? p.z : d.order[n] == 'C' ? p.c : p.t) = v[n];
        out.push_back(p);
      }
  return out;
}

std::string pixels_xml(const Dims& d, const std::string& inner, const std::string& extra = "") {
  std::string x = "<Pixels DimensionOrder=\"XY" + d.order + "\" Type=\"uint16\" SizeX=\"8\" SizeY=\"8\" SizeC=\"" +
                  std::to_string(d.c) + "\" SizeZ=\"" + std::to_string(d.z) + "\" SizeT=\"" + std::to_string(d.t) +
                  "\"" + extra + ">";
  for (int c = 0; c < d.c; ++c) x += "<Channel ID=\"Channel:0:" + std::to_string(c) + "\" Name=\"ch" + std::to_string(c) + "\"/>";
  return x + inner + "</Pixels>";
}

std::string ome(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">" +
         body + "</OME>";
}

/// Every channel of every field reads back the page holding exactly that (image, c, z, t).
void require_pages_match(const io::PlateManifest& m, const std::map<std::pair<WellId, int>, int>& image_of_field,
                         bool has_time) {
  for (const auto& f : m.fields)
    for (const auto& [ch, path] : f.channels) {
      CAPTURE(f.well.str(), f.field, f.timepoint, f.z, ch);
      const Plane want{image_of_field.at({f.well, f.field}), ch - 1, f.z - 1, has_time ? f.timepoint - 1 : 0};
      REQUIRE(io::read_field_channel(f, ch).at(3, 3) == want.code());
    }
}

}  // namespace

TEST_CASE("ome-tiff: pages follow DimensionOrder or TiffData in any order", "[unit]") {
  const auto seed = GENERATE(take(6, random(0u, 1'000'000u)));
  const bool explicit_tiff_data = GENERATE(false, true);
  CAPTURE(seed, explicit_tiff_data);
  std::mt19937 rng(seed);
  std::string order = "ZCT";
  std::shuffle(order.begin(), order.end(), rng);
  const Dims d{order, 1 + int(rng() % 3), 1 + int(rng() % 3), 1 + int(rng() % 2)};
  CAPTURE(order, d.c, d.z, d.t);
  std::vector<Plane> pages = planes_in_order(d, 0);
  std::string tiff_data;
  if (explicit_tiff_data) {  // pages shuffled; each TiffData names one plane's page
    std::shuffle(pages.begin(), pages.end(), rng);
    for (std::size_t i = 0; i < pages.size(); ++i)
      tiff_data += "<TiffData IFD=\"" + std::to_string(i) + "\" FirstC=\"" + std::to_string(pages[i].c) + "\" FirstZ=\"" +
                   std::to_string(pages[i].z) + "\" FirstT=\"" + std::to_string(pages[i].t) + "\" PlaneCount=\"1\"/>";
  } else {
    tiff_data = rng() % 2 ? "<TiffData/>" : "";  // both mean: planes fill the pages in order
  }
  test::TempDir dir;
  write_pages(dir / "P1_B02_s3.ome.tif", pages,
              ome("<Image ID=\"Image:0\">" + pixels_xml(d, tiff_data, " PhysicalSizeX=\"650\" PhysicalSizeXUnit=\"nm\"") +
                  "</Image>"));
  const io::PlateManifest m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.layout == "ome_tiff");
  REQUIRE(m.plate_name == "P1");
  REQUIRE(m.fields.size() == std::size_t(d.z * d.t));
  for (const auto& f : m.fields) {
    REQUIRE(f.well.str() == "B02");
    REQUIRE(f.field == 3);
    REQUIRE(f.channels.size() == std::size_t(d.c));
    REQUIRE(f.timepoint == std::clamp(f.timepoint, d.t > 1 ? 1 : 0, d.t > 1 ? d.t : 0));  // 0: no time axis
  }
  require_pages_match(m, {{{WellId{1, 1}, 3}, 0}}, d.t > 1);
  REQUIRE(m.pixel_size_um == Approx(0.65));
  REQUIRE(m.channel_names.at(1) == "ch0");
  REQUIRE(io::find_missing(m).empty());
}

TEST_CASE("ome-tiff: one file per well whose Images are the fields", "[unit]") {
  test::TempDir dir;
  const Dims d{"CZT", 2, 1, 1};
  std::vector<Plane> pages = planes_in_order(d, 0);
  for (const auto& p : planes_in_order(d, 1)) pages.push_back(p);  // image 1 after image 0, no TiffData
  const std::string body = "<Image ID=\"Image:0\">" + pixels_xml(d, "") + "</Image><Image ID=\"Image:1\">" +
                           pixels_xml(d, "") + "</Image>";
  write_pages(dir / "Plate_9_C04.ome.tiff", pages, ome(body));
  dir.write("notes.txt", "");
  const auto m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.plate_name == "Plate_9");
  REQUIRE(m.fields.size() == 2);
  REQUIRE(m.ignored_files == std::vector<std::string>{"notes.txt"});
  require_pages_match(m, {{{WellId{2, 3}, 1}, 0}, {{WellId{2, 3}, 2}, 1}}, false);
}

TEST_CASE("ome-tiff: OME Plate metadata places Images with fields in WellSample order", "[unit]") {
  test::TempDir dir;
  const Dims d{"ZCT", 1, 1, 1};
  std::vector<Plane> pages;
  std::string images;
  for (int i = 0; i < 3; ++i) {
    pages.push_back({i, 0, 0, 0});
    images += "<Image ID=\"Image:" + std::to_string(i) + "\">" +
              pixels_xml(d, "<TiffData IFD=\"" + std::to_string(i) + "\" PlaneCount=\"1\"/>") + "</Image>";
  }
  // B05 holds Image:1 (Index 3) and Image:0 (Index 1): field 1 is Image:0. E01 holds Image:2.
  const std::string plate =
      "<Plate ID=\"Plate:0\" Name=\"PX-17\"><Well ID=\"Well:0\" Row=\"1\" Column=\"4\">"
      "<WellSample ID=\"WellSample:0\" Index=\"3\"><ImageRef ID=\"Image:1\"/></WellSample>"
      "<WellSample ID=\"WellSample:1\" Index=\"1\"><ImageRef ID=\"Image:0\"/></WellSample></Well>"
      "<Well ID=\"Well:1\" Row=\"4\" Column=\"0\"><WellSample ID=\"WellSample:2\" Index=\"0\">"
      "<ImageRef ID=\"Image:2\"/></WellSample></Well></Plate>";
  write_pages(dir / "whole_plate.ome.tif", pages, ome(plate + images));
  const auto m = io::discover_plate(dir.path(), InputParams{});
  REQUIRE(m.plate_name == "PX-17");
  REQUIRE(m.fields.size() == 3);
  require_pages_match(m, {{{WellId{1, 4}, 1}, 0}, {{WellId{1, 4}, 2}, 1}, {{WellId{4, 0}, 1}, 2}}, false);
}

TEST_CASE("ome-tiff: errors name the file and the problem", "[unit]") {
  test::TempDir dir;
  SECTION("no OME-XML") {
    write_pages(dir / "P_A01.ome.tif", {Plane{}}, "just a description");
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("P_A01.ome.tif") && Contains("OME"));
  }
  SECTION("a plane on a page the file does not have") {
    write_pages(dir / "P_A01.ome.tif", {Plane{}, Plane{}},
                ome("<Image ID=\"Image:0\">" + pixels_xml({"ZCT", 2, 1, 1}, "<TiffData IFD=\"5\" FirstC=\"1\"/>") + "</Image>"));
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("page 5") && Contains("2 pages"));
  }
  SECTION("TiffData beyond the image's planes") {
    write_pages(dir / "P_A01.ome.tif", {Plane{}},
                ome("<Image ID=\"Image:0\">" + pixels_xml({"ZCT", 1, 1, 1}, "<TiffData FirstC=\"3\"/>") + "</Image>"));
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("TiffData"));
  }
  SECTION("bad DimensionOrder") {
    write_pages(dir / "P_A01.ome.tif", {Plane{}}, ome("<Image ID=\"Image:0\">" + pixels_xml({"ZZT", 1, 1, 1}, "") + "</Image>"));
    REQUIRE_THROWS_WITH(io::discover_plate(dir.path(), InputParams{}), Contains("DimensionOrder"));
  }
}
