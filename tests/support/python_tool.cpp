#include "support/python_tool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/temp_dir.hpp"

namespace barometer::testing {

namespace {

constexpr const char* kPython = "/usr/bin/python3";

// fork + exec python with stdout on a pipe; returns {pid, read end}.
std::pair<pid_t, int> spawn(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(kPython, args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

}  // namespace

std::pair<int, std::string> run_python(const std::filesystem::path& script, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kPython, script.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto [pid, fd] = spawn(argv);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

SmtpServer::SmtpServer(const std::filesystem::path& dir, const std::vector<std::string>& args) : dir_(dir) {
  std::vector<std::string> argv = {kPython, (source_dir() / "tests" / "support" / "smtp_server.py").string(), "--dir",
                                   dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto [pid, fd] = spawn(argv);
  pid_ = pid;
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char c;
    const ssize_t n = ::read(fd, &c, 1);
    if (n <= 0) break;
    if (c != '\n') {
      line += c;
      continue;
    }
    if (line.starts_with("PORT ")) port_ = std::stoi(line.substr(5));
    line.clear();
  }
  ::close(fd);
  if (port_ == 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    throw std::runtime_error("smtp_server.py did not start (is python3-aiosmtpd installed?)");
  }
}

SmtpServer::~SmtpServer() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::vector<std::filesystem::path> SmtpServer::messages() const {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir_))
    if (e.path().extension() == ".eml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

int SmtpServer::connections() const {
  std::ifstream in(dir_ / "connections");
  int n = -1;
  in >> n;
  return n;
}

}  // namespace barometer::testing
