// Node: one running barometer node, built from the configuration in one place — the database,
// the one clock, the services, the background loops (scheduled publisher, confirmation outbox
// and housekeeping, digest sender, webhook sender) and the request handler (public site and back office behind
// the standard middleware). `serve` builds one, starts its loops, puts its handler behind the
// HTTP server and stops it on SIGTERM.
//
// Thread-safety: build/start/stop from one thread; handler() is safe to call concurrently once
// built. The destructor stops the loops.
#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"
#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "storage/database.hpp"
#include "web/http.hpp"
#include "web/metrics.hpp"

namespace barometer {

class Node {
 public:
  // Everything the configuration names, built and checked; nothing started. Errors say what
  // failed ("database …", "theme …"): `invalid` for a configuration or theme to fix (exit 64),
  // anything else for a database that cannot be reached (exit 69).
  static Result<std::unique_ptr<Node>> build(const Config& config);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Starts the background loops: the publisher's first pass catches up what came due while no
  // node ran; the digest sender resumes what a stopped node left `sending`.
  void start();
  // Stops them, after the batches in hand are recorded.
  void stop();

  web::Handler& handler();
  Database& database();
  // Counts the requests the server finishes: ServerOptions::access_log feeds it.
  web::RequestMetrics& request_metrics();
  // The /metrics text (web/metrics.hpp): requests, page cache, database pool, deliveries and
  // webhook deliveries by state,
  // scheduled publishes, build info. Reads the two ledgers (one query each).
  std::string metrics_text();

 private:
  struct Parts;
  explicit Node(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace barometer
