// The read API's pages and caching on both backends (docs/decisions/0021-read-api.md): walking a
// whole collection page by page while analysts publish between the pages neither misses nor
// repeats a commentary or a week; next links in the body and the Link header; ETag/304 through
// the standard middleware; the page cache follows the content version; CORS on every answer.

#include "web/api_fixture.hpp"

#include <map>
#include <set>

namespace barometer::web {
namespace {

using testing_support::ApiTest;
using testing_support::make_commentary;
using Json = nlohmann::json;

class ApiPaging : public ApiTest {
 protected:
  // Published commentaries for both topics in 2021-W01..W(weeks), and drafts in 2020 (low ids that
  // get published while a client pages: they must still be seen once, or not at all, never twice).
  void add_history(int weeks) {
    for (int w = 1; w <= 6; ++w)
      for (Id topic : {ids_.security, ids_.west}) drafts_.push_back(add(topic, "2020-W" + two(w), false));
    for (int w = 1; w <= weeks; ++w)
      for (Id topic : {ids_.security, ids_.west}) add(topic, "2021-W" + two(w), true);
  }

  Id add(Id topic, const std::string& week, bool published) {
    const std::string slug = "c" + std::to_string(++serial_);
    Commentary c = make_commentary(topic, week, Assessment::worse, published ? 1700000000 : 0,
                                   {{"en", {"Title " + slug, "Lead.", "Body.", slug}}});
    auto id = db_->content().add_commentary(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  void publish(Id id) {
    auto c = db_->content().get_commentary(id);
    ASSERT_TRUE(c.ok());
    c->status = CommentaryStatus::published;
    c->published_at = from_unix(1700000000);
    ASSERT_TRUE(db_->content().update_commentary(*c).ok());
  }

  static std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

  std::vector<Id> drafts_;
  int serial_ = 0;
};

TEST_P(ApiPaging, CommentariesNeitherMissedNorRepeatedWhilePublishing) {
  add_history(10);
  const std::vector<std::int64_t> before = published_ids();
  ASSERT_EQ(before.size(), 23u);
  std::map<std::int64_t, int> seen;
  std::string next = "/api/v1/commentaries?limit=3&fields=period";
  int page = 0;
  while (!next.empty()) {
    ASSERT_LT(++page, 40) << "no end to the pages";
    Response r = fetch(next);
    ASSERT_EQ(r.status, 200) << *r.body;
    Json body = Json::parse(*r.body);
    EXPECT_LE(body["data"].size(), 3u);
    for (auto id : ids_in(body)) ++seen[id];
    if (body["next"].is_null()) {
      EXPECT_EQ(r.header("Link"), "");
      break;
    }
    next = local(body["next"]);
    EXPECT_EQ(r.header("Link"), "<" + body["next"].get<std::string>() + ">; rel=\"next\"");
    // Between pages: a new commentary (a new week: the highest id), and an old draft published.
    add(page % 2 ? ids_.security : ids_.west, "2022-W" + two(20 + page), true);
    if (static_cast<std::size_t>(page) <= drafts_.size()) publish(drafts_[page - 1]);
  }
  for (auto id : before) EXPECT_EQ(seen[id], 1) << "commentary " << id;
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << "commentary " << id << " repeated";
}

TEST_P(ApiPaging, PeriodsNeitherMissedNorRepeatedWhilePublishing) {
  add_history(9);
  Json all = json_of("/api/v1/periods?limit=100");
  std::vector<std::string> before;
  for (const auto& p : all["data"]) before.push_back(p["id"]);
  ASSERT_EQ(before.size(), 11u);  // 2021-W01..W09 and 2022-W08, W09
  std::map<std::string, int> seen;
  std::string next = "/api/v1/periods?limit=2";
  int page = 0;
  while (!next.empty()) {
    ASSERT_LT(++page, 40);
    Json body = json_of(next);
    for (const auto& p : body["data"]) ++seen[p["id"].get<std::string>()];
    next = body["next"].is_null() ? "" : local(body["next"]);
    // A new week on top, and a week in the middle that had nothing published yet.
    add(ids_.security, "2023-W" + two(page), true);
    if (page <= 6) publish(drafts_[static_cast<std::size_t>(page - 1) * 2]);
  }
  for (const auto& id : before) EXPECT_EQ(seen[id], 1) << id;
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id << " repeated";
}

TEST_P(ApiPaging, TopicsAndAuthorsPageToo) {
  Json first = json_of("/api/v1/topics?limit=1");
  ASSERT_EQ(first["data"].size(), 1u);
  ASSERT_TRUE(first["next"].is_string());
  Json second = json_of(local(first["next"]));
  ASSERT_EQ(second["data"].size(), 1u);
  EXPECT_NE(second["data"][0]["slug"], first["data"][0]["slug"]);
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_TRUE(json_of("/api/v1/authors?limit=1")["next"].is_null());
}

TEST_P(ApiPaging, DefaultAndMaximumLimit) {
  api::ReadApiOptions o;
  o.base_url = "http://api.test";
  o.rate_limit = 0;
  o.default_limit = 2;
  o.max_limit = 5;
  make_api(o);
  add_history(5);
  EXPECT_EQ(json_of("/api/v1/commentaries")["data"].size(), 2u);
  EXPECT_EQ(json_of("/api/v1/commentaries?limit=5")["data"].size(), 5u);
  EXPECT_EQ(json_of("/api/v1/commentaries?limit=6", 400)["error"]["parameter"], "limit");
}

TEST_P(ApiPaging, ConditionalGetCorsAndTheContentVersion) {
  Response first = fetch("/api/v1/commentaries");
  ASSERT_EQ(first.status, 200);
  const std::string etag(first.header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first.header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(first.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(first.header("Access-Control-Expose-Headers"), "ETag, Link, Retry-After");
  EXPECT_EQ(first.header("Access-Control-Allow-Credentials"), "");

  Response again = fetch("/api/v1/commentaries", "GET", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body->empty());
  EXPECT_EQ(again.header("ETag"), etag);
  EXPECT_EQ(again.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(again.header("Access-Control-Expose-Headers"), "ETag, Link, Retry-After");
  EXPECT_GE(cache_->stats().hits, 1u);

  Response gz = fetch("/api/v1/commentaries", "GET", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_EQ(gz.header("ETag"), etag.substr(0, etag.size() - 1) + "-gz\"");

  // A publish changes the content version: the cached list is not served again.
  add_history(1);
  Response changed = fetch("/api/v1/commentaries", "GET", {{"If-None-Match", etag}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.header("ETag"), etag);
  EXPECT_EQ(Json::parse(*changed.body)["data"].size(), 5u);

  Response head = fetch("/api/v1/commentaries", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("ETag"), changed.header("ETag"));
}

TEST_P(ApiPaging, PreflightAndMethods) {
  Response pre = fetch("/api/v1/commentaries?topic=west", "OPTIONS",
                       {{"Origin", "https://elsewhere.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(pre.header("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(pre.header("Access-Control-Allow-Headers"), "If-None-Match");
  EXPECT_EQ(pre.header("Access-Control-Max-Age"), "86400");
  EXPECT_EQ(fetch("/api/v1/nothing", "OPTIONS").status, 404);
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    Response r = fetch("/api/v1/topics", method);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.header("Allow"), "GET, HEAD, OPTIONS");
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(Json::parse(*r.body)["error"]["code"], "method_not_allowed");
  }
}

BAROMETER_ON_BACKENDS(ApiPaging);

}  // namespace
}  // namespace barometer::web
