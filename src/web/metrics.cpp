#include "web/metrics.hpp"

#include <cmath>
#include <cstdio>

#include "services/staff/password.hpp"

namespace barometer::web {

namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(RouteClass::count_)> kClassNames = {
    "page", "data", "api", "asset", "feed", "newsletter", "admin", "machine", "other"};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A value as the format writes it: integers without a fraction, +Inf for infinity.
std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Label values escape backslash, double quote and line feed (the exposition format's rule).
void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

Response text_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_body(std::move(body));
  return r;
}

class MetricsEndpoint final : public Handler {
 public:
  MetricsEndpoint(std::function<std::string()> render, std::string token, Handler* next)
      : render_(std::move(render)), token_(std::move(token)), next_(next) {}

  Response handle(const Request& request) override {
    if (request.path != "/metrics") return next_ ? next_->handle(request) : text_response(404, "not found\n");
    if (request.method != "GET" && request.method != "HEAD") {
      Response r = text_response(405, "method not allowed\n");
      r.set_header("Allow", "GET, HEAD");
      return r;
    }
    if (!token_.empty()) {
      const std::string_view auth = request.header("Authorization");
      constexpr std::string_view kBearer = "Bearer ";
      if (!starts_with(auth, kBearer) || !staff::constant_time_equal(auth.substr(kBearer.size()), token_)) {
        Response r = text_response(401, "unauthorized\n");
        r.set_header("WWW-Authenticate", "Bearer realm=\"metrics\"");
        return r;
      }
    }
    Response r = text_response(200, render_());
    r.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return r;
  }

 private:
  std::function<std::string()> render_;
  std::string token_;
  Handler* next_;
};

}  // namespace

std::string_view to_string(RouteClass c) { return kClassNames[static_cast<std::size_t>(c)]; }

RouteClass classify_target(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (starts_with(path, "/admin")) return RouteClass::admin;
  if (starts_with(path, "/static/")) return RouteClass::asset;
  if (path == "/api" || starts_with(path, "/api/")) return RouteClass::api;  // the read API (decision 0021)
  if (starts_with(path, "/data/")) return RouteClass::data;
  if (path == "/healthz" || path == "/metrics" || path == "/robots.txt" || starts_with(path, "/.well-known/") ||
      ends_with(path, "/sitemap.xml"))
    return RouteClass::machine;
  if (ends_with(path, "/feed.xml") || ends_with(path, "/feed.json")) return RouteClass::feed;
  for (std::string_view p : {"/subscribe", "/confirm/", "/preferences/", "/unsubscribe/"})
    if (starts_with(path, p)) return RouteClass::newsletter;
  if (starts_with(path, "/")) return RouteClass::page;
  return RouteClass::other;  // "*", an absolute URL, garbage the server answered itself
}

void MetricsText::family(std::string_view name, std::string_view type, std::string_view help) {
  out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void MetricsText::sample(std::string_view name, const Labels& labels, double value) {
  out_.append(name);
  if (!labels.empty()) {
    out_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i) out_ += ',';
      out_.append(labels[i].first).append("=\"");
      append_label_value(out_, labels[i].second);
      out_ += '"';
    }
    out_ += '}';
  }
  out_.append(" ").append(number(value)).append("\n");
}

void RequestMetrics::observe(const AccessLogEntry& entry) {
  const auto c = static_cast<std::size_t>(classify_target(entry.target));
  const std::size_t code = entry.status >= 0 && entry.status < static_cast<int>(kCodes) ? entry.status : 0;
  requests_[c][code].fetch_add(1, std::memory_order_relaxed);
  Latency& l = latency_[c];
  const double seconds = static_cast<double>(entry.duration_us) / 1e6;
  for (std::size_t b = 0; b < kBuckets.size(); ++b)
    if (seconds <= kBuckets[b]) {
      l.buckets[b].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  l.count.fetch_add(1, std::memory_order_relaxed);
  l.sum_us.fetch_add(entry.duration_us, std::memory_order_relaxed);
}

void RequestMetrics::write(MetricsText& out) const {
  out.family("barometer_http_requests_total", "counter", "HTTP requests answered, by route class and status code.");
  for (std::size_t c = 0; c < kClasses; ++c)
    for (std::size_t code = 0; code < kCodes; ++code)
      if (auto n = requests_[c][code].load(std::memory_order_relaxed))
        out.sample("barometer_http_requests_total",
                   {{"route", std::string(kClassNames[c])}, {"code", std::to_string(code)}}, static_cast<double>(n));
  out.family("barometer_http_request_duration_seconds", "histogram",
             "Time from a complete request header to the response written, by route class.");
  for (std::size_t c = 0; c < kClasses; ++c) {
    const Latency& l = latency_[c];
    const std::uint64_t count = l.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string route(kClassNames[c]);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += l.buckets[b].load(std::memory_order_relaxed);
      out.sample("barometer_http_request_duration_seconds_bucket", {{"route", route}, {"le", number(kBuckets[b])}},
                 static_cast<double>(cumulative));
    }
    // Read apart from the buckets, so +Inf may run ahead of the last bucket by a request in flight;
    // never behind it.
    out.sample("barometer_http_request_duration_seconds_bucket", {{"route", route}, {"le", "+Inf"}},
               static_cast<double>(std::max(count, cumulative)));
    out.sample("barometer_http_request_duration_seconds_sum", {{"route", route}},
               static_cast<double>(l.sum_us.load(std::memory_order_relaxed)) / 1e6);
    out.sample("barometer_http_request_duration_seconds_count", {{"route", route}},
               static_cast<double>(std::max(count, cumulative)));
  }
}

std::unique_ptr<Handler> make_metrics_endpoint(std::function<std::string()> render, std::string token, Handler* next) {
  return std::make_unique<MetricsEndpoint>(std::move(render), std::move(token), next);
}

}  // namespace barometer::web
