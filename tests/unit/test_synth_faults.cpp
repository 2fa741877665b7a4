// SPDX-License-Identifier: MIT
// Synthetic plate faults (synth.hpp Fault): the catalogue, parameter checks, and truth that stays
// what is drawn: faulted wells change as documented and every other well is the clean plate's.
#include <catch2/catch.hpp>

#include <cmath>

#include "lysisq/errors.hpp"
#include "lysisq/synth.hpp"

using namespace lysisq;

namespace {

synth::SynthParams params(std::vector<synth::Fault> faults, int fields = 2) {
  synth::SynthParams p;
  p.seed = 17;
  p.fields = fields;
  p.width = p.height = 160;
  p.faults = std::move(faults);
  return p;
}

const synth::WellTruth& well_of(const synth::PlateTruth& t, const char* w) {
  for (const auto& x : t.wells)
    if (x.well == *WellId::parse(w)) return x;
  throw std::logic_error("no such well");
}

const synth::ChromiumWellTruth& well_of(const synth::ChromiumPlateTruth& t, const char* w) {
  for (const auto& x : t.wells)
    if (x.well == *WellId::parse(w)) return x;
  throw std::logic_error("no such well");
}

}  // namespace

TEST_CASE("synth faults: names round-trip and each kind takes only its own faults", "[unit]") {
  for (const auto& f : synth::fault_catalogue()) {
    REQUIRE(synth::parse_fault(f.name) == f.fault);
    REQUIRE(std::string(synth::fault_name(f.fault)) == f.name);
    REQUIRE((f.fluorescence || f.chromium));
  }
  REQUIRE_FALSE(synth::parse_fault("saturated"));
  REQUIRE_THROWS_AS(synth::design_plate(params({synth::Fault::kHighSpont})), ConfigError);
  REQUIRE_THROWS_AS(synth::design_plate(params({synth::Fault::kEmptyField, synth::Fault::kEmptyField})), ConfigError);
  synth::ChromiumSynthParams cp;
  cp.faults = {synth::Fault::kBlurredField};
  REQUIRE_THROWS_AS(synth::design_chromium_plate(cp), ConfigError);
}

TEST_CASE("synth faults: fluorescence truth counts what the faulted fields hold", "[unit]") {
  const synth::PlateTruth clean = synth::design_plate(params({}, 1));
  const synth::PlateTruth bad = synth::design_plate(
      params({synth::Fault::kEmptyField, synth::Fault::kReplicateOutlier, synth::Fault::kSaturatedField,
              synth::Fault::kBlurredField}, 1));
  REQUIRE(bad.faults.size() == 4);
  const auto& empty = well_of(bad, "E07");
  REQUIRE((empty.live_targets == 0 && empty.dead_targets == 0 && empty.effectors == 0));
  const auto& outlier = well_of(bad, "B10");
  const auto& outlier_clean = well_of(clean, "B10");
  REQUIRE(outlier.live_targets + outlier.dead_targets == (outlier_clean.live_targets + outlier_clean.dead_targets) / 2);
  REQUIRE(outlier.effectors == outlier_clean.effectors);
  for (std::size_t i = 0; i < clean.wells.size(); ++i) {
    const auto& c = clean.wells[i];
    const auto& b = bad.wells[i];
    if (b.well == empty.well || b.well == outlier.well) continue;
    CAPTURE(c.well.str());  // saturated and blurred fields keep their cells: the same truth
    REQUIRE((b.live_targets == c.live_targets && b.dead_targets == c.dead_targets && b.effectors == c.effectors));
  }
}

TEST_CASE("synth faults: chromium high-spont, low-max and the outlier well change the expected counts", "[unit]") {
  synth::ChromiumSynthParams p;
  p.seed = 4;
  const synth::ChromiumPlateTruth clean = synth::design_chromium_plate(p);
  const double b = p.counter_background_cpm;
  p.faults = {synth::Fault::kHighSpont};
  const synth::ChromiumPlateTruth high = synth::design_chromium_plate(p);
  // G04 spontaneous and H04 maximum are K562's first control wells.
  REQUIRE((well_of(high, "G04").expected_cpm - b) == Approx(0.30 * (well_of(high, "H04").expected_cpm - b)));
  REQUIRE(well_of(high, "H04").expected_cpm == Approx(well_of(clean, "H04").expected_cpm));
  p.faults = {synth::Fault::kLowMax};
  const synth::ChromiumPlateTruth low = synth::design_chromium_plate(p);
  REQUIRE((well_of(low, "H04").expected_cpm - b) == Approx(2.5 * (well_of(low, "G04").expected_cpm - b)));
  REQUIRE(well_of(low, "G04").expected_cpm == Approx(well_of(clean, "G04").expected_cpm));
  p.faults = {synth::Fault::kReplicateOutlier};
  const synth::ChromiumPlateTruth out = synth::design_chromium_plate(p);
  REQUIRE((well_of(out, "B01").expected_cpm - b) == Approx(0.6 * (well_of(clean, "B01").expected_cpm - b)));
  REQUIRE(well_of(out, "B02").true_cpm == well_of(clean, "B02").true_cpm);
  // The conditions' truth is computed from the counts drawn, faulted ones included.
  for (const auto& c : out.conditions)
    if (c.target == "K562" && c.effector == "LAK-D1" && c.et_ratio == 40)
      REQUIRE(c.mean_cpm == Approx((well_of(out, "B01").true_cpm + well_of(out, "B02").true_cpm +
                                    well_of(out, "B03").true_cpm) / 3));
}
