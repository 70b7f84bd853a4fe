// The only translation unit that includes Boost.Beast/Asio (slow to compile: keep it that way).
// Layout: Impl owns the io_context, the acceptor and the registry of live connections; one
// coroutine per connection (on its own strand) reads requests with Beast's parser, calls the
// Handler and writes the response itself (status line and headers into a reused string, the body
// straight from the Response's shared buffer, no copy).
#include "web/server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

namespace barometer::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Bytes asked of the socket per read; one read usually holds a whole request.
constexpr std::size_t kReadChunk = 16 * 1024;
// After an error response or Connection: close, how long and how much the server keeps reading
// (and discarding) so that unread request bytes do not turn the close into a RST that would
// destroy the response before the client reads it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerMaxBytes = 4u << 20;
// How often shutdown checks whether in-flight requests have finished.
constexpr auto kShutdownPoll = std::chrono::milliseconds(10);
// Pause after a failed accept (e.g. out of file descriptors) so the loop does not spin.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = true;  // waiting for a request's first byte; touched only on the stream's strand
};

// RFC 9110 IMF-fixdate, recomputed once per second per thread (locale-independent).
std::string_view http_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached = -1;
  thread_local char buf[40];
  thread_local int len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    len = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                        kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached = now;
  }
  return {buf, static_cast<std::size_t>(len)};
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

bool safe_header_text(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

// Headers the server owns: a handler's value would contradict the framing the server chooses.
bool server_owned(std::string_view name) {
  for (std::string_view n : {"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"})
    if (iequals(name, n)) return true;
  return false;
}

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

// The status to answer a failed read with, or 0 when the connection should just be closed
// (peer gone, timeout, shutdown).
int status_for_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) return 400;
  return 0;
}

// Appends status line and headers (through the blank line) to `out`.
void serialize_head(std::string& out, const Response& response, std::size_t content_length, bool keep_alive,
                    unsigned version, const std::function<void(std::string_view)>& log_error) {
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::uint64_t>(response.status));
  out += ' ';
  std::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(response.status)));
  out += reason.starts_with('<') ? std::string_view("Unknown") : reason;
  out += "\r\n";
  bool has_date = false;
  for (const auto& h : response.headers) {
    if (server_owned(h.name)) continue;
    if (h.name.empty() || !safe_header_text(h.name) || !safe_header_text(h.value)) {
      // Never let a value with CR/LF split the response; drop it and say so.
      log_error("dropped response header with control characters: " + h.name.substr(0, 64));
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
    out += http_date();
    out += "\r\n";
  }
  if (status_has_body(response.status)) {
    out += "Content-Length: ";
    append_number(out, content_length);
    out += "\r\n";
  }
  if (!keep_alive)
    out += "Connection: close\r\n";
  else if (version < 11)
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

void split_target(Request& request) {
  std::string_view target = request.target;
  std::size_t q = target.find('?');
  request.path.assign(target.substr(0, q));
  if (q == std::string_view::npos)
    request.query.clear();
  else
    request.query.assign(target.substr(q + 1));
}

Result<tcp::endpoint> resolve_listen(std::string_view listen, asio::io_context& ioc) {
  std::string_view host, port_text;
  if (listen.starts_with('[')) {
    std::size_t close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
      return invalid("listen address \"" + std::string(listen) + "\": expected [v6-address]:port");
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else {
    std::size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos)
      return invalid("listen address \"" + std::string(listen) + "\": expected host:port");
    host = listen.substr(0, colon);
    port_text = listen.substr(colon + 1);
  }
  std::uint16_t port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size())
    return invalid("listen address \"" + std::string(listen) + "\": bad port");
  if (host.empty()) host = "0.0.0.0";
  beast::error_code aec;
  auto address = asio::ip::make_address(std::string(host), aec);
  if (!aec) return tcp::endpoint(address, port);
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(std::string(host), std::string(port_text), tcp::resolver::passive, aec);
  if (aec || results.empty())
    return invalid("listen address \"" + std::string(listen) + "\": cannot resolve host: " + aec.message());
  return results.begin()->endpoint();
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, Handler& h)
      : options(std::move(opts)),
        handler(h),
        ioc(static_cast<int>(thread_count())),
        acceptor_strand(asio::make_strand(ioc)),
        acceptor(acceptor_strand) {
    if (!options.error_log)
      options.error_log = [](std::string_view line) { std::fprintf(stderr, "web: %.*s\n", static_cast<int>(line.size()), line.data()); };
  }

  unsigned thread_count() const {
    if (options.threads) return options.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }

  Status listen();
  void run();
  void stop();
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Connection> conn);
  asio::awaitable<void> linger_close(Connection& conn);
  asio::awaitable<void> drain();
  void close_connections(bool idle_only);
  void log_access(const Request& request, std::string_view method, int status, std::uint64_t bytes,
                  Clock::time_point started);

  ServerOptions options;
  Handler& handler;
  asio::io_context ioc;  // declared before everything bound to it, so destroyed last
  asio::strand<asio::io_context::executor_type> acceptor_strand;  // acceptor and signals live here
  tcp::acceptor acceptor;
  std::optional<asio::signal_set> signals;  // only on acceptor_strand
  tcp::endpoint bound;
  std::atomic<bool> stopping{false};
  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<Connection>> connections;  // guarded by connections_mutex
};

