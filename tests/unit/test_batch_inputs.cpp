// SPDX-License-Identifier: MIT
// Input fingerprints for `lysisq batch` resume: content hash, fast path, racy time stamps.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <random>

#include "cli/batch_inputs.hpp"
#include "lysisq/errors.hpp"
#include "lysisq/results.hpp"
#include "support/temp_dir.hpp"

using namespace lysisq;
using namespace lysisq::batch;
namespace fs = std::filesystem;

namespace {

std::string random_bytes(std::mt19937& rng, std::size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

void set_mtime_ns(const fs::path& f, std::int64_t ns) {
  timespec t[2];
  t[0].tv_sec = t[1].tv_sec = ns / 1'000'000'000;
  t[0].tv_nsec = t[1].tv_nsec = ns % 1'000'000'000;
  REQUIRE(::utimensat(AT_FDCWD, f.c_str(), t, 0) == 0);
}

constexpr std::int64_t kHourNs = 3600LL * 1'000'000'000;

/// A record of `files` in `dir` as a batch would make it, taken an hour after their time stamps.
InputsRecord recorded(const fs::path& dir, const std::vector<fs::path>& files) {
  InputsRecord r;
  // Assigned from std::string: a literal here trips GCC 12's false -Wrestrict positive.
  r.tool_version = std::string("1");
  r.config_fnv1a64 = std::string("c");
  r.layout_fnv1a64 = std::string("l");
  r.files = stat_inputs(dir, files);
  hash_inputs(dir, r.files);
  r.recorded_ns = r.files.front().mtime_ns + kHourNs;
  return r;
}

}  // namespace

TEST_CASE("batch fnv1a64_file equals io::fnv1a64_hex of the same bytes", "[unit]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  std::mt19937 rng(seed);
  test::TempDir d;
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(4097), (std::size_t(1) << 20) + 7}) {
    CAPTURE(seed, n);
    const std::string bytes = random_bytes(rng, n);
    const fs::path f = d.write("f.bin", bytes);
    CHECK(fnv1a64_file(f) == io::fnv1a64_hex(bytes));
  }
  CHECK_THROWS_AS(fnv1a64_file(d / "missing"), InputError);
}

TEST_CASE("batch resume compare: unchanged, touched, edited, added, removed, config and layout", "[unit]") {
  test::TempDir d;
  const fs::path a = d.write("a.tif", "aaaa"), b = d.write("b.tif", "bbbb");
  set_mtime_ns(a, 1'700'000'000'000'000'000);
  set_mtime_ns(b, 1'700'000'000'000'000'000);
  const InputsRecord old = recorded(d.path(), {b, a});
  REQUIRE(old.files.size() == 2);
  CHECK(old.files[0].path == "a.tif");  // sorted
  auto current = [&](std::vector<fs::path> files) {
    InputsRecord r = old;
    r.files = stat_inputs(d.path(), files);
    return r;
  };

  SECTION("same size and time: the fast path keeps the hashes without reading") {
    InputsRecord now = current({a, b});
    const auto c = compare_inputs(old, now, d.path());
    CHECK(c.unchanged);
    CHECK_FALSE(c.refresh);
    CHECK(now.files[1].fnv1a64 == old.files[1].fnv1a64);
  }
  SECTION("touched: new time, same bytes, is unchanged but asks for a new record") {
    set_mtime_ns(a, 1'700'000'100'000'000'000);
    InputsRecord now = current({a, b});
    const auto c = compare_inputs(old, now, d.path());
    CHECK(c.unchanged);
    CHECK(c.refresh);
  }
  SECTION("edited to the same size: hashed and found changed") {
    d.write("a.tif", "abcd");
    InputsRecord now = current({a, b});
    const auto c = compare_inputs(old, now, d.path());
    CHECK_FALSE(c.unchanged);
    CHECK(c.why == "a.tif changed");
  }
  SECTION("added and removed files") {
    const fs::path extra = d.write("c.tif", "c");
    InputsRecord more = current({a, b, extra});
    CHECK(compare_inputs(old, more, d.path()).why == "c.tif added");
    InputsRecord fewer = current({a});
    CHECK(compare_inputs(old, fewer, d.path()).why == "b.tif removed");
  }
  SECTION("resolved config, layout or version") {
    InputsRecord now = current({a, b});
    now.config_fnv1a64 = "other";
    CHECK_FALSE(compare_inputs(old, now, d.path()).unchanged);
    now = current({a, b});
    now.layout_fnv1a64 = "other";
    CHECK(compare_inputs(old, now, d.path()).why == "layout changed");
    now = current({a, b});
    now.tool_version = std::string(1, '2');  // not = "2": GCC 12 -Wrestrict false positive
    CHECK_FALSE(compare_inputs(old, now, d.path()).unchanged);
  }
}

TEST_CASE("batch resume compare: a racy time stamp is not trusted", "[unit]") {
  // Same size and time stamp but new bytes: undetectable by stat. Trusted only when the file's
  // time lies well before the record; a file written around the record is hashed.
  test::TempDir d;
  const fs::path a = d.write("a.tif", "aaaa");
  const std::int64_t t = 1'700'000'000'000'000'000;
  set_mtime_ns(a, t);
  InputsRecord old = recorded(d.path(), {a});
  d.write("a.tif", "zzzz");
  set_mtime_ns(a, t);
  InputsRecord now = old;
  now.files = stat_inputs(d.path(), {a});
  CHECK(compare_inputs(old, now, d.path()).unchanged);  // an hour later: the fast path is trusted

  old.recorded_ns = t + 500'000'000;  // recorded half a second after the write: racy
  now.files = stat_inputs(d.path(), {a});
  const auto c = compare_inputs(old, now, d.path());
  CHECK_FALSE(c.unchanged);
  CHECK(c.why == "a.tif changed");
}

TEST_CASE("batch inputs.json round-trips and rejects other JSON", "[unit]") {
  InputsRecord r;
  r.plate = "P \"1\"";
  r.input = "/data/P1";
  r.layout = "/data/P1/layout.yaml";
  r.tool_version = "0.1.0";
  r.layout_fnv1a64 = "0123456789abcdef";
  r.config_fnv1a64 = "fedcba9876543210";
  r.recorded_ns = 1'795'794'726'098'725'640;
  r.files = {{"a b.tif", 12345678901ull, 1'795'794'726'028'614'777, "329d80be56ec768a"}};
  const auto back = parse_inputs_json(inputs_json(r));
  REQUIRE(back);
  CHECK(back->plate == r.plate);
  CHECK(back->recorded_ns == r.recorded_ns);
  REQUIRE(back->files.size() == 1);
  CHECK(back->files[0].path == "a b.tif");
  CHECK(back->files[0].size == 12345678901ull);
  CHECK(back->files[0].mtime_ns == r.files[0].mtime_ns);
  CHECK(back->files[0].fnv1a64 == r.files[0].fnv1a64);
  CHECK(inputs_json(*back) == inputs_json(r));
  CHECK_FALSE(parse_inputs_json("{\"format\": \"other\"}"));
  CHECK_FALSE(parse_inputs_json("{\"format\": \"lysisq-batch-inputs/1\"}"));
  CHECK_FALSE(parse_inputs_json("not json"));
}
