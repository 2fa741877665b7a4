// SPDX-License-Identifier: MIT
// What a plate folder lacks: the grid of found wells x every field, time point, z-step and
// channel seen anywhere, minus what was found. Nothing that no well has is expected, so an
// acquisition of 9 sites where every well lost site 5 is not reported: that would be a guess.
#include <algorithm>
#include <set>
#include <tuple>

#include "lysisq/discovery.hpp"

namespace lysisq::io {

std::vector<MissingImage> find_missing(const PlateManifest& m) {
  std::set<WellId> wells;
  std::set<int> fields, timepoints, zs, channels;
  std::map<std::tuple<WellId, int, int, int>, const FieldFiles*> found;
  for (const auto& f : m.fields) {
    wells.insert(f.well);
    fields.insert(f.field);
    timepoints.insert(f.timepoint);
    zs.insert(f.z);
    for (const auto& [ch, path] : f.channels) channels.insert(ch);
    found[{f.well, f.field, f.timepoint, f.z}] = &f;
  }
  std::vector<MissingImage> out;
  for (const WellId& w : wells)
    for (int field : fields)
      for (int t : timepoints)
        for (int z : zs) {
          const auto it = found.find({w, field, t, z});
          if (it == found.end()) {
            out.push_back({w, field, t, z, 0});
            continue;
          }
          for (int ch : channels)
            if (it->second->channels.count(ch) == 0) out.push_back({w, field, t, z, ch});
        }
  return out;  // loops run in sorted order
}

std::string number_ranges(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::string s;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (!s.empty()) s += ", ";
    s += std::to_string(v[i]);
    if (j > i) s.append("-").append(std::to_string(v[j]));
    i = j + 1;
  }
  return s;
}

std::string well_ranges(std::vector<WellId> w) {
  std::sort(w.begin(), w.end());
  w.erase(std::unique(w.begin(), w.end()), w.end());
  std::string s;
  for (std::size_t i = 0; i < w.size();) {
    std::size_t j = i;
    while (j + 1 < w.size() && w[j + 1].row == w[j].row && w[j + 1].col == w[j].col + 1) ++j;
    if (!s.empty()) s += ", ";
    s += w[i].str();
    if (j > i) s.append("-").append(w[j].str());
    i = j + 1;
  }
  return s;
}

}  // namespace lysisq::io
