// Parses a message with Python's `email` package (tests/mail/parse_message.py) so that tests
// check what a real mail reader sees, not what our own code thinks it wrote.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "support/python_tool.hpp"
#include "support/temp_dir.hpp"

namespace barometer::testing {

inline nlohmann::json parse_with_python(const std::filesystem::path& file) {
  auto [status, out] = run_python(source_dir() / "tests" / "mail" / "parse_message.py", {file.string()});
  EXPECT_EQ(status, 0) << out;
  if (status != 0) return nlohmann::json::object();
  return nlohmann::json::parse(out);
}

inline nlohmann::json parse_with_python(const TempDir& dir, const std::string& message) {
  const auto path = dir.path() / "message.eml";
  std::ofstream(path, std::ios::binary) << message;
  return parse_with_python(path);
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace barometer::testing
