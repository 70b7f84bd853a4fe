// Runs the real `barometer` with a message on its stdin through a pipe, as an MTA's pipe delivery
// does (`cat FILE | barometer ARGS`), for the unsubscribe-mail tests.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace barometer::testing {

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// {exit status, stdout+stderr}. `work` is a folder for the message and output files.
inline std::pair<int, std::string> pipe_into_barometer(const std::filesystem::path& work, const std::string& message,
                                                       const std::vector<std::string>& args,
                                                       const std::vector<std::string>& env = {}) {
  const auto in = work / "stdin.eml";
  const auto out = work / "output.txt";
  std::ofstream(in, std::ios::binary) << message;
  std::string cmd = "cat " + shell_quote(in.string()) + " | env";
  for (const auto& e : env) cmd += " " + shell_quote(e);
  cmd += " " + shell_quote(BAROMETER_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(out.string()) + " 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream o(out, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(o)), {});
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

}  // namespace barometer::testing
