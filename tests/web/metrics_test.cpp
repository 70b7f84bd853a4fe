// /metrics' parts (web/metrics.hpp): the route classes, the text format's escaping, the request
// counters and histogram, and the endpoint's token and routing. The whole program's /metrics,
// checked by promtool, is tests/cli/metrics_cli_test.cpp.
#include "web/metrics.hpp"

#include <gtest/gtest.h>

namespace barometer::web {
namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

TEST(Metrics, RouteClassesOfTargets) {
  const std::pair<const char*, RouteClass> rows[] = {
      {"/en/", RouteClass::page},
      {"/be/topics/security/?page=2", RouteClass::page},
      {"/ru/2022-W09/", RouteClass::page},
      {"/data/markers.csv", RouteClass::data},
      {"/api/v1/topics", RouteClass::api},
      {"/api", RouteClass::api},
      {"/apiary/", RouteClass::page},
      {"/static/style.css?v=abc", RouteClass::asset},
      {"/en/feed.xml", RouteClass::feed},
      {"/en/topics/security/feed.json", RouteClass::feed},
      {"/subscribe", RouteClass::newsletter},
      {"/unsubscribe/tok", RouteClass::newsletter},
      {"/admin/", RouteClass::admin},
      {"/admin", RouteClass::admin},
      {"/healthz", RouteClass::machine},
      {"/metrics", RouteClass::machine},
      {"/robots.txt", RouteClass::machine},
      {"/.well-known/security.txt", RouteClass::machine},
      {"/sitemap.xml", RouteClass::machine},
      {"/be/sitemap.xml?page=2", RouteClass::machine},
      {"*", RouteClass::other},
      {"http://evil.example/", RouteClass::other},
      {"", RouteClass::other},
  };
  for (const auto& [target, expected] : rows) EXPECT_EQ(to_string(classify_target(target)), to_string(expected)) << target;
}

TEST(Metrics, TextEscapesLabelValuesAndWritesNumbersPlainly) {
  MetricsText out;
  out.family("x_total", "counter", "Things.");
  out.sample("x_total", {{"a", "back\\slash \"quoted\"\nline"}, {"b", "ok"}}, 3);
  out.sample("x_total", 0.25);
  EXPECT_EQ(out.text(),
            "# HELP x_total Things.\n# TYPE x_total counter\n"
            "x_total{a=\"back\\\\slash \\\"quoted\\\"\\nline\",b=\"ok\"} 3\n"
            "x_total 0.25\n");
}

AccessLogEntry entry(std::string_view target, int status, std::uint64_t duration_us) {
  AccessLogEntry e;
  e.target = target;
  e.status = status;
  e.duration_us = duration_us;
  return e;
}

TEST(Metrics, RequestsAreCountedByClassAndCodeWithACumulativeHistogram) {
  RequestMetrics m;
  m.observe(entry("/en/", 200, 80));           // 0.00008 s
  m.observe(entry("/en/", 200, 700));          // 0.0007 s
  m.observe(entry("/nowhere/", 404, 3000));    // 0.003 s
  m.observe(entry("/admin/", 303, 9000000));   // 9 s: past every bucket
  m.observe(entry("/en/", 999, 1));            // an impossible code
  MetricsText out;
  m.write(out);
  const std::string& t = out.text();
  EXPECT_TRUE(has(t, "barometer_http_requests_total{route=\"page\",code=\"200\"} 2\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_requests_total{route=\"page\",code=\"404\"} 1\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_requests_total{route=\"admin\",code=\"303\"} 1\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_requests_total{route=\"page\",code=\"0\"} 1\n")) << t;
  EXPECT_FALSE(has(t, "route=\"feed\"")) << "no series for what never happened";
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_bucket{route=\"page\",le=\"0.0001\"} 2\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_bucket{route=\"page\",le=\"0.001\"} 3\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_bucket{route=\"page\",le=\"0.005\"} 4\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_bucket{route=\"page\",le=\"+Inf\"} 4\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_count{route=\"page\"} 4\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_sum{route=\"page\"} 0.003781\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_bucket{route=\"admin\",le=\"2.5\"} 0\n")) << t;
  EXPECT_TRUE(has(t, "barometer_http_request_duration_seconds_bucket{route=\"admin\",le=\"+Inf\"} 1\n")) << t;
}

class Echo final : public Handler {
 public:
  Response handle(const Request& r) override {
    Response out;
    out.set_body("site:" + r.path);
    return out;
  }
};

Request request(std::string method, std::string path, std::vector<Header> headers = {}) {
  Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  r.headers = std::move(headers);
  return r;
}

TEST(Metrics, TheEndpointWantsItsTokenAndPassesTheRestOn) {
  Echo site;
  auto endpoint = make_metrics_endpoint([] { return std::string("m 1\n"); }, "0123456789abcdef", &site);
  EXPECT_EQ(*endpoint->handle(request("GET", "/en/")).body, "site:/en/");
  Response bare = endpoint->handle(request("GET", "/metrics"));
  EXPECT_EQ(bare.status, 401);
  EXPECT_EQ(bare.header("WWW-Authenticate"), "Bearer realm=\"metrics\"");
  for (const char* wrong : {"Bearer 0123456789abcdeF", "Bearer 0123456789abcde", "Basic 0123456789abcdef",
                            "bearer0123456789abcdef", "Bearer 0123456789abcdef0"})
    EXPECT_EQ(endpoint->handle(request("GET", "/metrics", {{"Authorization", wrong}})).status, 401) << wrong;
  Response ok = endpoint->handle(request("GET", "/metrics", {{"Authorization", "Bearer 0123456789abcdef"}}));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(*ok.body, "m 1\n");
  EXPECT_EQ(ok.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(ok.header("Cache-Control"), "no-store");
  Response post = endpoint->handle(request("POST", "/metrics", {{"Authorization", "Bearer 0123456789abcdef"}}));
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");

  // On a listener of its own, without a token: /metrics only.
  auto alone = make_metrics_endpoint([] { return std::string("m 2\n"); }, "");
  EXPECT_EQ(*alone->handle(request("GET", "/metrics")).body, "m 2\n");
  EXPECT_EQ(alone->handle(request("GET", "/en/")).status, 404);
  EXPECT_EQ(alone->handle(request("GET", "/metrics/")).status, 404);
}

}  // namespace
}  // namespace barometer::web
