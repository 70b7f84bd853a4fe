// Helpers for tests that check output with Debian's /usr/bin/python3 (the `python3` on PATH may be
// another build without aiosmtpd or dkim): run a script to completion, or keep a loopback SMTP
// server (support/smtp_server.py) running for the life of an object.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace barometer::testing {

// Runs `/usr/bin/python3 <script> <args...>`; returns {exit status, stdout}. stderr is passed
// through to the test's stderr. Throws std::runtime_error when the process cannot be started.
std::pair<int, std::string> run_python(const std::filesystem::path& script, const std::vector<std::string>& args);

// support/smtp_server.py on a free loopback port, writing messages to its own directory.
class SmtpServer {
 public:
  // `args` are smtp_server.py options other than --dir ("--reject", "a@b", "--auth", "u:p" ...).
  // Waits up to 30 s for the port; throws std::runtime_error on failure.
  SmtpServer(const std::filesystem::path& dir, const std::vector<std::string>& args = {});
  ~SmtpServer();  // SIGTERM, then SIGKILL after 5 s
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // The received messages' files (NNNN.eml), in arrival order.
  std::vector<std::filesystem::path> messages() const;
  // How many connections the server has accepted so far.
  int connections() const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace barometer::testing
