// site.toml (config/config.hpp load_config_from_file): the operator's file, through toml++ and
// the settings table. Invariants: an accepted file gives a finished Config (a base URL, a
// plain mail_from, a database), and loading the same bytes twice gives the same Config.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "config/config.hpp"
#include "fuzz_check.hpp"

namespace {

// One file per process, rewritten for every input.
const std::string& scratch_file() {
  static const std::string path = [] {
    char name[] = "/tmp/barometer-fuzz-site-XXXXXX";
    const int fd = mkstemp(name);
    FUZZ_CHECK(fd >= 0);
    close(fd);
    return std::string(name);
  }();
  return path;
}

barometer::Result<barometer::Config> load(std::string_view text) {
  {
    std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  auto no_environment = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return barometer::load_config_from_file(scratch_file(), no_environment);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = barometer::fuzz::as_text(data, size);
  auto config = load(text);
  if (!config) {
    FUZZ_CHECK(!config.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!config->base_url.empty());
  FUZZ_CHECK(!config->database.empty());
  FUZZ_CHECK(config->mail_from.find('@') != std::string::npos);
  auto again = load(text);
  FUZZ_CHECK(again && *again == *config);
  return 0;
}
