// SPDX-License-Identifier: MIT
// Shard plans and `lysisq merge`: every plate of the batch covered exactly once, by its shard.
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cli/batch_summary.hpp"
#include "lysisq/errors.hpp"
#include "report/csv_table.hpp"

namespace lysisq::batch {

namespace fs = std::filesystem;

namespace {

/// Files of one shard count N: summaries and plans by shard index.
struct ShardFiles {
  std::map<int, fs::path> summaries, plans;
};

std::map<int, ShardFiles> find_shard_files(const fs::path& out_dir) {
  static const std::regex kName(R"(^shard-([0-9]+)-of-([0-9]+)(\.plan)?\.csv$)");
  std::map<int, ShardFiles> by_count;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    const std::string name = e.path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, kName)) continue;
    const int i = std::stoi(m[1]), n = std::stoi(m[2]);
    if (i >= n) continue;
    (m[3].matched ? by_count[n].plans : by_count[n].summaries)[i] = e.path();
  }
  if (ec) throw InputError(out_dir.string() + ": cannot list the batch folder (" + ec.message() + ")");
  return by_count;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot read the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// plate -> shard, from a plan file.
std::map<std::string, int> read_plan(const fs::path& file) {
  const auto t = report::detail::parse_csv(slurp(file));
  if (t.header.size() < 2 || t.header[0] != "plate" || t.header[1] != "shard")
    throw InputError(file.string() + ": not a lysisq shard plan (header plate,shard)");
  std::map<std::string, int> plan;
  for (std::size_t r = 0; r < t.size(); ++r) plan[t.cell(r, "plate")] = std::stoi(t.cell(r, "shard"));
  return plan;
}

std::string join(const std::vector<std::string>& v, std::size_t most = 8) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < most; ++i) out += (i ? ", " : "") + v[i];
  if (v.size() > most) out += ", ... (" + std::to_string(v.size()) + " in all)";
  return out;
}

int pick_count(const std::map<int, ShardFiles>& by_count, std::optional<int> wanted, const fs::path& out_dir) {
  if (wanted) {
    if (!by_count.count(*wanted))
      throw InputError(out_dir.string() + ": no shard-i-of-" + std::to_string(*wanted) + ".csv files");
    return *wanted;
  }
  if (by_count.empty()) throw InputError(out_dir.string() + ": no shard summaries (shard-i-of-N.csv) to merge");
  if (by_count.size() > 1) {
    std::vector<std::string> ns;
    for (const auto& [n, f] : by_count) ns.push_back(std::to_string(n));
    throw InputError(out_dir.string() + ": shard files of several shard counts (N = " + join(ns) +
                     "); give --shards N, or remove the stale ones");
  }
  return by_count.begin()->first;
}

/// The one plan all shards agree on; InputError when there is none or they differ.
std::map<std::string, int> agreed_plan(const ShardFiles& files, int n, const fs::path& out_dir) {
  std::map<std::string, int> plan;
  fs::path first;
  for (const auto& [i, file] : files.plans) {
    auto p = read_plan(file);
    if (first.empty()) {
      plan = std::move(p);
      first = file;
    } else if (p != plan) {
      throw InputError(file.filename().string() + " and " + first.filename().string() +
                       " list different plates: the plate set changed between shards; rerun every shard");
    }
  }
  if (first.empty())
    throw InputError(out_dir.string() + ": no shard plan (shard-i-of-" + std::to_string(n) + ".plan.csv) to check against");
  return plan;
}

}  // namespace

std::string plan_csv(const std::vector<std::string>& sorted_plates, int shard_count) {
  std::string out = "plate,shard\n";
  for (std::size_t k = 0; k < sorted_plates.size(); ++k)
    out += io::csv_field(sorted_plates[k]) + "," + std::to_string(k % std::size_t(shard_count)) + "\n";
  return out;
}

std::vector<SummaryRow> merge_shards(const fs::path& out_dir, std::optional<int> shard_count) {
  const auto by_count = find_shard_files(out_dir);
  const int n = pick_count(by_count, shard_count, out_dir);
  const ShardFiles& files = by_count.at(n);
  const std::map<std::string, int> plan = agreed_plan(files, n, out_dir);
  for (int i = 0; i < n; ++i) {
    if (files.summaries.count(i)) continue;
    std::vector<std::string> plates;
    for (const auto& [p, s] : plan)
      if (s == i) plates.push_back(p);
    throw InputError("shard " + std::to_string(i) + " of " + std::to_string(n) + " has no summary (shard-" +
                     std::to_string(i) + "-of-" + std::to_string(n) + ".csv): it did not run or did not finish" +
                     (plates.empty() ? std::string() : "; its plates: " + join(plates)) + "; rerun it with --shard " +
                     std::to_string(i) + "/" + std::to_string(n));
  }
  std::vector<SummaryRow> rows;
  std::set<std::string> seen;
  for (const auto& [i, file] : files.summaries) {
    for (auto& r : parse_summary_csv(slurp(file), file.string())) {
      const auto it = plan.find(r.plate);
      if (it == plan.end()) throw InputError(file.string() + ": plate " + r.plate + " is not in the shard plan");
      if (it->second != i)
        throw InputError(file.string() + ": plate " + r.plate + " belongs to shard " + std::to_string(it->second));
      if (!seen.insert(r.plate).second) throw InputError(file.string() + ": plate " + r.plate + " appears twice");
      rows.push_back(std::move(r));
    }
  }
  std::vector<std::string> missing;
  for (const auto& [p, s] : plan)
    if (!seen.count(p)) missing.push_back(p + " (shard " + std::to_string(s) + ")");
  if (!missing.empty()) throw InputError("plates missing from the shard summaries: " + join(missing));
  std::sort(rows.begin(), rows.end(), [](const SummaryRow& a, const SummaryRow& b) { return a.plate < b.plate; });
  return rows;
}

}  // namespace lysisq::batch
