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
#include "web/metrics.hpp"
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
  // Every finished request is counted for /metrics, then (if configured) written to the log.
  web::RequestMetrics& request_metrics = (*node)->request_metrics();
  server_options.access_log = [&request_metrics, log = access_log ? access_log->sink() : web::AccessLogSink{}](
                                  const web::AccessLogEntry& entry) {
    request_metrics.observe(entry);
    if (log) log(entry);
  };
  server_options.error_log = [](std::string_view line) { spdlog::error("{}", line); };

  // /metrics (docs/decisions/0020-metrics.md): on a listener of its own, or on the site's behind a
  // token, or nowhere.
  Node& the_node = **node;
  auto render_metrics = [&the_node] { return the_node.metrics_text(); };
  std::unique_ptr<web::Handler> metrics_endpoint;
  web::Handler* site_handler = &the_node.handler();
  if (config.metrics_listen.empty() && !config.metrics_token.empty()) {
    metrics_endpoint = web::make_metrics_endpoint(render_metrics, config.metrics_token, site_handler);
    site_handler = metrics_endpoint.get();
  }
  auto server = web::Server::create(server_options, *site_handler);
  if (!server) {
    spdlog::error("listen {}: {}", config.listen, server.error().message);
    return server.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable;
  }
  std::unique_ptr<web::Handler> metrics_only;
  Result<std::unique_ptr<web::Server>> metrics_server = std::unique_ptr<web::Server>();
  if (!config.metrics_listen.empty()) {
    metrics_only = web::make_metrics_endpoint(render_metrics, config.metrics_token);
    web::ServerOptions metrics_options;
    metrics_options.listen = config.metrics_listen;
    metrics_options.threads = 1;
    metrics_options.error_log = server_options.error_log;
    metrics_server = web::Server::create(metrics_options, *metrics_only);
    if (!metrics_server) {
      spdlog::error("metrics_listen {}: {}", config.metrics_listen, metrics_server.error().message);
      return metrics_server.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable;
    }
  }
  (*node)->start();
  std::atomic<bool> signalled{false};
  web::Server& running = **server;
  web::Server* metrics_running = metrics_server->get();
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    signalled = true;
    running.stop();
    if (metrics_running) metrics_running->stop();
  });
  std::thread metrics_thread;
  if (metrics_running) {
    std::printf("Metrics on http://%s/metrics\n", metrics_running->address().c_str());
    metrics_thread = std::thread([metrics_running] { metrics_running->run(); });
  }
  // Tests and scripts wait for this exact line to learn the port (listen = ...:0).
  std::printf("Listening on http://%s\n", running.address().c_str());
  std::fflush(stdout);
  running.run();
  if (metrics_running) {
    metrics_running->stop();
    metrics_thread.join();
  }
  (*node)->stop();
  if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter to end it
  waiter.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace barometer
