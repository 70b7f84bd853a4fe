#include "web/wire.hpp"

#include <charconv>
#include <cstdio>
#include <exception>

namespace barometer::web {
namespace {

// Headers the server owns: a handler's value would contradict the framing the server chooses.
constexpr std::string_view kServerOwned[] = {"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"};
// How much of a dropped header's name goes into the error log.
constexpr std::size_t kLoggedNameBytes = 64;

struct Reason {
  int status;
  std::string_view phrase;
};
// The phrases the server has always sent (the set Boost.Beast knows): RFC 9110's and the IANA
// registry's, plus the non-standard 444, 499 and 599. Any other code goes out as "Unknown";
// HTTP/1.1 clients ignore the phrase (RFC 9112, section 4), so the set only matters to people.
constexpr Reason kReasons[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {102, "Processing"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {203, "Non-Authoritative Information"},
    {204, "No Content"},
    {205, "Reset Content"},
    {206, "Partial Content"},
    {207, "Multi-Status"},
    {208, "Already Reported"},
    {226, "IM Used"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {305, "Use Proxy"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Payload Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Entity"},
    {423, "Locked"},
    {424, "Failed Dependency"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {444, "Connection Closed Without Response"},
    {451, "Unavailable For Legal Reasons"},
    {499, "Client Closed Request"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
    {506, "Variant Also Negotiates"},
    {507, "Insufficient Storage"},
    {508, "Loop Detected"},
    {510, "Not Extended"},
    {511, "Network Authentication Required"},
    {599, "Network Connect Timeout Error"},
};

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

bool safe_header_text(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) == s.npos; }

bool server_owned(std::string_view name) {
  for (std::string_view owned : kServerOwned)
    if (iequals(name, owned)) return true;
  return false;
}

Response internal_error() { return plain_response(500, "Internal Server Error\n"); }

}  // namespace

std::string format_http_date(std::time_t t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const int len = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return std::string(buf, static_cast<std::size_t>(len));
}

std::string_view http_date_now() {
  // Every response carries a Date: format it once a second, not once a response.
  thread_local std::time_t cached = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    text = format_http_date(now);
    cached = now;
  }
  return text;
}

std::string_view reason_phrase(int status) {
  for (const Reason& r : kReasons)
    if (r.status == status) return r.phrase;
  return "Unknown";
}

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

void set_target(Request& request, std::string_view target) {
  request.target.assign(target);
  const std::size_t q = target.find('?');
  request.path.assign(target.substr(0, q));
  if (q == std::string_view::npos)
    request.query.clear();
  else
    request.query.assign(target.substr(q + 1));
}

void append_response_head(std::string& out, const Response& response, const Framing& framing,
                          std::string_view date, const ErrorLog& log_error) {
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::uint64_t>(response.status));
  out += ' ';
  out += reason_phrase(response.status);
  out += "\r\n";
  bool has_date = false;
  for (const auto& h : response.headers) {
    if (server_owned(h.name)) continue;
    if (h.name.empty() || !safe_header_text(h.name) || !safe_header_text(h.value)) {
      // Never let a value with CR/LF split the response; drop it and say so.
      log_error("dropped response header with control characters: " + h.name.substr(0, kLoggedNameBytes));
      continue;
    }
    has_date = has_date || iequals(h.name, "Date");
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (!has_date) {
    out += "Date: ";
    out += date;
    out += "\r\n";
  }
  if (status_has_body(response.status)) {
    out += "Content-Length: ";
    append_number(out, framing.content_length);
    out += "\r\n";
  }
  if (!framing.keep_alive)
    out += "Connection: close\r\n";
  else if (framing.version < 11)
    out += "Connection: keep-alive\r\n";
  out += "\r\n";
}

Response plain_response(int status, std::string_view text) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_body(std::string(text));
  return r;
}

bool keep_connection_open(bool client_keep_alive, bool stopping, std::size_t served, std::size_t max_requests) {
  return client_keep_alive && !stopping && (max_requests == 0 || served + 1 < max_requests);
}

Response respond(Handler& handler, const Request& request, std::string_view method, const ErrorLog& log_error) {
  const auto failed = [&](std::string_view what) {
    log_error("handler failed on " + std::string(method) + " " + request.target + ": " + std::string(what));
  };
  Response response;
  try {
    response = handler.handle(request);
  } catch (const std::exception& e) {
    failed(e.what());
    return internal_error();
  } catch (...) {
    failed("unknown exception");
    return internal_error();
  }
  if (response.status < 200 || response.status > 599 || !response.body) {
    log_error("handler returned an invalid response on " + request.target);
    return internal_error();
  }
  return response;
}

Result<ListenAddress> parse_listen_address(std::string_view listen) {
  const auto bad = [&](std::string_view why) {
    return invalid("listen address \"" + std::string(listen) + "\": " + std::string(why));
  };
  std::string_view host, port_text;
  if (listen.starts_with('[')) {
    const std::size_t close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
      return bad("expected [v6-address]:port");
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos) return bad("expected host:port");
    host = listen.substr(0, colon);
    port_text = listen.substr(colon + 1);
  }
  ListenAddress out;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), out.port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size()) return bad("bad port");
  out.host = host.empty() ? std::string("0.0.0.0") : std::string(host);
  return out;
}

}  // namespace barometer::web
