// The only translation unit that includes Boost.Beast/Asio (slow to compile: keep it that way).
// What needs no socket (response heads, dates, the keep-alive rule, the handler's safety net,
// the listen address syntax) is in web/wire.*, Boost-free and tested on its own.
//
// Layout (shaped by profiling under wrk, see bench/run.sh):
//  - One Worker per thread, each with its own io_context created with the UNSAFE_IO concurrency
//    hint: a connection lives its whole life on one worker, so its socket is only ever touched by
//    that worker's thread and needs no strand, no any_io_executor and no per-descriptor lock.
//  - Worker 0 owns the acceptor; accepted descriptors are handed round-robin to the workers,
//    which adopt them into their own reactor (so every registration happens on its owner thread).
//  - One coroutine per connection (session) runs read -> respond -> write per request. It reads
//    with a small Beast basic_parser that writes straight into the connection's reused Request
//    (no header container, no copies), calls the Handler and writes status line + headers from a
//    reused string and the body from the Response's shared buffer; the write is tried
//    synchronously first and only waits when the socket is full.
//  - Timeouts are one deadline per connection, enforced by a per-worker sweep that closes
//    overdue sockets, instead of arming and cancelling a timer around every read and write.
//    The sweep also runs the graceful shutdown on its worker.
#include "web/server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include "web/wire.hpp"

namespace barometer::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
// Concrete executor everywhere: no type-erased any_io_executor on the hot path.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor>;
template <class T>
using Task = asio::awaitable<T, Executor>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable_t<Executor>{});
// Bytes asked of the socket per read; one read usually holds a whole request.
constexpr std::size_t kReadChunk = 16 * 1024;
// After an error response or Connection: close, how long and how much the server keeps reading
// (and discarding) so that unread request bytes do not turn the close into a RST that would
// destroy the response before the client reads it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerMaxBytes = 4u << 20;
// Deadline sweep period bounds: the period is an eighth of the shortest timeout, so a timeout
// fires at most ~12% late, but never more often than every 5 ms nor less than every 250 ms.
constexpr auto kSweepMin = std::chrono::milliseconds(5);
constexpr auto kSweepMax = std::chrono::milliseconds(250);
// During shutdown the sweep runs this often to close connections as soon as they go idle.
constexpr auto kShutdownPoll = std::chrono::milliseconds(10);
// Pause after a failed accept (e.g. out of file descriptors) so the loop does not spin.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr Clock::time_point kNever = Clock::time_point::max();

// An accepted descriptor in transit to its worker; closed if never adopted (e.g. shutdown).
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// The status to answer a failed read with, or 0 when the connection should just be closed
// (peer gone, timeout, shutdown).
int status_for_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) return 400;
  return 0;
}

