#include "web/access_log.hpp"

#include <charconv>

namespace barometer::web {
namespace {

// Above this many buffered bytes the writer is woken early instead of waiting for the interval.
constexpr std::size_t kEagerFlushBytes = 64 * 1024;
// Above this many buffered bytes lines are dropped (disk stalled): memory stays bounded.
constexpr std::size_t kMaxPendingBytes = 16u << 20;

void append_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void append_line(std::string& out, const AccessLogEntry& e) {
  append_escaped(out, e.remote);
  out += ' ';
  append_escaped(out, e.method);
  out += " \"";
  append_escaped(out, e.target);
  out += "\" ";
  append_number(out, static_cast<std::uint64_t>(e.status));
  out += ' ';
  append_number(out, e.bytes);
  out += ' ';
  append_number(out, e.duration_us);
  out += " \"";
  append_escaped(out, e.user_agent);
  out += "\"\n";
}

}  // namespace

std::string format_access_line(const AccessLogEntry& entry) {
  std::string line;
  append_line(line, entry);
  return line;
}

AccessLog::AccessLog(std::FILE* out, std::chrono::milliseconds flush_interval)
    : out_(out), flush_interval_(flush_interval), writer_([this] { run(); }) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void AccessLog::write(const AccessLogEntry& entry) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() > kMaxPendingBytes) return;
    append_line(pending_, entry);
    wake = pending_.size() >= kEagerFlushBytes;
  }
  if (wake) wake_.notify_one();
}

AccessLogSink AccessLog::sink() {
  return [this](const AccessLogEntry& entry) { write(entry); };
}

void AccessLog::run() {
  std::string batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, flush_interval_, [&] { return stopping_ || pending_.size() >= kEagerFlushBytes; });
    batch.clear();
    batch.swap(pending_);  // the request threads keep appending into the other buffer
    bool stop = stopping_;
    lock.unlock();
    if (!batch.empty()) {
      std::fwrite(batch.data(), 1, batch.size(), out_);
      std::fflush(out_);
    }
    lock.lock();
    if (stop && pending_.empty()) return;
  }
}

}  // namespace barometer::web
