#include "web/wire.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace barometer::web {
namespace {

TEST(HttpDate, FormatsImfFixdateInUtc) {
  struct Case {
    std::time_t t;
    std::string_view out;
  };
  const Case cases[] = {
      {0, "Thu, 01 Jan 1970 00:00:00 GMT"},
      {784111777, "Sun, 06 Nov 1994 08:49:37 GMT"},  // RFC 9110's example
      {951782400, "Tue, 29 Feb 2000 00:00:00 GMT"},
      {1704067199, "Sun, 31 Dec 2023 23:59:59 GMT"},
      {4102444800, "Fri, 01 Jan 2100 00:00:00 GMT"},
  };
  for (const auto& c : cases) EXPECT_EQ(format_http_date(c.t), c.out) << c.t;
}

TEST(HttpDate, NowIsTheCurrentSecond) {
  const std::time_t before = std::time(nullptr);
  const std::string now(http_date_now());
  const std::time_t after = std::time(nullptr);
  EXPECT_TRUE(now == format_http_date(before) || now == format_http_date(after)) << now;
}

TEST(ReasonPhrase, KnownCodesAndUnknown) {
  struct Case {
    int status;
    std::string_view out;
  };
  const Case cases[] = {
      {200, "OK"},          {204, "No Content"},
      {304, "Not Modified"}, {400, "Bad Request"},
      {404, "Not Found"},   {413, "Payload Too Large"},
      {422, "Unprocessable Entity"}, {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"}, {500, "Internal Server Error"},
      {503, "Service Unavailable"}, {599, "Network Connect Timeout Error"},
      {418, "Unknown"},     {299, "Unknown"},
      {0, "Unknown"},       {-1, "Unknown"},
      {1000, "Unknown"},
  };
  for (const auto& c : cases) EXPECT_EQ(reason_phrase(c.status), c.out) << c.status;
}

TEST(StatusHasBody, OnlyBodilessStatusesAreExcluded) {
  struct Case {
    int status;
    bool body;
  };
  const Case cases[] = {{100, false}, {199, false}, {200, true}, {204, false}, {206, true},
                        {301, true},  {304, false}, {404, true}, {500, true}};
  for (const auto& c : cases) EXPECT_EQ(status_has_body(c.status), c.body) << c.status;
}

TEST(SetTarget, SplitsPathAndQueryAtTheFirstQuestionMark) {
  struct Case {
    std::string_view target, path, query;
  };
  const Case cases[] = {
      {"/", "/", ""},
      {"/en/topics/x/", "/en/topics/x/", ""},
      {"/a?b=1&c=2", "/a", "b=1&c=2"},
      {"/a?", "/a", ""},
      {"/a?b=?c", "/a", "b=?c"},
      {"/%3F?x", "/%3F", "x"},  // still percent-encoded
      {"*", "*", ""},
  };
  Request request;
  request.query = "left over from the previous request";
  for (const auto& c : cases) {
    set_target(request, c.target);
    EXPECT_EQ(request.target, c.target);
    EXPECT_EQ(request.path, c.path) << c.target;
    EXPECT_EQ(request.query, c.query) << c.target;
  }
}

Response with_headers(int status, std::vector<Header> headers, std::string body = "") {
  Response r;
  r.status = status;
  r.headers = std::move(headers);
  r.set_body(std::move(body));
  return r;
}

TEST(ResponseHead, IsSerializedByteForByte) {
  constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";
  struct Case {
    std::string name;
    Response response;
    Framing framing;
    std::string head;
    std::vector<std::string> logged;
  };
  const Case cases[] = {
      {"keep-alive 1.1",
       with_headers(200, {{"Content-Type", "text/html"}}),
       {.content_length = 12, .keep_alive = true, .version = 11},
       "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nDate: " + std::string(kDate) +
           "\r\nContent-Length: 12\r\n\r\n",
       {}},
      {"close",
       with_headers(404, {}),
       {.content_length = 0, .keep_alive = false, .version = 11},
       "HTTP/1.1 404 Not Found\r\nDate: " + std::string(kDate) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
       {}},
      {"keep-alive 1.0 is announced",
       with_headers(200, {}),
       {.content_length = 3, .keep_alive = true, .version = 10},
       "HTTP/1.1 200 OK\r\nDate: " + std::string(kDate) + "\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\n",
       {}},
      {"304 and 204 have no length",
       with_headers(304, {{"ETag", "\"x\""}}),
       {.content_length = 99, .keep_alive = true, .version = 11},
       "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nDate: " + std::string(kDate) + "\r\n\r\n",
       {}},
      {"the handler's Date wins, case-insensitively",
       with_headers(204, {{"date", "Mon, 01 Jan 2024 00:00:00 GMT"}}),
       {.content_length = 0, .keep_alive = true, .version = 11},
       "HTTP/1.1 204 No Content\r\ndate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n",
       {}},
      {"framing headers are the server's",
       with_headers(200, {{"content-length", "5"}, {"Transfer-Encoding", "chunked"}, {"Connection", "upgrade"},
                          {"Keep-Alive", "timeout=5"}, {"X-Kept", "1"}}),
       {.content_length = 1, .keep_alive = false, .version = 11},
       "HTTP/1.1 200 OK\r\nX-Kept: 1\r\nDate: " + std::string(kDate) +
           "\r\nContent-Length: 1\r\nConnection: close\r\n\r\n",
       {}},
      {"control characters drop the header and are logged",
       with_headers(200, {{"X-Evil", "a\r\nSet-Cookie: x=1"}, {"X-Bad\n", "v"}, {"", "v"},
                          {std::string("X-Nul"), std::string("a\0b", 3)}, {"X-Good", "ok"}}),
       {.content_length = 0, .keep_alive = true, .version = 11},
       "HTTP/1.1 200 OK\r\nX-Good: ok\r\nDate: " + std::string(kDate) + "\r\nContent-Length: 0\r\n\r\n",
       {"dropped response header with control characters: X-Evil",
        "dropped response header with control characters: X-Bad\n",
        "dropped response header with control characters: ",
        "dropped response header with control characters: X-Nul"}},
      {"unknown status",
       with_headers(299, {}),
       {.content_length = 0, .keep_alive = true, .version = 11},
       "HTTP/1.1 299 Unknown\r\nDate: " + std::string(kDate) + "\r\nContent-Length: 0\r\n\r\n",
       {}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> logged;
    std::string out = "kept ";  // appends, never clears
    append_response_head(out, c.response, c.framing, kDate,
                         [&](std::string_view line) { logged.emplace_back(line); });
    EXPECT_EQ(out, "kept " + c.head) << c.name;
    EXPECT_EQ(logged, c.logged) << c.name;
  }
}

TEST(ResponseHead, LogsAtMost64BytesOfALongName) {
  std::vector<std::string> logged;
  std::string out;
  append_response_head(out, with_headers(200, {{std::string(100, 'n') + "\r", "v"}}), {}, "d",
                       [&](std::string_view line) { logged.emplace_back(line); });
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0], "dropped response header with control characters: " + std::string(64, 'n'));
}

TEST(PlainResponse, IsUtf8TextWithTheBody) {
  const Response r = plain_response(413, "Payload Too Large");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(*r.body, "Payload Too Large");
}

TEST(KeepConnectionOpen, ClientServerAndRequestLimitMustAllAgree) {
  struct Case {
    bool client, stopping;
    std::size_t served, max;
    bool open;
  };
  const Case cases[] = {
      {true, false, 0, 0, true},      // unlimited
      {true, false, 5000, 0, true},
      {false, false, 0, 0, false},    // the client said close (or HTTP/1.0 without keep-alive)
      {true, true, 0, 0, false},      // shutting down
      {true, false, 0, 1, false},     // one request per connection
      {true, false, 0, 2, true},
      {true, false, 1, 2, false},     // the second of two is the last
      {true, false, 998, 1000, true},
      {true, false, 999, 1000, false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(keep_connection_open(c.client, c.stopping, c.served, c.max), c.open)
        << c.client << c.stopping << " " << c.served << "/" << c.max;
}

class FixedHandler final : public Handler {
 public:
  explicit FixedHandler(std::function<Response()> f) : f_(std::move(f)) {}
  Response handle(const Request&) override { return f_(); }

 private:
  std::function<Response()> f_;
};

TEST(Respond, PassesGoodResponsesAndTurnsFailuresIntoAGeneric500) {
  struct Case {
    std::string name;
    std::function<Response()> handler;
    int status;
    std::string body;
    std::vector<std::string> logged;
  };
  const Case cases[] = {
      {"ok", [] { return plain_response(201, "made"); }, 201, "made", {}},
      {"std::exception", []() -> Response { throw std::runtime_error("secret detail"); }, 500,
       "Internal Server Error\n", {"handler failed on POST /x?y: secret detail"}},
      {"anything else", []() -> Response { throw 42; }, 500, "Internal Server Error\n",
       {"handler failed on POST /x?y: unknown exception"}},
      {"status below 200", [] { return plain_response(101, ""); }, 500, "Internal Server Error\n",
       {"handler returned an invalid response on /x?y"}},
      {"status above 599", [] { return plain_response(600, ""); }, 500, "Internal Server Error\n",
       {"handler returned an invalid response on /x?y"}},
      {"no body",
       [] {
         Response r;
         r.body.reset();
         return r;
       },
       500, "Internal Server Error\n", {"handler returned an invalid response on /x?y"}},
  };
  Request request;
  set_target(request, "/x?y");
  for (const auto& c : cases) {
    FixedHandler handler(c.handler);
    std::vector<std::string> logged;
    const Response r = respond(handler, request, "POST", [&](std::string_view line) { logged.emplace_back(line); });
    EXPECT_EQ(r.status, c.status) << c.name;
    ASSERT_TRUE(r.body) << c.name;
    EXPECT_EQ(*r.body, c.body) << c.name;
    EXPECT_EQ(logged, c.logged) << c.name;
  }
}

TEST(ListenAddress, ParsesHostAndPortOrSaysWhatIsWrong) {
  struct Case {
    std::string_view listen;
    std::string host;     // "" when invalid
    std::uint16_t port;
    std::string error;    // the message when invalid
  };
  const Case cases[] = {
      {"127.0.0.1:8080", "127.0.0.1", 8080, ""},
      {":80", "0.0.0.0", 80, ""},
      {"localhost:0", "localhost", 0, ""},
      {"[::1]:8080", "::1", 8080, ""},
      {"[::]:65535", "::", 65535, ""},
      {"[]:1", "0.0.0.0", 1, ""},
      {"host:80:81", "host:80", 81, ""},  // the last colon splits; resolving the host will fail
      {"8080", "", 0, "listen address \"8080\": expected host:port"},
      {"[::1]8080", "", 0, "listen address \"[::1]8080\": expected [v6-address]:port"},
      {"[::1", "", 0, "listen address \"[::1\": expected [v6-address]:port"},
      {"[::1]:", "", 0, "listen address \"[::1]:\": bad port"},
      {"host:", "", 0, "listen address \"host:\": bad port"},
      {"host:65536", "", 0, "listen address \"host:65536\": bad port"},
      {"host:-1", "", 0, "listen address \"host:-1\": bad port"},
      {"host:80x", "", 0, "listen address \"host:80x\": bad port"},
      {"host: 80", "", 0, "listen address \"host: 80\": bad port"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_listen_address(c.listen);
    if (c.error.empty()) {
      ASSERT_TRUE(parsed.ok()) << c.listen << ": " << parsed.error().message;
      EXPECT_EQ(parsed->host, c.host) << c.listen;
      EXPECT_EQ(parsed->port, c.port) << c.listen;
    } else {
      ASSERT_FALSE(parsed.ok()) << c.listen;
      EXPECT_EQ(parsed.code(), ErrorCode::invalid);
      EXPECT_EQ(parsed.error().message, c.error);
    }
  }
}

}  // namespace
}  // namespace barometer::web