// Beast's HTTP/1 parser writing straight into a reused Request: the strings and the header
// vector keep their capacity from one request to the next. One parser per request (Beast's
// parsers cannot be reset); constructing one allocates nothing.
class RequestParser final : public bhttp::basic_parser<true> {
 public:
  // The limits are set here, where every request comes in: a header over header_limit fails with
  // header_limit (431), a body over body_limit with body_limit (413).
  RequestParser(Request& request, std::string& method_text, const ServerOptions& limits)
      : request_(request), method_text_(method_text) {
    header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.header_limit, UINT32_MAX)));
    body_limit(limits.body_limit);
  }

  bool is_head() const { return verb_ == bhttp::verb::head; }
  unsigned version() const { return version_; }
  bool expects_continue() const { return expect_continue_; }

 private:
  void on_request_impl(bhttp::verb method, beast::string_view method_str, beast::string_view target, int version,
                       beast::error_code&) override {
    verb_ = method;
    version_ = static_cast<unsigned>(version);
    method_text_.assign(method_str.data(), method_str.size());
    // Handlers see HEAD as GET; the server drops the body when writing.
    request_.method.assign(method == bhttp::verb::head ? std::string_view("GET") : std::string_view(method_text_));
    set_target(request_, std::string_view(target.data(), target.size()));
    request_.body.clear();
  }
  void on_response_impl(int, beast::string_view, int, beast::error_code&) override {}
  void on_field_impl(bhttp::field name, beast::string_view name_string, beast::string_view value,
                     beast::error_code&) override {
    if (fields_ == request_.headers.size()) request_.headers.emplace_back();
    Header& h = request_.headers[fields_++];
    h.name.assign(name_string.data(), name_string.size());
    h.value.assign(value.data(), value.size());
    if (name == bhttp::field::expect && iequals(h.value, "100-continue")) expect_continue_ = true;
  }
  void on_header_impl(beast::error_code&) override {
    request_.headers.resize(fields_);  // drop the previous request's extra headers
    expect_continue_ = expect_continue_ && version_ >= 11;
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, beast::error_code&) override {
    // The base class has already rejected a declared length over body_limit.
    if (length) request_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(beast::string_view body, beast::error_code&) override {
    request_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override {
    request_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(beast::error_code&) override {}

  Request& request_;
  std::string& method_text_;
  std::size_t fields_ = 0;
  bhttp::verb verb_ = bhttp::verb::unknown;
  unsigned version_ = 11;
  bool expect_continue_ = false;
};

Result<tcp::endpoint> resolve_listen(std::string_view listen, asio::io_context& ioc) {
  auto parsed = parse_listen_address(listen);
  if (!parsed) return parsed.error();
  beast::error_code ec;
  auto address = asio::ip::make_address(parsed->host, ec);
  if (!ec) return tcp::endpoint(address, parsed->port);
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(parsed->host, std::to_string(parsed->port), tcp::resolver::passive, ec);
  if (ec || results.empty())
    return invalid("listen address \"" + std::string(listen) + "\": cannot resolve host: " + ec.message());
  return results.begin()->endpoint();
}

struct Connection;

// One event loop and the connections it owns. Everything but `ioc`'s post() is touched only by
// the worker's own thread.
struct Worker {
  Connection* connections = nullptr;  // intrusive list of live connections (declared before ioc)
  bool shutting_down = false;
  Clock::time_point shutdown_deadline = kNever;
  // UNSAFE_IO: sockets and timers of this context are used by one thread only; posting from
  // other threads (hand-off, stop) still goes through the locked scheduler queue.
  asio::io_context ioc{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  Timer sweep_timer{ioc.get_executor()};
};

// A connection's state shared with its worker's sweep; lives in the session coroutine's frame.
struct Connection {
  Connection(Worker& w, Socket s) : worker(w), socket(std::move(s)) {
    next = worker.connections;
    if (next) next->prev = this;
    worker.connections = this;
  }
  ~Connection() {
    if (prev)
      prev->next = next;
    else
      worker.connections = next;
    if (next) next->prev = prev;
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void expire_after(std::chrono::milliseconds timeout) { deadline = Clock::now() + timeout; }

  Worker& worker;
  Socket socket;
  Clock::time_point deadline = kNever;  // the sweep closes the socket once this has passed
  bool idle = true;  // waiting for a request's first byte (or lingering): shutdown may close it
  Connection* prev = nullptr;
  Connection* next = nullptr;
};

// One connection and what its requests reuse, so that strings keep their capacity from one
// request to the next; lives in the session coroutine's frame.
struct Session {
  Session(Worker& w, Socket s) : conn(w, std::move(s)) {}

  Connection conn;
  beast::flat_buffer buffer;  // bytes read and not parsed yet (pipelined requests included)
  Request request;
  std::string method_text;    // the method as received (HEAD stays HEAD), for the access log
  std::string head;           // the serialized status line and headers
  std::string peer;           // the socket's peer; with trusted proxies not always the client
};

// What reading one request ended with.
struct ReadOutcome {
  beast::error_code ec;              // set: no request to answer (see status_for_read_error)
  Clock::time_point started;         // when the header was complete: the access log's clock
};

// Feeds buffered bytes to the parser. True when the wanted part (the header, or the whole
// message) is complete or the parser failed (`ec` set); false when more bytes are needed.
bool feed(RequestParser& parser, beast::flat_buffer& buffer, bool header_only, beast::error_code& ec) {
  while (buffer.size() > 0) {
    std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == bhttp::error::need_more) {
      ec = {};
      return false;
    }
    if (ec) return true;
    if (parser.is_done() || (header_only && parser.is_header_done())) return true;
    if (used == 0) return false;
  }
  return parser.is_done() || (header_only && parser.is_header_done());
}

// Writes what the socket takes right now (it is non-blocking), advancing `buffers`. True when
// everything went out or the write failed (`ec` set); false when the rest must wait.
bool write_now(Socket& socket, std::array<asio::const_buffer, 2>& buffers, beast::error_code& ec) {
  for (;;) {
    if (buffers[0].size() == 0 && buffers[1].size() == 0) return true;
    std::size_t n = socket.write_some(buffers, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      return false;
    }
    if (ec) return true;
    for (auto& b : buffers) {
      std::size_t take = std::min(n, b.size());
      b += take;
      n -= take;
    }
  }
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, Handler& h) : options(std::move(opts)), handler(h), workers(make_workers(thread_count())),
                                          acceptor(workers[0]->ioc.get_executor()) {
    if (!options.error_log)
      options.error_log = [](std::string_view line) { std::fprintf(stderr, "web: %.*s\n", static_cast<int>(line.size()), line.data()); };
    auto shortest = std::min({options.header_timeout, options.body_timeout, options.write_timeout,
                              options.keep_alive_timeout, std::chrono::milliseconds(kLingerTime)});
    sweep_period = std::clamp(std::chrono::milliseconds(shortest / 8), kSweepMin, kSweepMax);
  }

  unsigned thread_count() const {
    if (options.threads) return options.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }
  static std::vector<std::unique_ptr<Worker>> make_workers(unsigned n) {
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>());
    return workers;
  }

  Status listen();
  void run();
  void stop();
  Task<void> accept_loop();
  void adopt(Worker& worker, UniqueFd fd);
  Task<void> sweep(Worker& worker);
  Task<void> session(Worker& worker, Socket socket);
  Task<bool> next_request(Session& s, std::size_t served);
  Task<ReadOutcome> read_request(Session& s, RequestParser& parser);
  Response respond_to(Session& s);
  Task<bool> write_response(Session& s, const Response& response, const RequestParser& parser, bool keep_alive,
                            Clock::time_point started);
  Task<void> refuse(Session& s, int status, Clock::time_point started);
  Task<beast::error_code> write_rest(Connection& conn, std::array<asio::const_buffer, 2> buffers);
  Task<void> linger_close(Connection& conn);
  void log_access(const Request& request, std::string_view method, int status, std::uint64_t bytes,
                  Clock::time_point started);
  void log_exception(std::string_view what, std::exception_ptr e);

  ServerOptions options;
  Handler& handler;
  std::chrono::milliseconds sweep_period{kSweepMax};
  std::vector<std::unique_ptr<Worker>> workers;  // [0] also runs the acceptor and signals
  Acceptor acceptor;                              // workers[0] only
  std::optional<asio::basic_signal_set<Executor>> signals;  // workers[0] only
  std::size_t next_worker = 0;                    // round-robin hand-off; workers[0] only
  tcp::endpoint bound;
  std::atomic<bool> stopping{false};
};

Status Server::Impl::listen() {
  auto endpoint = resolve_listen(options.listen, workers[0]->ioc);
  if (!endpoint) return endpoint.error();
  beast::error_code ec;
  acceptor.open(endpoint->protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(*endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) acceptor.non_blocking(true, ec);  // accept_loop drains the backlog until EAGAIN
  if (!ec) bound = acceptor.local_endpoint(ec);
  if (ec) return io_error("cannot listen on " + options.listen + ": " + ec.message());
  return {};
}

void Server::Impl::log_exception(std::string_view what, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    options.error_log(std::string(what) + ": " + ex.what());
  } catch (...) {
    options.error_log(std::string(what) + ": unknown exception");
  }
}

void Server::Impl::run() {
  Worker& first = *workers[0];
  auto log_failure = [this](std::exception_ptr e) {
    if (e) log_exception("server loop", e);
  };
  asio::co_spawn(first.ioc.get_executor(), accept_loop(), log_failure);
  for (auto& w : workers) asio::co_spawn(w->ioc.get_executor(), sweep(*w), log_failure);
  if (options.handle_signals) {
    asio::post(first.ioc, [this, &first] {
      if (stopping.load()) return;  // stop() came first; nothing to wait for
      signals.emplace(first.ioc.get_executor(), SIGINT, SIGTERM);
      signals->async_wait([this](const beast::error_code& ec, int) {
        if (!ec) stop();
      });
    });
  }
  auto work = [this](Worker& w) {
    for (;;) {
      try {
        w.ioc.run();
        return;
      } catch (const std::exception& e) {
        options.error_log(std::string("event loop: ") + e.what());
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < workers.size(); ++i) pool.emplace_back(work, std::ref(*workers[i]));
  work(first);
  for (auto& t : pool) t.join();
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  asio::post(workers[0]->ioc, [this] {
    beast::error_code ec;
    acceptor.close(ec);
    if (signals) signals->cancel(ec);
  });
  for (auto& w : workers) {
    asio::post(w->ioc, [this, &worker = *w] {
      worker.shutting_down = true;
      worker.shutdown_deadline = Clock::now() + options.shutdown_deadline;
      worker.sweep_timer.cancel();  // sweep now, then every kShutdownPoll
    });
  }
}

// Closes connections whose deadline passed; during shutdown also idle ones, and all of them once
// the shutdown deadline passed. Ends when shutting down with no connection left, which lets the
// worker's run() return.
Task<void> Server::Impl::sweep(Worker& w) {
  for (;;) {
    const auto now = Clock::now();
    const bool force = w.shutting_down && now >= w.shutdown_deadline;
    for (Connection* c = w.connections; c; c = c->next) {
      if (c->deadline <= now || force || (w.shutting_down && c->idle)) {
        beast::error_code ec;
        c->socket.close(ec);  // the session's pending operation fails and it ends
        c->deadline = kNever;
      }
    }
    if (w.shutting_down && !w.connections) co_return;
    w.sweep_timer.expires_after(w.shutting_down ? std::min<Clock::duration>(kShutdownPoll, sweep_period) : sweep_period);
    co_await w.sweep_timer.async_wait(kNoThrow);
  }
}

Task<void> Server::Impl::accept_loop() {
  Timer retry(acceptor.get_executor());
  for (;;) {
    auto [ec] = co_await acceptor.async_wait(tcp::acceptor::wait_read, kNoThrow);
    if (stopping.load() || ec == asio::error::operation_aborted) co_return;
    int failure = ec ? ec.value() : 0;
    while (!failure) {
      int fd = ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        if (errno == EINTR || errno == ECONNABORTED) continue;
        failure = errno;  // e.g. out of file descriptors
        break;
      }
      Worker& w = *workers[next_worker++ % workers.size()];
      asio::post(w.ioc, [this, &w, fd = UniqueFd(fd)]() mutable { adopt(w, std::move(fd)); });
    }
    if (failure) {
      options.error_log("accept: " + beast::error_code(failure, beast::system_category()).message());
      retry.expires_after(kAcceptRetryDelay);
      co_await retry.async_wait(kNoThrow);
    }
  }
}

// On `worker`'s thread: takes the descriptor into the worker's reactor and starts its session.
void Server::Impl::adopt(Worker& worker, UniqueFd fd) {
  if (stopping.load()) return;  // closed by `fd`
  Socket socket(worker.ioc.get_executor());
  beast::error_code ec;
  socket.assign(bound.protocol(), fd.release(), ec);
  if (ec) {
    options.error_log("accept: " + ec.message());
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);  // responses go out in one write; no Nagle wait
  socket.non_blocking(true, ec);               // write_now() must never block the worker
  asio::co_spawn(worker.ioc.get_executor(), session(worker, std::move(socket)), [this](std::exception_ptr e) {
    if (e) log_exception("connection", e);
  });
}

Task<void> Server::Impl::linger_close(Connection& conn) {
  beast::error_code ec;
  conn.socket.shutdown(tcp::socket::shutdown_send, ec);
  conn.idle = true;  // nothing more will be sent: shutdown may close it at once
  conn.deadline = Clock::now() + kLingerTime;
  std::array<char, 4096> discard;
  std::size_t drained = 0;
  while (drained < kLingerMaxBytes && !ec) {
    auto [rec, n] = co_await conn.socket.async_read_some(asio::buffer(discard), kNoThrow);
    ec = rec;
    drained += n;
  }
  conn.socket.close(ec);
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

// One connection: read a request, respond, write the response; again while it is kept alive.
Task<void> Server::Impl::session(Worker& worker, Socket socket) {
  Session s(worker, std::move(socket));
  {
    beast::error_code ec;
    auto remote = s.conn.socket.remote_endpoint(ec);
    s.peer = ec ? std::string() : remote.address().to_string();
    s.request.remote_address = s.peer;
  }
  s.conn.expire_after(options.header_timeout);  // the first header is counted from the accept
  for (std::size_t served = 0;; ++served) {
    if (!co_await next_request(s, served)) break;
    RequestParser parser(s.request, s.method_text, options);
    const auto [read_ec, started] = co_await read_request(s, parser);
    if (read_ec) {
      if (const int status = status_for_read_error(read_ec); status != 0) co_await refuse(s, status, started);
      break;
    }
    const Response response = respond_to(s);
    const bool keep_alive =
        keep_connection_open(parser.keep_alive(), stopping.load(), served, options.max_requests_per_connection);
    if (!co_await write_response(s, response, parser, keep_alive, started)) break;
    if (!keep_alive) {
      co_await linger_close(s.conn);
      co_return;
    }
  }
  beast::error_code ec;
  s.conn.socket.close(ec);
}

// Waits, unless pipelined bytes are already buffered, for the first byte of request `served`
// (0-based). False when the connection should close instead: the server is stopping, the
// keep-alive timeout passed, or the peer went away.
Task<bool> Server::Impl::next_request(Session& s, std::size_t served) {
  if (s.buffer.size() == 0) {
    if (stopping.load()) co_return false;
    s.conn.idle = true;
    if (served > 0) s.conn.expire_after(options.keep_alive_timeout);
    auto [ec, n] = co_await s.conn.socket.async_read_some(s.buffer.prepare(kReadChunk), kNoThrow);
    s.conn.idle = false;
    if (ec) co_return false;  // idle timeout, peer closed, or closed by stop()
    s.buffer.commit(n);
  }
  if (served > 0) s.conn.expire_after(options.header_timeout);
  co_return true;
}

// Reads one request into s.request: its header within header_timeout, then (after a
// 100 Continue when the client asked for one) its body within body_timeout.
Task<ReadOutcome> Server::Impl::read_request(Session& s, RequestParser& parser) {
  ReadOutcome out{{}, Clock::now()};
  bool header_only = true;
  for (;;) {
    if (feed(parser, s.buffer, header_only, out.ec)) {
      if (out.ec || !header_only || parser.is_done()) break;
      // The header is complete and a body follows.
      header_only = false;
      out.started = Clock::now();
      if (parser.expects_continue()) {
        s.conn.expire_after(options.write_timeout);
        std::tie(out.ec, std::ignore) = co_await asio::async_write(s.conn.socket, asio::buffer(kContinue), kNoThrow);
        if (out.ec) break;
      }
      s.conn.expire_after(options.body_timeout);
      continue;
    }
    auto [ec, n] = co_await s.conn.socket.async_read_some(s.buffer.prepare(kReadChunk), kNoThrow);
    if (ec == asio::error::eof) {
      if (parser.got_some())
        parser.put_eof(out.ec);
      else
        out.ec = bhttp::error::end_of_stream;
      if (!out.ec && !parser.is_done()) out.ec = bhttp::error::partial_message;
      break;
    }
    if (ec) {
      out.ec = ec;
      break;
    }
    s.buffer.commit(n);
  }
  if (header_only) out.started = Clock::now();
  co_return out;
}

// The handler's response to s.request, which now names the client (not a trusted proxy).
Response Server::Impl::respond_to(Session& s) {
  s.conn.deadline = kNever;  // the handler's time is not the client's fault
  if (!options.trusted_proxies.empty())
    s.request.remote_address = options.trusted_proxies.client_address(s.peer, forwarded_for(s.request));
  return respond(handler, s.request, s.method_text, options.error_log);
}

// Writes the response (its head only for HEAD and bodiless statuses) and logs it. False when
// the write failed and the connection is done.
Task<bool> Server::Impl::write_response(Session& s, const Response& response, const RequestParser& parser,
                                        bool keep_alive, Clock::time_point started) {
  const bool send_body = !parser.is_head() && status_has_body(response.status);
  s.head.clear();
  append_response_head(s.head, response,
                       {.content_length = response.body->size(), .keep_alive = keep_alive, .version = parser.version()},
                       http_date_now(), options.error_log);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(s.head),
                                            send_body ? asio::buffer(*response.body) : asio::const_buffer()};
  // Most responses fit the socket buffer: write them at once and only wait for the rest.
  beast::error_code ec;
  if (!write_now(s.conn.socket, buffers, ec)) ec = co_await write_rest(s.conn, buffers);
  log_access(s.request, s.method_text, response.status, send_body ? response.body->size() : 0, started);
  co_return !ec;
}

// Answers a request that could not be read (400, 413, 431) and closes the connection.
Task<void> Server::Impl::refuse(Session& s, int status, Clock::time_point started) {
  const Response error = plain_response(status, reason_phrase(status));
  s.head.clear();
  append_response_head(s.head, error, {.content_length = error.body->size(), .keep_alive = false, .version = 11},
                       http_date_now(), options.error_log);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(s.head), asio::buffer(*error.body)};
  beast::error_code ec;
  if (!write_now(s.conn.socket, buffers, ec)) ec = co_await write_rest(s.conn, buffers);
  s.request.target.clear();
  s.request.headers.clear();  // possibly half-parsed: no User-Agent to log
  if (!options.trusted_proxies.empty()) s.request.remote_address = s.peer;  // not the previous request's client
  log_access(s.request, "-", status, error.body->size(), started);
  if (!ec) co_await linger_close(s.conn);
}

// What write_now() left of a response, within write_timeout.
Task<beast::error_code> Server::Impl::write_rest(Connection& conn, std::array<asio::const_buffer, 2> buffers) {
  conn.expire_after(options.write_timeout);
  auto [ec, n] = co_await asio::async_write(conn.socket, buffers, kNoThrow);
  co_return ec;
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