Status Server::Impl::listen() {
  auto endpoint = resolve_listen(options.listen, ioc);
  if (!endpoint) return endpoint.error();
  beast::error_code ec;
  acceptor.open(endpoint->protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(*endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) bound = acceptor.local_endpoint(ec);
  if (ec) return io_error("cannot listen on " + options.listen + ": " + ec.message());
  return {};
}

void Server::Impl::run() {
  asio::co_spawn(acceptor_strand, accept_loop(), asio::detached);
  if (options.handle_signals) {
    asio::post(acceptor_strand, [this] {
      if (stopping.load()) return;  // stop() came first; nothing to wait for
      signals.emplace(acceptor_strand, SIGINT, SIGTERM);
      signals->async_wait([this](const beast::error_code& ec, int) {
        if (!ec) stop();
      });
    });
  }
  auto work = [this] {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        options.error_log(std::string("event loop: ") + e.what());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < thread_count(); ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  asio::post(acceptor_strand, [this] {
    beast::error_code ec;
    acceptor.close(ec);
    if (signals) signals->cancel(ec);
  });
  asio::co_spawn(ioc, drain(), asio::detached);
}

void Server::Impl::close_connections(bool idle_only) {
  std::lock_guard lock(connections_mutex);
  for (const auto& conn : connections) {
    // Each connection is closed on its own strand, where its coroutine's state lives.
    asio::post(conn->stream.get_executor(), [conn, idle_only] {
      if (idle_only && !conn->idle) return;
      conn->stream.close();
    });
  }
}

asio::awaitable<void> Server::Impl::drain() {
  asio::steady_timer timer(ioc);
  const auto deadline = Clock::now() + options.shutdown_deadline;
  for (;;) {
    {
      std::lock_guard lock(connections_mutex);
      if (connections.empty()) co_return;
    }
    if (Clock::now() >= deadline) {
      close_connections(false);
      co_return;
    }
    // Repeated each round: a connection may have become idle since (its response written).
    close_connections(true);
    timer.expires_after(kShutdownPoll);
    co_await timer.async_wait(kNoThrow);
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  asio::steady_timer retry(acceptor_strand);
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
    if (stopping.load() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      options.error_log("accept: " + ec.message());
      retry.expires_after(kAcceptRetryDelay);
      co_await retry.async_wait(kNoThrow);
      continue;
    }
    beast::error_code opt_ec;
    socket.set_option(tcp::no_delay(true), opt_ec);  // responses go out in one write; no Nagle wait
    auto conn = std::make_shared<Connection>(tcp::socket(std::move(socket)));
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(conn);
    }
    asio::co_spawn(conn->stream.get_executor(), session(conn), [this, conn](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          options.error_log(std::string("connection: ") + ex.what());
        } catch (...) {
          options.error_log("connection: unknown exception");
        }
      }
      std::lock_guard lock(connections_mutex);
      connections.erase(conn);
    });
  }
}

asio::awaitable<void> Server::Impl::linger_close(Connection& conn) {
  beast::error_code ec;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn.idle = true;  // nothing more will be sent: shutdown may close it at once
  conn.stream.expires_after(kLingerTime);
  std::array<char, 4096> discard;
  std::size_t drained = 0;
  while (drained < kLingerMaxBytes && !ec) {
    auto [rec, n] = co_await conn.stream.async_read_some(asio::buffer(discard), kNoThrow);
    ec = rec;
    drained += n;
  }
  conn.stream.close();
}

