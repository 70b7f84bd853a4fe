// web::Server: the HTTP/1.x listener and connections (Boost.Beast + Asio coroutines, hidden in
// server.cpp). Everything above the socket is a web::Handler.
//
// Contract:
//  - create() resolves and binds the listen address (port 0 picks a free port; see port()).
//  - run() serves on `threads` threads (the caller's included) and returns after stop() once
//    in-flight requests finished (or the shutdown deadline passed). Call it once.
//  - stop() is thread-safe, idempotent and may be called before or during run(), e.g. from a
//    signal-handling thread: it stops accepting, closes idle keep-alive connections, lets requests
//    in progress finish (their responses carry Connection: close) up to shutdown_deadline, then
//    closes whatever is left.
//  - Threading: each of the `threads` workers runs its own event loop; accepted connections are
//    spread round-robin over the workers and stay on theirs, so requests of one connection are
//    handled in order on one thread. A handler that blocks holds up the other connections of its
//    worker (not the whole server): keep handlers short, as the page cache does.
//  - The handler is called concurrently from several threads, must outlive the server, and
//    sees HEAD requests as GET (the server sends the headers of that response without its body).
//    A handler that throws produces a 500 with a generic body; the exception text goes to
//    error_log only.
//  - Protocol errors are answered by the server itself and the connection closed: malformed
//    request 400, header over header_limit 431, body over body_limit 413. A client that does not
//    deliver a whole header within header_timeout is disconnected.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "web/access_log.hpp"
#include "web/client_address.hpp"
#include "web/http.hpp"

namespace barometer::web {

struct ServerOptions {
  // "host:port", "[v6]:port" or ":port" (all IPv4 interfaces). Port 0 = any free port.
  // Default "127.0.0.1:8080".
  std::string listen = "127.0.0.1:8080";
  // Worker threads, each running its own event loop (and the handlers of its connections).
  // 0 = std::thread::hardware_concurrency(). Default 0.
  unsigned threads = 0;
  // Largest request header (request line + fields), bytes; larger -> 431. Default 8 KiB.
  std::size_t header_limit = 8 * 1024;
  // Largest request body, bytes; larger -> 413. Default 1 MiB.
  std::size_t body_limit = 1024 * 1024;
  // Time for a client to deliver a whole request header, counted from the connection's accept
  // (first request) or from the request's first byte (later ones); then the connection is
  // closed. Defends against slowloris. Default 10 s.
  // All timeouts are enforced by a periodic sweep (every 1/8 of the shortest timeout, between
  // 5 ms and 250 ms), so a connection may be closed up to one sweep period late.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  // Time to receive a request body once its header is complete; then closed. Default 30 s.
  std::chrono::milliseconds body_timeout = std::chrono::seconds(30);
  // Time to write one response; then the connection is closed. Default 30 s.
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
  // How long a keep-alive connection may sit idle between requests. Default 60 s.
  std::chrono::milliseconds keep_alive_timeout = std::chrono::seconds(60);
  // Requests served on one connection before it is closed (Connection: close). 0 = unlimited.
  // Default 1000.
  std::size_t max_requests_per_connection = 1000;
  // After stop(), how long in-flight requests may take before their connections are closed.
  // Default 10 s.
  std::chrono::milliseconds shutdown_deadline = std::chrono::seconds(10);
  // Install SIGINT/SIGTERM handling during run(): the first signal calls stop(). Default false
  // (the application turns it on; tests and embedders do not want process-wide handlers).
  bool handle_signals = false;
  // Peers (reverse proxies) whose X-Forwarded-For names the client: for their requests
  // Request::remote_address (what handlers and the access log see) is the client's address
  // (web/client_address.hpp), recomputed per request since one proxy connection carries many
  // clients. Default empty: trust nobody, remote_address is the peer.
  TrustedProxies trusted_proxies;
  // Called once per finished request, on a worker thread; empty = no access log. Must be cheap
  // and thread-safe (AccessLog::sink() is). Default empty.
  AccessLogSink access_log;
  // Called for handler exceptions and unexpected server errors (one line, no newline); empty =
  // write to stderr. Must be thread-safe. Default empty.
  std::function<void(std::string_view)> error_log;
};

class Server {
 public:
  // Binds `options.listen`; an unusable address or a taken port is an error (invalid / io).
  static Result<std::unique_ptr<Server>> create(ServerOptions options, Handler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;  // the bound port (the real one when asked for 0)
  std::string address() const; // the bound address, e.g. "127.0.0.1:43127" or "[::1]:8080"

  void run();
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace barometer::web
