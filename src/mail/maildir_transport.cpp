#include "mail/maildir_transport.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace barometer::mail {

namespace {

namespace fs = std::filesystem;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string unique_name() {
  static std::atomic<unsigned long> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now).count();
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count() % 1'000'000;
  char host[256] = "localhost";
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "localhost");
  std::string h;
  for (const char* p = host; *p; ++p) h += (*p == '/' || *p == ':') ? '_' : *p;  // '/' and ':' break names
  return std::to_string(secs) + ".M" + std::to_string(micros) + "P" + std::to_string(::getpid()) + "Q" +
         std::to_string(counter.fetch_add(1)) + "." + h;
}

bool fsync_dir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.get() >= 0 && ::fsync(fd.get()) == 0;
}

}  // namespace

Result<MaildirTransport> MaildirTransport::open(const std::string& dir) {
  std::error_code ec;
  for (const char* sub : {"tmp", "new", "cur"}) {
    fs::create_directories(fs::path(dir) / sub, ec);
    if (ec) return io_error("cannot create Maildir " + (fs::path(dir) / sub).string() + ": " + ec.message());
  }
  return MaildirTransport(dir);
}

SendResult MaildirTransport::send(const Envelope&, const std::string& message) {
  const std::string name = unique_name();
  const std::string tmp = (fs::path(dir_) / "tmp" / name).string();
  const std::string dst = (fs::path(dir_) / "new" / name).string();
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
    if (fd.get() < 0) return {Outcome::transient, 0, errno_text("cannot create " + tmp)};
    std::size_t done = 0;
    while (done < message.size()) {
      const ssize_t n = ::write(fd.get(), message.data() + done, message.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const std::string err = errno_text("cannot write " + tmp);
        ::unlink(tmp.c_str());
        return {Outcome::transient, 0, err};
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
      const std::string err = errno_text("cannot flush " + tmp);
      ::unlink(tmp.c_str());
      return {Outcome::transient, 0, err};
    }
  }
  if (::rename(tmp.c_str(), dst.c_str()) != 0) {
    const std::string err = errno_text("cannot move into " + dst);
    ::unlink(tmp.c_str());
    return {Outcome::transient, 0, err};
  }
  last_path_ = dst;
  // The rename is durable only once new/ itself is on disk. If that fsync fails the message is
  // still in new/: reporting transient would make the caller deliver it twice.
  if (!fsync_dir((fs::path(dir_) / "new").string())) return {Outcome::accepted, 0, errno_text(dst + " (new/ not fsync'ed)")};
  return {Outcome::accepted, 0, dst};
}

}  // namespace barometer::mail
