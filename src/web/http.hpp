// Plain HTTP request/response types and the Handler interface. No Boost here on purpose:
// everything above the socket (routing, pages, middleware) is written and tested against these
// types without a network; only web/server.cpp knows Beast.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::web {

struct Header {
  std::string name;   // as received / to send; lookups are case-insensitive
  std::string value;
};

struct Request {
  std::string method;          // "GET", "HEAD", "POST", ...
  std::string target;          // raw request-target: "/en/topics/security/?page=2"
  std::string path;            // target before '?', still percent-encoded
  std::string query;           // target after '?', raw ("" when none)
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;  // peer IP as text

  // The first header with that name (case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  // Shared so that cached pages are sent without copying.
  std::shared_ptr<const std::string> body = std::make_shared<const std::string>();
  // Optional precomputed gzip form of `body` (cached pages carry one); see middleware.
  std::shared_ptr<const std::string> gzip_body;

  std::string_view header(std::string_view name) const;
  void set_header(std::string name, std::string value);  // replaces any same-named header
  void remove_header(std::string_view name);
  void set_body(std::string text) { body = std::make_shared<const std::string>(std::move(text)); }
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Must not throw for bad input (that is a 4xx response); a throw is a bug and becomes a 500.
  virtual Response handle(const Request& request) = 0;
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace barometer::web
