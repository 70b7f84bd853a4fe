#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <regex>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace barometer::testing {

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& extra_env, int& out_fd,
            bool merge_stderr) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    if (merge_stderr) ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    for (const auto& e : extra_env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    std::string binary = BAROMETER_BINARY;
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    _exit(127);
  }
  ::close(pipe_fds[1]);
  out_fd = pipe_fds[0];
  return pid;
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& args, int timeout_s,
                             const std::vector<std::string>& extra_env) {
  auto full = args;
  full.push_back("--listen");
  full.push_back("127.0.0.1:0");
  pid_ = spawn(full, extra_env, stdout_fd_, false);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  static const std::regex listening(R"(Listening on http://127\.0\.0\.1:(\d+))");
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      char buf[4096];
      ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
      if (n <= 0) break;
      output_.append(buf, std::size_t(n));
      std::smatch m;
      if (std::regex_search(output_, m, listening)) {
        port_ = std::stoi(m[1]);
        return;
      }
    }
  }
  terminate(5);
  throw std::runtime_error("barometer did not start listening; output:\n" + output_);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate(10);
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::string ServerProcess::output() {
  pollfd p{stdout_fd_, POLLIN, 0};
  while (stdout_fd_ >= 0 && ::poll(&p, 1, 0) > 0) {
    char buf[4096];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, std::size_t(n));
  }
  return output_;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::terminate(int timeout_s) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    output();  // keep draining so the child never blocks on a full pipe
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::pair<int, std::string> run_barometer(const std::vector<std::string>& args,
                                          const std::vector<std::string>& extra_env) {
  int fd = -1;
  pid_t pid = spawn(args, extra_env, fd, true);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, std::size_t(n));
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

}  // namespace barometer::testing
