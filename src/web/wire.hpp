// The HTTP/1.1 server's wire logic that needs no socket: dates, status lines and response heads,
// the request-target split, the keep-alive decision, the handler call's safety net and the
// listen address syntax. Boost-free on purpose (web/server.cpp is the only Beast/Asio unit):
// it compiles fast and is tested byte for byte without a network (tests/web/wire_test.cpp).
//
// Pure functions, thread-safe; http_date_now() keeps a per-thread cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "web/http.hpp"

namespace barometer::web {

// Where the server reports what it drops or replaces: one line, no newline.
using ErrorLog = std::function<void(std::string_view)>;

// RFC 9110 IMF-fixdate of `t`, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (UTC, English names
// whatever the locale).
std::string format_http_date(std::time_t t);
// The current time as an IMF-fixdate, formatted at most once a second per thread. The view is
// valid until this thread calls again.
std::string_view http_date_now();

// The reason phrase for `status` ("Not Found"), or "Unknown" for an unregistered code.
std::string_view reason_phrase(int status);

// Whether a response with this status has a body, hence a Content-Length (not 1xx, 204, 304).
bool status_has_body(int status);

// Sets request.target to `target` and request.path / request.query to its parts before and after
// the first '?' (query "" when there is none). Assigns into the existing strings, so a Request
// reused across a connection's requests keeps their capacity.
void set_target(Request& request, std::string_view target);

// How the server frames one response.
struct Framing {
  // The body's size in bytes; for HEAD, the size of the body that is not sent.
  std::size_t content_length = 0;
  // false: "Connection: close" (the server closes after this response).
  bool keep_alive = true;
  // The request's HTTP version as major*10+minor; an HTTP/1.0 client is told "keep-alive".
  unsigned version = 11;
};

// Appends the status line, the response's headers and the blank line to `out`. The server owns
// the framing, so a response's Content-Length, Transfer-Encoding, Connection and Keep-Alive are
// left out; a header with an empty name or a CR, LF or NUL in its name or value is dropped too
// (it could split the response) and reported to `log_error`. Adds "Date: `date`" unless the
// response has a Date, and Content-Length when the status has a body.
void append_response_head(std::string& out, const Response& response, const Framing& framing,
                          std::string_view date, const ErrorLog& log_error);

// A text/plain; charset=utf-8 response with `text` as its body.
Response plain_response(int status, std::string_view text);

// Whether the connection stays open after the response to its request number `served` (0 for
// the first): the client asked for it, the server is not stopping, and `max_requests` (0 =
// unlimited) leaves room for another request.
bool keep_connection_open(bool client_keep_alive, bool stopping, std::size_t served, std::size_t max_requests);

// handler.handle(request), made safe to send: a throw, a status outside 200..599 or a missing
// body become a generic 500 (the details go to `log_error` with `method` and the target, never
// to the client). Never throws.
Response respond(Handler& handler, const Request& request, std::string_view method, const ErrorLog& log_error);

// A listen address split into host and port: "host:port", "[v6-address]:port", or ":port" (host
// "0.0.0.0", every IPv4 interface). invalid, quoting the address, for anything else or a port
// that is not a number from 0 to 65535.
struct ListenAddress {
  std::string host;  // a name or an address literal, without brackets
  std::uint16_t port = 0;
};
Result<ListenAddress> parse_listen_address(std::string_view listen);

}  // namespace barometer::web
