// /metrics of the whole program (docs/decisions/0020-metrics.md): `barometer demo` with
// metrics_listen (a port of its own, token required) and with metrics_token alone (the site's
// port); counters move as requests are made, and Prometheus' own promtool accepts the text.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

constexpr const char* kToken = "metrics-test-token-0123";

// The value of the sample `series` (exact name and labels) in `text`, or -1.
double sample(const std::string& text, const std::string& series) {
  const std::string line_start = series + " ";
  for (std::size_t at = text.find(line_start); at != std::string::npos; at = text.find(line_start, at + 1))
    if (at == 0 || text[at - 1] == '\n') return std::stod(text.substr(at + line_start.size()));
  return -1;
}

// promtool's verdict on `text` (exit status 0 = valid, lint clean).
std::pair<int, std::string> promtool_check(const testing::TempDir& dir, const std::string& text) {
  const std::string file = dir.file("metrics.txt");
  std::ofstream(file) << text;
  std::string out;
  FILE* p = popen(("promtool check metrics < " + file + " 2>&1").c_str(), "r");
  if (!p) return {-1, "popen failed"};
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(MetricsCli, OwnListenerWithTokenCountsRequestsAndPassesPromtool) {
  testing::TempDir dir;
  testing::ServerProcess server({"demo", "--data", dir.file("site")}, 300,
                                {"BAROMETER_ACCESS_LOG=off", "BAROMETER_METRICS_LISTEN=127.0.0.1:0",
                                 std::string("BAROMETER_METRICS_TOKEN=") + kToken});
  std::smatch m;
  const std::string out = server.output();
  ASSERT_TRUE(std::regex_search(out, m, std::regex("Metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"))) << out;
  const int metrics_port = std::stoi(m[1]);
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", std::string("Bearer ") + kToken}};

  for (int i = 0; i < 3; ++i) EXPECT_EQ(testing::http_get(server.port(), "/en/").status, 200);
  EXPECT_EQ(testing::http_get(server.port(), "/en/no-such-page/").status, 404);
  // Not on the site's port: there it is just a path the site does not have.
  EXPECT_EQ(testing::http_get(server.port(), "/metrics").status, 301);
  EXPECT_EQ(testing::http_get(server.port(), "/metrics/").status, 404);
  EXPECT_EQ(testing::http_get(metrics_port, "/metrics").status, 401) << "the token is asked for";
  EXPECT_EQ(testing::http_get(metrics_port, "/en/", auth).status, 404) << "the metrics port serves /metrics only";

  auto first = testing::http_get(metrics_port, "/metrics", auth);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = first.body;
  EXPECT_GE(sample(text, "barometer_http_requests_total{route=\"page\",code=\"200\"}"), 3) << text;
  EXPECT_GE(sample(text, "barometer_http_requests_total{route=\"page\",code=\"404\"}"), 1) << text;
  EXPECT_GE(sample(text, "barometer_http_request_duration_seconds_count{route=\"page\"}"), 4) << text;
  EXPECT_GE(sample(text, "barometer_page_cache_hits_total"), 2) << "the second and third /en/";
  EXPECT_GE(sample(text, "barometer_page_cache_entries"), 1);
  EXPECT_GE(sample(text, "barometer_db_pool_acquires_total"), 1);
  EXPECT_EQ(sample(text, "barometer_database_up"), 1);
  EXPECT_GE(sample(text, "barometer_deliveries{state=\"sent\"}"), 0) << text;
  EXPECT_GE(sample(text, "barometer_webhook_deliveries{state=\"delivered\"}"), 0) << text;
  EXPECT_GE(sample(text, "barometer_webhook_deliveries{state=\"failed\"}"), 0) << text;
  EXPECT_EQ(sample(text, "barometer_build_info{version=\"0.1.0\",database=\"sqlite\"}"), 1) << text;
  auto [status, report] = promtool_check(dir, text);
  EXPECT_EQ(status, 0) << report << "\n" << text;

  // Counters move: two more pages, and the next scrape shows them.
  const double before = sample(text, "barometer_http_requests_total{route=\"page\",code=\"200\"}");
  EXPECT_EQ(testing::http_get(server.port(), "/be/").status, 200);
  EXPECT_EQ(testing::http_get(server.port(), "/ru/").status, 200);
  auto second = testing::http_get(metrics_port, "/metrics", auth);
  EXPECT_EQ(sample(second.body, "barometer_http_requests_total{route=\"page\",code=\"200\"}"), before + 2);
  EXPECT_EQ(server.terminate(), 0);
}

TEST(MetricsCli, TokenAloneServesMetricsOnTheSitePort) {
  testing::TempDir dir;
  testing::ServerProcess server({"demo", "--data", dir.file("site")}, 300,
                                {"BAROMETER_ACCESS_LOG=off", std::string("BAROMETER_METRICS_TOKEN=") + kToken});
  EXPECT_EQ(server.output().find("Metrics on"), std::string::npos);
  EXPECT_EQ(testing::http_get(server.port(), "/metrics").status, 401);
  EXPECT_EQ(testing::http_get(server.port(), "/metrics", {{"Authorization", "Bearer wrong-token-0123456789"}}).status, 401);
  auto ok = testing::http_get(server.port(), "/metrics", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(sample(ok.body, "barometer_database_up"), 1);
  EXPECT_EQ(testing::http_get(server.port(), "/en/").status, 200) << "the site is still there";
  EXPECT_EQ(server.terminate(), 0);
}

TEST(MetricsCli, BadMetricsSettingsStopTheStart) {
  testing::TempDir dir;
  auto [short_status, short_out] =
      testing::run_barometer({"demo", "--data", dir.file("a")}, {"BAROMETER_METRICS_TOKEN=short"});
  EXPECT_EQ(short_status, 64) << short_out;
  EXPECT_NE(short_out.find("metrics_token"), std::string::npos) << short_out;
  auto [listen_status, listen_out] =
      testing::run_barometer({"demo", "--data", dir.file("b")}, {"BAROMETER_METRICS_LISTEN=nonsense"});
  EXPECT_EQ(listen_status, 64) << listen_out;
  EXPECT_NE(listen_out.find("metrics_listen"), std::string::npos) << listen_out;
}

}  // namespace
}  // namespace barometer
