// web::Server over real sockets on 127.0.0.1 with port 0, driven by a small blocking client.
#include "web/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace barometer::web {
namespace {

using namespace std::chrono_literals;

// ---- a tiny blocking HTTP client -------------------------------------------------------------

struct Reply {
  int status = 0;
  std::vector<Header> headers;
  std::string body;
  std::string header(std::string_view name) const {
    for (const auto& h : headers)
      if (iequals(h.name, name)) return h.value;
    return {};
  }
};

class Client {
 public:
  explicit Client(std::uint16_t port, std::chrono::milliseconds timeout = 5s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;  // tiny writes go out at once (RequestSplitAcrossManyWritesIsParsed)
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; `head_request` = the response has no body whatever Content-Length says.
  // status stays 0 when the connection closed or timed out first.
  Reply read_reply(bool head_request = false) {
    Reply reply;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return reply;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) return reply;
    reply.status = std::stoi(status_line.substr(9, 3));
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      std::size_t next = head.find("\r\n", pos);
      if (next == std::string::npos) next = head.size();
      std::string line = head.substr(pos, next - pos);
      std::size_t colon = line.find(':');
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers.push_back({line.substr(0, colon), value});
      pos = next + 2;
    }
    if (head_request) return reply;
    std::size_t length = reply.header("Content-Length").empty() ? 0 : std::stoul(reply.header("Content-Length"));
    while (buffer_.size() < length)
      if (!fill()) return Reply{};
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // True when the server closed the connection (EOF or reset) within the receive timeout, with
  // nothing else sent.
  bool closed_by_server() {
    if (!buffer_.empty()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  bool fill() {
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

ServerOptions listen_on(std::string address, unsigned threads = 1) {
  ServerOptions o;
  o.listen = std::move(address);
  o.threads = threads;
  return o;
}

// ---- a test handler and a running server -----------------------------------------------------

// Larger than what loopback socket buffers hold while the client does not read.
constexpr std::size_t kBigBody = 32u << 20;

class TestHandler final : public Handler {
 public:
  Response handle(const Request& request) override {
    seen_method = request.method;
    Response r;
    r.set_header("Content-Type", "text/plain");
    if (request.path == "/throw") throw std::runtime_error("secret-database-password");
    if (request.path == "/slow") {
      slow_started = true;
      std::this_thread::sleep_for(400ms);
      r.set_body("slow done");
      return r;
    }
    if (request.path == "/echo") {
      r.set_body(request.method + " " + request.query + " " + request.body);
      return r;
    }
    if (request.path == "/headers") {  // the names of the request's headers, one per line
      std::string names;
      for (const auto& h : request.headers) names += h.name + "=" + h.value + "\n";
      r.set_body(names);
      return r;
    }
    if (request.path == "/big") {
      r.set_body(std::string(kBigBody, 'x'));
      return r;
    }
    if (request.path == "/split") {
      r.set_header("X-Bad", "a\r\nInjected: yes");
      r.set_body("split");
      return r;
    }
    r.set_body("hello from " + request.path);
    return r;
  }
  std::atomic<bool> slow_started{false};
  std::string seen_method;
};

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    options.error_log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex_);
      errors_ += std::string(line) + "\n";
    };
    auto created = Server::create(std::move(options), handler_);
    ASSERT_TRUE(created.ok()) << created.error().message;
    server_ = std::move(created.value());
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string errors() {
    std::lock_guard lock(log_mutex_);
    return errors_;
  }

  TestHandler handler_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::mutex log_mutex_;
  std::string errors_;
};

// ---- the wire, one row per conversation -----------------------------------------------------

// One reply the client reads: status, headers (value "" = absent, "*" = present) and body.
struct Expected {
  int status = 200;
  std::vector<Header> headers = {};
  std::optional<std::string> body = {};
  bool head = false;  // the reply to a HEAD: no body, whatever Content-Length says
};

// What the client sends, then the replies it reads before sending more.
struct Step {
  std::string send;
  std::vector<Expected> replies;
  std::string handler_saw = {};  // the method the handler saw last, when set
};

struct WireCase {
  std::string name;  // the test's name: letters, digits and '_'
  std::vector<Step> steps;
  bool closed = false;          // the server closes the connection after the last reply
  std::size_t body_limit = 0;   // ServerOptions::body_limit, when not 0
  std::size_t max_requests = 0; // ServerOptions::max_requests_per_connection, when not 0
  std::string logged = {};      // the error log contains this
};

void PrintTo(const WireCase& c, std::ostream* os) { *os << c.name; }

// A GET of `path` on HTTP/1.1, answered "hello from `path`".
Step hello(const std::string& path) {
  return {"GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n", {{.body = "hello from " + path}}};
}
// `request` answered with `status` and nothing more on this connection.
WireCase refused(std::string name, std::string request, int status, std::size_t body_limit = 0) {
  return {.name = std::move(name), .steps = {{std::move(request), {{.status = status}}}}, .closed = true,
          .body_limit = body_limit};
}

const std::string kChunk(800, 'c');

const std::vector<WireCase> kWireCases = {
    {.name = "keep_alive_two_requests",
     .steps = {{"GET /one HTTP/1.1\r\nHost: t\r\n\r\n",
                {{.headers = {{"Connection", ""}, {"Date", "*"}}, .body = "hello from /one"}}},
               {"POST /echo?x=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde", {{.body = "POST x=1 abcde"}}}}},
    {.name = "pipelined_in_order",
     .steps = {{"GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n",
                {{.body = "hello from /a"}, {.body = "hello from /b"}}}}},
    {.name = "pipelined_head_then_get",
     .steps = {{"HEAD /h HTTP/1.1\r\nHost: t\r\n\r\nGET /g HTTP/1.1\r\nHost: t\r\n\r\n",
                {{.headers = {{"Content-Length", "13"}}, .head = true}, {.body = "hello from /g"}}}}},
    {.name = "http10_closes",
     .steps = {{"GET /old HTTP/1.0\r\n\r\n", {{.body = "hello from /old"}}}},
     .closed = true},
    {.name = "http10_keep_alive",
     .steps = {{"GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", {{.headers = {{"Connection", "keep-alive"}}}}},
               {"GET /k2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", {{.body = "hello from /k2"}}}}},
    {.name = "http11_connection_close",
     .steps = {{"GET /bye HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                {{.headers = {{"Connection", "close"}}, .body = "hello from /bye"}}}},
     .closed = true},
    // HEAD: headers and length, no body (had one been sent, it would be read as the next reply).
    {.name = "head_has_no_body",
     .steps = {{"HEAD /page HTTP/1.1\r\nHost: t\r\n\r\n",
                {{.headers = {{"Content-Length", "16"}, {"Content-Type", "text/plain"}}, .head = true}},
                "GET"},
               hello("/next")}},
    {.name = "http10_head",
     .steps = {{"HEAD /p HTTP/1.0\r\n\r\n", {{.headers = {{"Content-Length", "13"}}, .head = true}}}},
     .closed = true},
    // The method goes to the handler as sent (the public site answers 405 itself).
    {.name = "unknown_method_reaches_handler",
     .steps = {{"BREW /m HTTP/1.1\r\nHost: t\r\n\r\n", {{.body = "hello from /m"}}, "BREW"}}},
    refused("oversize_head", "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n", 431),
    refused("oversize_target", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 431),
    refused("oversize_body", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b'),
            413, 1000),
    // Chunked bodies are counted too.
    refused("oversize_chunked_body",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + kChunk + "\r\n320\r\n" +
                kChunk + "\r\n0\r\n\r\n",
            413, 1000),
    {.name = "body_at_the_limit",
     .steps = {{"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'b'), {{}}}},
     .body_limit = 1000},
    refused("garbage", std::string("\x01\x02\x03 garbage \xff\xfe\r\n\r\n", 18), 400),
    refused("bad_version", "GET / HTTP/9.Z\r\n\r\n", 400),
    refused("bad_method_characters", "G@T / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    refused("space_in_target", "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    refused("bad_content_length", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", 400),
    refused("header_without_colon", "GET / HTTP/1.1\r\nHost t\r\n\r\n", 400),
    // A handler's bug: a generic 500 without the exception's text (which is logged), and the
    // connection survives.
    {.name = "throwing_handler",
     .steps = {{"GET /throw HTTP/1.1\r\nHost: t\r\n\r\n", {{.status = 500, .body = "Internal Server Error\n"}}},
               {"GET /after HTTP/1.1\r\nHost: t\r\n\r\n", {{}}}},
     .logged = "secret-database-password"},
    {.name = "header_injection_dropped",
     .steps = {{"GET /split HTTP/1.1\r\nHost: t\r\n\r\n",
                {{.headers = {{"Injected", ""}, {"X-Bad", ""}}, .body = "split"}}}}},
    {.name = "max_requests_per_connection",
     .steps = {{"GET /1 HTTP/1.1\r\nHost: t\r\n\r\n", {{.headers = {{"Connection", ""}}}}},
               {"GET /2 HTTP/1.1\r\nHost: t\r\n\r\n", {{.headers = {{"Connection", "close"}}}}}},
     .closed = true,
     .max_requests = 2},
    {.name = "expect_continue",
     .steps = {{"POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
                {{.status = 100}}},  // before the body is sent
               {"abcde", {{.body = "POST  abcde"}}}}},
    // A body-less request right after a chunked one must not see its body.
    {.name = "chunked_body_reassembled",
     .steps = {{"POST /echo?c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                {{.body = "POST c hello world"}}},
               {"GET /echo HTTP/1.1\r\nHost: t\r\n\r\n", {{.body = "GET  "}}}}},
    {.name = "each_request_its_own_headers",
     .steps = {{"GET /headers HTTP/1.1\r\nHost: t\r\nX-One: 1\r\nX-Two: two words\r\n\r\n",
                {{.body = "Host=t\nX-One=1\nX-Two=two words\n"}}},
               {"GET /headers HTTP/1.1\r\nHost: u\r\n\r\n", {{.body = "Host=u\n"}}}}},
};

class ServerRows : public ServerTest, public ::testing::WithParamInterface<WireCase> {};

TEST_P(ServerRows, Converses) {
  const WireCase& row = GetParam();
  ServerOptions o;
  if (row.body_limit) o.body_limit = row.body_limit;
  if (row.max_requests) o.max_requests_per_connection = row.max_requests;
  start(o);
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  for (std::size_t i = 0; i < row.steps.size(); ++i) {
    const Step& step = row.steps[i];
    SCOPED_TRACE("step " + std::to_string(i + 1));
    ASSERT_TRUE(c.send(step.send));
    for (const Expected& want : step.replies) {
      Reply got = c.read_reply(want.head);
      EXPECT_EQ(got.status, want.status);
      for (const auto& h : want.headers) {
        if (h.value == "*") {
          EXPECT_FALSE(got.header(h.name).empty()) << h.name;
        } else {
          EXPECT_EQ(got.header(h.name), h.value) << h.name;
        }
      }
      if (want.body) {
        EXPECT_EQ(got.body, *want.body);
      }
    }
    if (!step.handler_saw.empty()) {
      EXPECT_EQ(handler_.seen_method, step.handler_saw);
    }
  }
  if (row.closed) {
    EXPECT_TRUE(c.closed_by_server());
  }
  if (!row.logged.empty()) {
    EXPECT_NE(errors().find(row.logged), std::string::npos) << errors();
  }
}

INSTANTIATE_TEST_SUITE_P(Wire, ServerRows, ::testing::ValuesIn(kWireCases),
                         [](const ::testing::TestParamInfo<WireCase>& info) { return info.param.name; });

// ---- conversations of another shape: timeouts, slow clients, stop, many connections ------------

TEST_F(ServerTest, SlowHeaderIsDisconnectedAfterHeaderTimeout) {
  ServerOptions o;
  o.header_timeout = 300ms;
  start(o);
  Client c(server_->port(), 5s);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("GET /slowloris HTTP/1.1\r\nHost: t\r\nX-A: "));
  EXPECT_TRUE(c.closed_by_server());
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3s);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterTimeout) {
  ServerOptions o;
  o.keep_alive_timeout = 200ms;
  start(o);
  Client c(server_->port(), 5s);
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 200);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishAndClosesIdle) {
  start();
  Client idle(server_->port());
  ASSERT_TRUE(idle.send("GET /warm HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(idle.read_reply().status, 200);

  Client busy(server_->port());
  ASSERT_TRUE(busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto wait_until = std::chrono::steady_clock::now() + 3s;
  while (!handler_.slow_started && std::chrono::steady_clock::now() < wait_until) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(handler_.slow_started);
  auto t0 = std::chrono::steady_clock::now();
  server_->stop();
  Reply r = busy.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slow done");
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(idle.closed_by_server());
  thread_.join();  // run() returned
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  Client late(server_->port());
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, StopBeforeRunReturnsPromptly) {
  auto created = Server::create(listen_on("127.0.0.1:0"), handler_);
  ASSERT_TRUE(created.ok());
  created.value()->stop();
  created.value()->run();  // must not block
  SUCCEED();
}

TEST_F(ServerTest, AccessLogGetsOneLinePerRequest) {
  std::mutex m;
  std::vector<std::string> lines;
  ServerOptions o;
  o.access_log = [&](const AccessLogEntry& e) {
    std::lock_guard lock(m);
    lines.push_back(format_access_line(e));
  };
  start(o);
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /logged?q=1 HTTP/1.1\r\nHost: t\r\nUser-Agent: tester/1 \"x\"\r\n\r\n"));
  ASSERT_EQ(c.read_reply().status, 200);
  ASSERT_TRUE(c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(c.read_reply(true).status, 200);
  server_->stop();
  thread_.join();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("127.0.0.1 GET \"/logged?q=1\" 200 18 ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("\"tester/1 \\\"x\\\"\"\n"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].rfind("127.0.0.1 HEAD \"/h\" 200 0 ", 0), 0u) << lines[1];
}

TEST_F(ServerTest, RequestSplitAcrossManyWritesIsParsed) {
  start();
  Client c(server_->port());
  std::string request = "POST /echo?s=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nwxyzGET /next HTTP/1.1\r\nHost: t\r\n\r\n";
  for (char ch : request) {
    ASSERT_TRUE(c.send(std::string_view(&ch, 1)));
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(c.read_reply().body, "POST s=1 wxyz");
  EXPECT_EQ(c.read_reply().body, "hello from /next");
}

TEST_F(ServerTest, ManyConnectionsAreServedAcrossWorkers) {
  start();
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 16; ++i) {
    clients.push_back(std::make_unique<Client>(server_->port()));
    ASSERT_TRUE(clients.back()->connected());
  }
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < clients.size(); ++i)
      ASSERT_TRUE(clients[i]->send("GET /c" + std::to_string(i) + "r" + std::to_string(round) + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    for (std::size_t i = 0; i < clients.size(); ++i)
      EXPECT_EQ(clients[i]->read_reply().body, "hello from /c" + std::to_string(i) + "r" + std::to_string(round));
  }
}

TEST_F(ServerTest, ActiveKeepAliveConnectionOutlivesItsIdleTimeout) {
  ServerOptions o;
  o.keep_alive_timeout = 300ms;
  start(o);
  Client c(server_->port());
  // Each request resets the idle clock: 10 requests 100 ms apart span three idle timeouts.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(c.send("GET /tick HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_EQ(c.read_reply().status, 200) << "request " << i;
    std::this_thread::sleep_for(100ms);
  }
}

TEST_F(ServerTest, SlowHeaderOnLaterRequestIsDisconnected) {
  ServerOptions o;
  o.header_timeout = 300ms;
  o.keep_alive_timeout = 10s;
  start(o);
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /first HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(c.read_reply().status, 200);
  std::this_thread::sleep_for(100ms);  // idle time does not count against the header
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("GET /second HTTP/1.1\r\nHo"));
  EXPECT_TRUE(c.closed_by_server());
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3s);
}

TEST_F(ServerTest, SlowBodyIsDisconnectedAfterBodyTimeout) {
  ServerOptions o;
  o.body_timeout = 300ms;
  start(o);
  Client c(server_->port());
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_TRUE(c.closed_by_server());
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3s);
}

TEST_F(ServerTest, ClientThatDoesNotReadIsDisconnectedAfterWriteTimeout) {
  ServerOptions o;
  o.write_timeout = 300ms;
  start(o);
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::this_thread::sleep_for(1s);  // the server's write stalls on full socket buffers meanwhile
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 0);  // the connection ended before the whole body arrived
  // Other clients are unaffected.
  Client other(server_->port());
  ASSERT_TRUE(other.send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(other.read_reply().status, 200);
}

TEST_F(ServerTest, StopClosesConnectionStuckMidHeaderAfterShutdownDeadline) {
  ServerOptions o;
  o.shutdown_deadline = 300ms;
  start(o);
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /never-finished HTTP/1.1\r\nHo"));
  std::this_thread::sleep_for(50ms);
  auto t0 = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_TRUE(c.closed_by_server());
  thread_.join();
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, 250ms);  // not idle: it was given the shutdown deadline
  EXPECT_LT(elapsed, 3s);
}

TEST(ServerCreate, BadAddressesAreErrors) {
  class Nop final : public Handler {
    Response handle(const Request&) override { return {}; }
  } nop;
  EXPECT_FALSE(Server::create(listen_on("no-port"), nop).ok());
  EXPECT_FALSE(Server::create(listen_on("127.0.0.1:99999"), nop).ok());
  EXPECT_FALSE(Server::create(listen_on("[::1:80"), nop).ok());
  auto first = Server::create(listen_on("127.0.0.1:0"), nop);
  ASSERT_TRUE(first.ok());
  auto taken = Server::create(listen_on(first.value()->address()), nop);
  EXPECT_FALSE(taken.ok());
  auto v6 = Server::create(listen_on("[::1]:0"), nop);
  if (v6.ok()) {  // hosts without IPv6 skip this
    EXPECT_EQ(v6.value()->address().rfind("[::1]:", 0), 0u);
    EXPECT_NE(v6.value()->port(), 0);
  }
}

TEST(AccessLogFormat, EscapesQuotesAndControlCharacters) {
  AccessLogEntry e;
  e.remote = "10.0.0.1";
  e.method = "GET";
  e.target = "/a\"b\n";
  e.status = 404;
  e.bytes = 12;
  e.duration_us = 345;
  e.user_agent = "ua\\";
  EXPECT_EQ(format_access_line(e), "10.0.0.1 GET \"/a\\\"b\\x0a\" 404 12 345 \"ua\\\\\"\n");
}

TEST(AccessLogWriter, WritesEveryLineFromManyThreadsBeforeDestruction) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  {
    AccessLog log(file, 5ms);
    AccessLogSink sink = log.sink();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          std::string target = "/t" + std::to_string(t) + "/" + std::to_string(i);
          AccessLogEntry e;
          e.remote = "127.0.0.1";
          e.method = "GET";
          e.target = target;
          e.status = 200;
          sink(e);
        }
      });
    for (auto& th : threads) th.join();
  }  // the destructor writes what is still buffered
  std::rewind(file);
  std::string all;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) all.append(buf, n);
  std::fclose(file);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), kThreads * kPerThread);
  EXPECT_NE(all.find("GET \"/t3/499\" 200"), std::string::npos);
  EXPECT_NE(all.find("GET \"/t0/0\" 200"), std::string::npos);
}

}  // namespace
}  // namespace barometer::web
