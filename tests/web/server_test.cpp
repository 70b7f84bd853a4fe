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

TEST_F(ServerTest, TwoRequestsOnOneKeepAliveConnection) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n"));
  Reply a = c.read_reply();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "hello from /one");
  EXPECT_EQ(a.header("Connection"), "");
  EXPECT_FALSE(a.header("Date").empty());
  ASSERT_TRUE(c.send("POST /echo?x=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde"));
  Reply b = c.read_reply();
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body, "POST x=1 abcde");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.read_reply().body, "hello from /a");
  EXPECT_EQ(c.read_reply().body, "hello from /b");
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAlive) {
  start();
  {
    Client c(server_->port());
    ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\n\r\n"));
    Reply r = c.read_reply();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello from /old");
    EXPECT_TRUE(c.closed_by_server());
  }
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  Reply r = c.read_reply();
  EXPECT_EQ(r.header("Connection"), "keep-alive");
  ASSERT_TRUE(c.send("GET /k2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(c.read_reply().body, "hello from /k2");
}

TEST_F(ServerTest, HeadHasHeadersAndLengthButNoBody) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("HEAD /page HTTP/1.1\r\nHost: t\r\n\r\n"));
  Reply head = c.read_reply(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(handler_.seen_method, "GET");
  EXPECT_EQ(head.header("Content-Length"), std::to_string(std::string("hello from /page").size()));
  EXPECT_EQ(head.header("Content-Type"), "text/plain");
  // Had a body been sent, it would now be read as the start of the next response.
  ASSERT_TRUE(c.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n"));
  Reply next = c.read_reply();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "hello from /next");
}

TEST_F(ServerTest, OversizeHeaderGets431) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"));
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, OversizeBodyGets413) {
  ServerOptions o;
  o.body_limit = 1000;
  start(o);
  {
    Client c(server_->port());
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b')));
    Reply r = c.read_reply();
    EXPECT_EQ(r.status, 413);
    EXPECT_TRUE(c.closed_by_server());
  }
  // Chunked bodies are counted too.
  Client c(server_->port());
  std::string chunk(800, 'c');
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
                     "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 413);
  // Within the limit is fine.
  Client ok(server_->port());
  ASSERT_TRUE(ok.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'b')));
  EXPECT_EQ(ok.read_reply().status, 200);
}

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

TEST_F(ServerTest, ThrowingHandlerGives500WithoutExceptionText) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n"));
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 500);
  EXPECT_FALSE(r.body.empty());
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_NE(errors().find("secret-database-password"), std::string::npos);
  // The connection survives a handler bug.
  ASSERT_TRUE(c.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 200);
}

TEST_F(ServerTest, GarbageGets400AndClose) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send(std::string("\x01\x02\x03 garbage \xff\xfe\r\n\r\n", 18)));
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(c.closed_by_server());

  Client bad_version(server_->port());
  ASSERT_TRUE(bad_version.send("GET / HTTP/9.Z\r\n\r\n"));
  EXPECT_EQ(bad_version.read_reply().status, 400);
}

TEST_F(ServerTest, HeaderInjectionFromHandlerIsDropped) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /split HTTP/1.1\r\nHost: t\r\n\r\n"));
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Injected"), "");
  EXPECT_EQ(r.header("X-Bad"), "");
  EXPECT_EQ(r.body, "split");
}

TEST_F(ServerTest, MaxRequestsPerConnection) {
  ServerOptions o;
  o.max_requests_per_connection = 2;
  start(o);
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.read_reply().header("Connection"), "");
  ASSERT_TRUE(c.send("GET /2 HTTP/1.1\r\nHost: t\r\n\r\n"));
  Reply second = c.read_reply();
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.header("Connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
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

TEST_F(ServerTest, ExpectContinueGetsInterimResponseThenAnswer) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 100);  // sent before the body
  ASSERT_TRUE(c.send("abcde"));
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST  abcde");
}

TEST_F(ServerTest, ChunkedBodyIsReassembled) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("POST /echo?c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  EXPECT_EQ(c.read_reply().body, "POST c hello world");
  // A body-less request right after must not see the previous body.
  ASSERT_TRUE(c.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.read_reply().body, "GET  ");
}

TEST_F(ServerTest, EachRequestSeesOnlyItsOwnHeaders) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.send("GET /headers HTTP/1.1\r\nHost: t\r\nX-One: 1\r\nX-Two: two words\r\n\r\n"));
  EXPECT_EQ(c.read_reply().body, "Host=t\nX-One=1\nX-Two=two words\n");
  ASSERT_TRUE(c.send("GET /headers HTTP/1.1\r\nHost: u\r\n\r\n"));
  EXPECT_EQ(c.read_reply().body, "Host=u\n");
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
