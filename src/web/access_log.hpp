// Access log: one line per request, written off the request path.
//
// The server hands each finished request to ServerOptions::access_log as an AccessLogEntry
// (views valid only during the call). AccessLog is a ready sink: it formats the line into a
// shared buffer under a short mutex and a background thread writes batches to a FILE*, so
// requests never wait on disk and never flush per line.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace barometer::web {

struct AccessLogEntry {
  std::string_view remote;      // peer IP
  std::string_view method;      // as received (HEAD stays HEAD)
  std::string_view target;      // raw request-target
  int status = 0;
  std::uint64_t bytes = 0;      // body bytes sent (0 for HEAD and 304)
  std::uint64_t duration_us = 0;  // from the complete header to the response written
  std::string_view user_agent;  // "" when absent
};

using AccessLogSink = std::function<void(const AccessLogEntry&)>;

// `remote method "target" status bytes duration_us "user-agent"`; quotes, backslashes and
// control characters inside target and user-agent are escaped (\" \\ \xHH) so a line cannot be
// forged by a client.
std::string format_access_line(const AccessLogEntry& entry);

class AccessLog {
 public:
  // Writes to `out` (not owned, e.g. stdout or an fopen'ed file kept open by the caller).
  // `flush_interval`: how often buffered lines are written even if few. Default 200 ms.
  explicit AccessLog(std::FILE* out, std::chrono::milliseconds flush_interval = std::chrono::milliseconds(200));
  ~AccessLog();  // writes what is buffered, then stops the writer thread
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessLogEntry& entry);  // thread-safe, never blocks on I/O
  // A sink for ServerOptions::access_log; this AccessLog must outlive the server.
  AccessLogSink sink();

 private:
  void run();

  std::FILE* out_;
  std::chrono::milliseconds flush_interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread writer_;
};

}  // namespace barometer::web
