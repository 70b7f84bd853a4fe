// The whole program over HTTP: `barometer demo` on a loopback port, spoken to by a raw client,
// once with SQLite and once with PostgreSQL as its database.
// Status codes, headers, conditional and HEAD requests, every page type in every language,
// and the bad-input table of issue 2.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <regex>

#include "support/backend_fixture.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::HttpConnection;
using testing::HttpReply;

// Runs on both backends: `demo` on a SQLite file, and `demo` with BAROMETER_DATABASE naming a fresh
// database of the process's throwaway PostgreSQL cluster. Each server starts once (seeding the
// demo is the slow part) and serves every test of its backend.
class HttpSite : public ::testing::TestWithParam<std::string> {
 protected:
  struct Backend {
    explicit Backend(const std::string& name) : database(name, dir) {}
    testing::TempDir dir;
    testing::BackendDatabase database;  // PostgreSQL only: dropped after the server stops
    std::unique_ptr<testing::ServerProcess> server;
  };
  static std::map<std::string, std::unique_ptr<Backend>>& backends() {
    static std::map<std::string, std::unique_ptr<Backend>> all;
    return all;
  }
  static void TearDownTestSuite() {
    for (auto& [name, backend] : backends()) {
      if (backend->server) {
        EXPECT_EQ(backend->server->terminate(), 0) << name << ": graceful shutdown exits 0";
      }
      backend->server.reset();
    }
    backends().clear();
  }
  void SetUp() override {
    auto& backend = backends()[GetParam()];
    if (!backend) {
      auto fresh = std::make_unique<Backend>(GetParam());
      std::vector<std::string> env = {"BAROMETER_ACCESS_LOG=off"};
      if (GetParam() == "postgres") {
        auto url = fresh->database.location();
        ASSERT_TRUE(url.ok()) << url.error().message;
        env.push_back("BAROMETER_DATABASE=" + *url);
      }
      fresh->server = std::make_unique<testing::ServerProcess>(
          std::vector<std::string>{"demo", "--data", fresh->dir.file("site")}, 300, env);
      backend = std::move(fresh);
    }
    server_ = backend->server.get();
  }
  HttpReply get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return testing::http_get(server_->port(), target, headers);
  }
  // The first link on `page` matching `pattern` (a regex for the href value).
  static std::string first_link(const std::string& page, const std::string& pattern) {
    std::smatch m;
    std::regex re("href=\"(" + pattern + ")\"");
    if (!std::regex_search(page, m, re)) return "";
    return m[1];
  }
  testing::ServerProcess* server_ = nullptr;
};

BAROMETER_ON_BACKENDS(HttpSite);

TEST_P(HttpSite, EveryPageTypeInEveryLanguage) {
  for (std::string lang : {"en", "be", "ru"}) {
    SCOPED_TRACE(lang);
    auto home = get("/" + lang + "/");
    ASSERT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("<html lang=\"" + lang + "\""), std::string::npos);
    auto period = get("/" + lang + "/2022-W09/");
    ASSERT_EQ(period.status, 200);
    auto commentary = first_link(period.body, "/" + lang + "/topics/security/[a-z0-9-]+/");
    ASSERT_FALSE(commentary.empty());
    auto page = get(commentary);
    ASSERT_EQ(page.status, 200) << commentary;
    auto author = first_link(page.body, "/" + lang + "/authors/[a-z0-9-]+/");
    ASSERT_FALSE(author.empty());
    EXPECT_EQ(get(author).status, 200) << author;
    EXPECT_EQ(get("/" + lang + "/topics/security/").status, 200);
    EXPECT_EQ(get("/" + lang + "/topics/security/?page=2").status, 200);
    for (const auto& [code, slug] : std::vector<std::pair<std::string, std::string>>{
             {"en", "about"}, {"be", "pra-manitorynh"}, {"ru", "o-monitoringe"}})
      if (code == lang) {
        EXPECT_EQ(get("/" + lang + "/" + slug + "/").status, 200);
      }
  }
}

TEST_P(HttpSite, SeedCommentaryIsServedWithItsMarkerInEachLanguage) {
  struct Case { std::string lang, range, marker; };
  for (const auto& c : std::vector<Case>{
           {"en", "February 28\u2009–\u2009March 6, 2022", "The situation got worse"},
           {"ru", "28 февраля – 6 марта 2022\u202Fг.", "Ситуация ухудшилась"},
       }) {
    auto period = get("/" + c.lang + "/2022-W09/");
    ASSERT_EQ(period.status, 200);
    auto link = first_link(period.body, "/" + c.lang + "/topics/security/[a-z0-9-]+/");
    auto page = get(link);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find(c.marker), std::string::npos) << c.lang;
    EXPECT_NE(page.body.find(c.range), std::string::npos) << c.lang;
  }
}

// Issue 15: every strip cell goes straight to its commentary's own page (200, no redirect hop);
// the period-addressed URL stays for old links.
TEST_P(HttpSite, StripCellsLeadToTheCommentaryOfTheirPeriod) {
  auto home = get("/ru/");
  ASSERT_EQ(home.status, 200);
  std::regex cell_re("class=\"strip__cell[^\"]*\" href=\"([^\"]+)\"");
  int cells = 0;
  for (auto it = std::sregex_iterator(home.body.begin(), home.body.end(), cell_re); it != std::sregex_iterator();
       ++it) {
    const std::string href = (*it)[1];
    EXPECT_TRUE(std::regex_match(href, std::regex("/ru/topics/[a-z-]+/[a-z0-9-]+/"))) << href;
    EXPECT_EQ(get(href).status, 200) << href;
    ++cells;
  }
  EXPECT_GT(cells, 0) << "home strips link to commentaries";

  auto seed = get("/en/topics/security/2022-W09/");
  EXPECT_EQ(seed.status, 302);
  EXPECT_NE(seed.header("Location").find("minsk-will-shield"), std::string::npos) << seed.header("Location");
  EXPECT_EQ(get(seed.header("Location")).status, 200);
  for (const char* bad : {"/en/topics/security/2019-W01/", "/en/topics/security/2022-W99/",
                          "/en/topics/security/2022-W9/", "/en/topics/nowhere/2022-W09/"})
    EXPECT_EQ(get(bad).status, 404) << bad;
}

