// Runs the real `barometer` binary as a child process on a free loopback port, for tests that
// exercise the whole program (CLI, config, store, server) the way an operator would.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace barometer::testing {

class ServerProcess {
 public:
  // Starts `barometer <args...> --listen 127.0.0.1:0` and waits (up to timeout_s) for the
  // "Listening on http://HOST:PORT" line on its stdout. Throws std::runtime_error on failure.
  explicit ServerProcess(const std::vector<std::string>& args, int timeout_s = 120,
                         const std::vector<std::string>& extra_env = {});
  ~ServerProcess();  // SIGTERM, then SIGKILL if it does not stop within 10 s
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  // Sends SIGTERM and returns the exit status (or -1 if it had to be killed).
  int terminate(int timeout_s = 15);
  // SIGKILL at once, as a crash or the OOM killer would; returns when the process is gone.
  void kill();
  // Everything the process wrote to stdout so far (after the listening line, read on demand).
  std::string output();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  std::string output_;
};

// Runs `barometer <args...>` to completion; returns {exit status, stdout+stderr}.
std::pair<int, std::string> run_barometer(const std::vector<std::string>& args,
                                          const std::vector<std::string>& extra_env = {});

}  // namespace barometer::testing
