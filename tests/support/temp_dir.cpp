#include "support/temp_dir.hpp"

#include <stdlib.h>

#include <stdexcept>
#include <system_error>

namespace barometer::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "barometer-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path source_dir() { return BAROMETER_SOURCE_DIR; }

}  // namespace barometer::testing
