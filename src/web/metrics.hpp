// /metrics: barometer's figures in the Prometheus text exposition format (version 0.0.4), for an
// operator's Prometheus to scrape (docs/decisions/0020-metrics.md, README "Operations").
//
//  - RequestMetrics counts every finished request by route class and status code, with a
//    latency histogram per route class. It is fed from the server's access-log hook (one call per
//    request: a few relaxed atomic increments, no lock), so it sees exactly what the access log
//    sees, 400s and 431s the server answers itself included.
//  - MetricsText writes families (HELP, TYPE, samples) with label values escaped as the format
//    wants, so a route or state name can never break a line.
//  - MetricsEndpoint serves GET /metrics from a callback that renders the text. Where it listens
//    is the application's choice: a separate listen address (`metrics_listen`), or the site's
//    own with a bearer token (`metrics_token`).
// Thread-safe: observe() and write() may run concurrently from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/access_log.hpp"
#include "web/http.hpp"

namespace barometer::web {

// What kind of URL a request was for: few enough values that every pair with a status code is a
// small, bounded set of series (never one per URL).
enum class RouteClass { page, data, api, asset, feed, newsletter, admin, machine, other, count_ };
std::string_view to_string(RouteClass c);
// The class of a request target ("/en/topics/x/?page=2" -> page; "/admin/..." -> admin).
RouteClass classify_target(std::string_view target);

class MetricsText {
 public:
  using Labels = std::vector<std::pair<std::string_view, std::string>>;
  // Starts a family: "# HELP name help" and "# TYPE name type" (counter, gauge, histogram).
  void family(std::string_view name, std::string_view type, std::string_view help);
  // One sample of the current family: name{labels} value.
  void sample(std::string_view name, const Labels& labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }
  // A family of one sample without labels: family() and sample() together.
  void single(std::string_view name, std::string_view type, std::string_view help, double value) {
    family(name, type, help);
    sample(name, value);
  }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, seconds: from a cached page (well under a millisecond)
  // to a slow export.
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};
  void observe(const AccessLogEntry& entry);
  // barometer_http_requests_total and barometer_http_request_duration_seconds.
  void write(MetricsText& out) const;

 private:
  static constexpr std::size_t kClasses = static_cast<std::size_t>(RouteClass::count_);
  static constexpr std::size_t kCodes = 600;  // status codes 0..599; others are counted as 0
  struct Latency {
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};  // not cumulative
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_us{0};
  };
  std::array<std::array<std::atomic<std::uint64_t>, kCodes>, kClasses> requests_{};
  std::array<Latency, kClasses> latency_{};
};

// GET (or HEAD) /metrics answered from `render`; anything else on this handler is a 404, other
// methods on /metrics a 405. With a non-empty `token`, the request needs
// "Authorization: Bearer TOKEN" (compared in constant time), else 401 with WWW-Authenticate.
// `next` (may be null) gets every request that is not for /metrics: the site's own handler when
// the endpoint shares its listener.
std::unique_ptr<Handler> make_metrics_endpoint(std::function<std::string()> render, std::string token,
                                               Handler* next = nullptr);

}  // namespace barometer::web
