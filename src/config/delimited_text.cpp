// SPDX-License-Identifier: MIT
// Delimited-text building blocks (see delimited_text.hpp).
#include "delimited_text.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace lysisq::config::detail {

std::vector<std::string> split_lines(std::string_view text) {
  // Spreadsheets on Windows save UTF-8 with a BOM; it would otherwise stick to the first cell.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::vector<std::string> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

/// One cell being built: text before/inside the quotes, and where the quoted part ends.
struct CellBuilder {
  std::string text;
  bool quoted = false;
  std::size_t quoted_end = 0;

  std::string finish() {
    std::string out;
    if (quoted)  // keep the quoted text as written; trim only what follows the closing quote
      out = text.substr(0, quoted_end) + std::string(trim(std::string_view(text).substr(quoted_end)));
    else
      out = std::string(trim(text));
    *this = CellBuilder{};
    return out;
  }
};

}  // namespace

std::vector<std::string> split_cells(std::string_view line, char delim) {
  std::vector<std::string> cells;
  CellBuilder cell;
  bool in_quotes = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c != '"') {
        cell.text += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cell.text += '"';
        ++i;
      } else {
        in_quotes = false;
        cell.quoted_end = cell.text.size();
      }
    } else if (c == delim) {
      cells.push_back(cell.finish());
    } else if (c == '"' && !cell.quoted && trim(cell.text).empty()) {
      in_quotes = true;  // a quote opens a quoted cell only at its start (spaces before it allowed)
      cell.quoted = true;
      cell.text.clear();
    } else {
      cell.text += c;
    }
  }
  if (in_quotes) cell.quoted_end = cell.text.size();
  cells.push_back(cell.finish());
  return cells;
}

bool all_empty(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (!c.empty()) return false;
  return true;
}

std::string delimiter_name(char delim) {
  switch (delim) {
    case ',': return "comma";
    case '\t': return "tab";
    case ';': return "semicolon";
    default: return std::string("'") + delim + "'";
  }
}

std::optional<std::string> read_whole_file(const std::filesystem::path& file, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    why = "is a folder, expected a file";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    why = "cannot read the file (missing or not readable)";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    why = "cannot read the file (read error)";
    return std::nullopt;
  }
  return ss.str();
}

}  // namespace lysisq::config::detail
