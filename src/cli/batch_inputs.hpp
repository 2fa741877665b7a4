// SPDX-License-Identifier: MIT
// `lysisq batch` resume: the fingerprint of what a plate's results were computed from (its input
// files, the resolved layout and config, the tool version), kept as OUT/<plate>/inputs.json.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lysisq::batch {

/// One input file: size and modification time (the fast path), and a content hash.
struct InputFile {
  std::string path;          ///< relative to InputsRecord::base (a plate folder, or a file's folder)
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string fnv1a64;       ///< 16 hex digits; empty until hashed
};

struct InputsRecord {
  std::string plate;
  std::string input, layout;       ///< absolute paths, for people (moving ROOT does not redo plates)
  std::string tool_version;        ///< lysisq version: a new release redoes plates
  std::string layout_fnv1a64;      ///< of config::layout_to_yaml (so comment-only edits do not count)
  std::string config_fnv1a64;      ///< of config::to_yaml (resolved, overrides applied; compute.threads left out)
  std::int64_t recorded_ns = 0;    ///< when the hashes were taken (guards racy modification times)
  std::vector<InputFile> files;    ///< sorted by path
};

/// 64-bit FNV-1a of a file's bytes as 16 hex digits, equal to io::fnv1a64_hex of its content;
/// read in 1 MiB blocks. InputError naming the file when it cannot be read.
std::string fnv1a64_file(const std::filesystem::path& file);

/// Size and modification time of `files` (absolute, under `base`), sorted by relative path;
/// hashes left empty. InputError naming a file that cannot be stat'ed.
std::vector<InputFile> stat_inputs(const std::filesystem::path& base, const std::vector<std::filesystem::path>& files);

/// Hashes every file of `files` whose hash is still empty.
void hash_inputs(const std::filesystem::path& base, std::vector<InputFile>& files);

/// Now, in the clock of file modification times (ns since the epoch).
std::int64_t now_ns();

/// Whether results made from `recorded` are still valid for `current` (stat'ed, unhashed). A
/// file whose size and modification time match the record, and that was not modified within 2 s
/// of the record being made (a write then could leave the same size and time stamp: git's "racy"
/// case), keeps the recorded hash; any other file is hashed. `current` ends with every hash it
/// needed. `why` says what changed ("" when unchanged); `refresh` is set when some file had to be
/// hashed and matched (touched, or racy): rewriting the record lets the fast path hold next time.
struct Comparison {
  bool unchanged = false;
  bool refresh = false;
  std::string why;
};
Comparison compare_inputs(const InputsRecord& recorded, InputsRecord& current, const std::filesystem::path& base);

/// inputs.json text, and back; nullopt when the text is not a record of this format.
std::string inputs_json(const InputsRecord& r);
std::optional<InputsRecord> parse_inputs_json(const std::string& text);
/// The record in `file`; nullopt when it is missing or malformed.
std::optional<InputsRecord> read_inputs_record(const std::filesystem::path& file);

}  // namespace lysisq::batch