void Server::Impl::log_access(const Request& request, std::string_view method, int status, std::uint64_t bytes,
                              Clock::time_point started) {
  if (!options.access_log) return;
  AccessLogEntry entry;
  entry.remote = request.remote_address;
  entry.method = method;
  entry.target = request.target;
  entry.status = status;
  entry.bytes = bytes;
  entry.duration_us =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count());
  entry.user_agent = request.header("User-Agent");
  options.access_log(entry);
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> conn) {
  beast::tcp_stream& stream = conn->stream;
  beast::flat_buffer buffer;
  Request request;   // reused across requests so its strings keep their capacity
  std::string head;  // serialized status line + headers, reused likewise
  {
    beast::error_code ec;
    auto remote = stream.socket().remote_endpoint(ec);
    request.remote_address = ec ? std::string() : remote.address().to_string();
  }
  auto header_deadline = Clock::now() + options.header_timeout;
  for (std::size_t served = 0;; ++served) {
    if (buffer.size() == 0) {
      if (stopping.load()) break;
      conn->idle = true;
      stream.expires_at(served == 0 ? header_deadline : Clock::now() + options.keep_alive_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
      conn->idle = false;
      if (ec) break;  // idle timeout, peer closed, or closed by stop()
      buffer.commit(n);
    }
    if (served > 0) header_deadline = Clock::now() + options.header_timeout;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
    parser.body_limit(options.body_limit);
    stream.expires_at(header_deadline);
    beast::error_code read_ec;
    std::tie(read_ec, std::ignore) = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    auto started = Clock::now();
    if (!read_ec && !parser.is_done()) {
      if (parser.get().version() >= 11 && iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        stream.expires_after(options.write_timeout);
        std::tie(read_ec, std::ignore) = co_await asio::async_write(stream, asio::buffer(kContinue), kNoThrow);
        if (read_ec) break;
      }
      stream.expires_after(options.body_timeout);
      std::tie(read_ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    }
    if (read_ec) {
      int status = status_for_read_error(read_ec);
      if (status == 0) break;
      Response error = plain_response(status, bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(status))));
      head.clear();
      serialize_head(head, error, error.body->size(), false, 11, options.error_log);
      stream.expires_after(options.write_timeout);
      std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(*error.body)};
      auto [wec, wn] = co_await asio::async_write(stream, buffers, kNoThrow);
      request.target.clear();
      log_access(request, "-", status, error.body->size(), started);
      if (!wec) co_await linger_close(*conn);
      co_return;
    }
    stream.expires_never();  // the handler's time is not the client's fault

    auto& message = parser.get();
    const bool is_head = message.method() == bhttp::verb::head;
    const std::string_view method = message.method_string();
    request.method.assign(is_head ? std::string_view("GET") : method);
    request.target.assign(message.target());
    split_target(request);
    std::size_t count = 0;
    for (const auto& field : message) {
      if (count == request.headers.size()) request.headers.emplace_back();
      request.headers[count].name.assign(field.name_string());
      request.headers[count].value.assign(field.value());
      ++count;
    }
    request.headers.resize(count);
    request.body = std::move(message.body());

    Response response;
    try {
      response = handler.handle(request);
    } catch (const std::exception& e) {
      options.error_log("handler failed on " + std::string(method) + " " + request.target + ": " + e.what());
      response = plain_response(500, "Internal Server Error\n");
    } catch (...) {
      options.error_log("handler failed on " + std::string(method) + " " + request.target + ": unknown exception");
      response = plain_response(500, "Internal Server Error\n");
    }
    if (response.status < 200 || response.status > 599 || !response.body) {
      options.error_log("handler returned an invalid response on " + request.target);
      response = plain_response(500, "Internal Server Error\n");
    }

    const bool keep_alive = message.keep_alive() && !stopping.load() &&
                            (options.max_requests_per_connection == 0 || served + 1 < options.max_requests_per_connection);
    const bool send_body = !is_head && status_has_body(response.status);
    head.clear();
    serialize_head(head, response, response.body->size(), keep_alive, message.version(), options.error_log);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                              send_body ? asio::buffer(*response.body) : asio::const_buffer()};
    stream.expires_after(options.write_timeout);
    auto [wec, wn] = co_await asio::async_write(stream, buffers, kNoThrow);
    log_access(request, method, response.status, send_body ? response.body->size() : 0, started);
    if (wec) break;
    if (!keep_alive) {
      co_await linger_close(*conn);
      co_return;
    }
  }
  stream.close();
}

// ---- Server ----------------------------------------------------------------------------------

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::create(ServerOptions options, Handler& handler) {
  auto impl = std::make_unique<Impl>(std::move(options), handler);
  if (auto status = impl->listen(); !status) return status.error();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const { return impl_->bound.port(); }

std::string Server::address() const {
  const auto& ep = impl_->bound;
  std::string host = ep.address().to_string();
  if (ep.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(ep.port());
}

void Server::run() { impl_->run(); }
void Server::stop() { impl_->stop(); }

}  // namespace barometer::web
