// A webhook receiver on loopback for tests: a small HTTP/1.1 server on plain POSIX sockets (no
// Boost, so the tests do not lean on the client's own library) that records every request and
// answers with a chosen status — or holds the request without answering (a hanging receiver)
// until released or stopped. One thread per connection; requests are closed after the answer.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace barometer::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class WebhookReceiver {
 public:
  WebhookReceiver();  // listens on 127.0.0.1, a free port
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;

  // What the next requests get: `status` with `body`; hang = true holds them unanswered.
  void answer(int status, std::string body = "ok");
  void hang(bool on);

  // Waits until `n` requests arrived (their heads and bodies read); false after `timeout`.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout);
  std::vector<ReceivedRequest> requests() const;

 private:
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ReceivedRequest> requests_;  // guarded by mutex_
  int status_ = 200;                       // guarded by mutex_
  std::string body_ = "ok";                // guarded by mutex_
  bool hang_ = false;                      // guarded by mutex_
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // guarded by mutex_
};

}  // namespace barometer::testing
