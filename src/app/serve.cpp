// `serve`: a Node (the database, services, loops and handler, app/node.hpp) behind the Beast
// server, until SIGTERM or SIGINT.
#include <spdlog/spdlog.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <thread>

#include "app/app.hpp"
#include "app/exit_codes.hpp"
#include "app/node.hpp"
#include "app/subscription_settings.hpp"
#include "web/access_log.hpp"
#include "web/server.hpp"

namespace barometer {

namespace {

// Owns the access log's FILE* when it is a file.
struct AccessLogTarget {
  std::FILE* file = nullptr;
  bool owned = false;
  ~AccessLogTarget() {
    if (owned && file) std::fclose(file);
  }
};

}  // namespace

int serve_site(const Config& config) {
  // Block SIGINT/SIGTERM before any thread exists (loops, access log writer, server workers), so
  // they all inherit the mask and only the waiter thread below receives the signals.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  // Behind nginx: the readers' addresses from X-Forwarded-For, for the per-IP limits, the
  // sign-in throttle, consent records and the access log (docs/deploy.md). Checked first, so a
  // bad entry stops the program before anything starts.
  auto proxies = trusted_proxies(config);
  if (!proxies) {
    spdlog::error("{}", proxies.error().message);
    return kExitUsage;
  }
  auto node = Node::build(config);
  if (!node) {
    spdlog::error("{}", node.error().message);
    return node.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable;
  }

  AccessLogTarget log_target;
  if (config.access_log == "-") {
    log_target.file = stdout;
  } else if (config.access_log != "off") {
    log_target.file = std::fopen(config.access_log.c_str(), "a");
    log_target.owned = true;
    if (!log_target.file) {
      spdlog::error("access_log {}: cannot open for appending", config.access_log);
      return kExitUsage;
    }
  }
  std::unique_ptr<web::AccessLog> access_log;
  if (log_target.file) access_log = std::make_unique<web::AccessLog>(log_target.file);

  web::ServerOptions server_options;
  server_options.listen = config.listen;
  server_options.threads = unsigned(config.threads);
  server_options.trusted_proxies = std::move(*proxies);
  // Signals are handled below by a dedicated thread, installed before the "Listening" line so
  // that a SIGTERM arriving right after start-up still shuts down cleanly.
  server_options.handle_signals = false;
  if (access_log) server_options.access_log = access_log->sink();
  server_options.error_log = [](std::string_view line) { spdlog::error("{}", line); };
  auto server = web::Server::create(server_options, (*node)->handler());
  if (!server) {
    spdlog::error("listen {}: {}", config.listen, server.error().message);
    return server.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable;
  }
  (*node)->start();
  std::atomic<bool> signalled{false};
  web::Server& running = **server;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    signalled = true;
    running.stop();
  });
  // Tests and scripts wait for this exact line to learn the port (listen = ...:0).
  std::printf("Listening on http://%s\n", running.address().c_str());
  std::fflush(stdout);
  running.run();
  (*node)->stop();
  if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter to end it
  waiter.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace barometer
