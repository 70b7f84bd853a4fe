// A tiny blocking HTTP/1.1 client for tests that talk to a real server on loopback.
// Reads responses with Content-Length (or until close); enough for barometer's own responses.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace barometer::testing {

struct HttpReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string header(const std::string& name) const;  // case-insensitive, "" if absent
  bool has_header(const std::string& name) const;
};

class HttpConnection {
 public:
  HttpConnection(const std::string& host, int port);  // throws std::runtime_error if it can't connect
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends raw bytes as they are.
  void send_raw(const std::string& bytes);
  // Reads one response; `head_request` = no body expected. nullopt if the peer closed first.
  std::optional<HttpReply> read_reply(bool head_request = false, int timeout_ms = 10000);
  // True when the server has closed the connection (reads EOF within timeout_ms).
  bool closed_by_peer(int timeout_ms);

  HttpReply request(const std::string& method, const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers = {},
                    const std::string& body = "");

 private:
  int fd_ = -1;
  std::string buffer_;
};

// The value of cookie `name` that `reply` sets ("" if it sets none).
std::string set_cookie(const HttpReply& reply, const std::string& name);
// The CSRF token of the first form in `page` (name="_csrf"), "" if there is none.
std::string csrf_in(const std::string& page);

// One request on a fresh connection.
HttpReply http_get(int port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace barometer::testing