TEST_P(HttpSite, RootNegotiatesTheLanguage) {
  auto ru = get("/", {{"Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"}});
  EXPECT_EQ(ru.status, 302);
  EXPECT_EQ(ru.header("Location"), "/ru/");
  auto be = get("/", {{"Accept-Language", "be"}});
  EXPECT_EQ(be.header("Location"), "/be/");
  auto other = get("/", {{"Accept-Language", "de-DE"}});
  EXPECT_EQ(other.header("Location"), "/en/");
  auto none = get("/");
  EXPECT_EQ(none.header("Location"), "/en/");
}

TEST_P(HttpSite, HeadersOfAPage) {
  auto r = get("/en/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_FALSE(r.header("ETag").empty());
  EXPECT_NE(r.header("Cache-Control").find("max-age"), std::string::npos);
  EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(r.header("Referrer-Policy").empty());
  EXPECT_EQ(std::stoul(r.header("Content-Length")), r.body.size());
}

TEST_P(HttpSite, ConditionalGetAnswers304) {
  auto first = get("/en/2022-W09/");
  std::string etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/en/2022-W09/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  EXPECT_EQ(get("/en/2022-W09/", {{"If-None-Match", "\"something-else\""}}).status, 200);
}

TEST_P(HttpSite, HeadSendsHeadersWithoutBody) {
  auto full = get("/en/topics/security/");
  HttpConnection c("127.0.0.1", server_->port());
  auto head = c.request("HEAD", "/en/topics/security/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("Content-Length"), full.header("Content-Length"));
  EXPECT_EQ(head.header("ETag"), full.header("ETag"));
  // The connection is still usable: nothing of a body was left on it.
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
}

TEST_P(HttpSite, KeepAliveServesManyRequestsOnOneConnection) {
  HttpConnection c("127.0.0.1", server_->port());
  for (int i = 0; i < 5; ++i) {
    auto r = c.request("GET", i % 2 ? "/en/" : "/ru/");
    EXPECT_EQ(r.status, 200);
  }
}

TEST_P(HttpSite, GzipWhenAccepted) {
  auto r = get("/en/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  ASSERT_GE(r.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(r.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(r.body[1]), 0x8b);
  EXPECT_NE(r.header("Vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_TRUE(get("/en/", {{"Accept-Encoding", "gzip;q=0"}}).header("Content-Encoding").empty());
}

TEST_P(HttpSite, BadInputTable) {
  struct Case { std::string target; int status; std::string lang; };
  for (const auto& c : std::vector<Case>{
           {"/xx/", 404, ""},
           {"/en/no-such-page/", 404, "en"},
           {"/be/no-such-page/", 404, "be"},
           {"/ru/topics/no-such-topic/", 404, "ru"},
           {"/en/topics/security/no-such-commentary/", 404, "en"},
           {"/en/authors/nobody/", 404, "en"},
           {"/en/2022-W60/", 404, "en"},
           {"/en/2019-W01/", 404, "en"},
           {"/en/%zz/", 400, "en"},
           {"/ru/topics/%E0%A4%A/", 400, "ru"},
           {"/en/topics/security/?page=abc", 400, "en"},
           {"/en/topics/security/?page=0", 400, "en"},
           {"/en/topics/security/?page=-3", 400, "en"},
           {"/en/topics/security/?page=99999999999999999999999", 400, "en"},
           {"/en/topics/security/?page=999", 404, "en"},
           {"/be/topics/security/?page=%zz", 400, "be"},
           {"/static/../../etc/passwd", 404, ""},
           {"/static/%2e%2e/%2e%2e/etc/passwd", 404, ""},
       }) {
    auto r = get(c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    if (!c.lang.empty()) {
      EXPECT_NE(r.body.find("<html lang=\"" + c.lang + "\""), std::string::npos) << c.target;
      EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << c.target;
    }
  }
}

TEST_P(HttpSite, OversizeHeadersGet431) {
  auto r = get("/en/", {{"X-Filler", std::string(16 * 1024, 'a')}});
  EXPECT_EQ(r.status, 431);
}

TEST_P(HttpSite, OtherMethodsGet405) {
  HttpConnection c("127.0.0.1", server_->port());
  auto r = c.request("POST", "/en/", {{"Content-Type", "text/plain"}}, "x");
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.header("Allow").find("GET"), std::string::npos);
}

TEST_P(HttpSite, MalformedRequestLineGets400) {
  HttpConnection c("127.0.0.1", server_->port());
  c.send_raw("THIS IS NOT HTTP\r\n\r\n");
  auto r = c.read_reply();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
}

TEST_P(HttpSite, HealthAndRobots) {
  auto h = get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_NE(h.body.find("ok"), std::string::npos);
  auto robots = get("/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_NE(robots.body.find("User-agent"), std::string::npos);
}

}  // namespace
}  // namespace barometer
