// A fresh directory under the system temp dir, removed (recursively) when destroyed.
#pragma once

#include <filesystem>
#include <string>

namespace barometer::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The repository root (for themes/ and other checked-in files).
std::filesystem::path source_dir();

}  // namespace barometer::testing
