// SPDX-License-Identifier: MIT
#include "support/read_text.hpp"

#include <fstream>
#include <sstream>

namespace lysisq::test {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace lysisq::test
