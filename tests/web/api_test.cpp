// The read API's endpoints on both backends (issue 16; docs/decisions/0021-read-api.md): the
// index, topics, authors, periods with their markers, commentaries with every filter and field
// selection, search, and that nothing unpublished ever shows.

#include "web/api_fixture.hpp"

#include <algorithm>
#include <set>

namespace barometer::web {
namespace {

using testing_support::ApiTest;
using Json = nlohmann::json;

class Api : public ApiTest {};

TEST_P(Api, IndexLinksEveryCollection) {
  Json index = json_of("/api/v1/");
  EXPECT_EQ(index["version"], "v1");
  EXPECT_EQ(index["site"]["url"], "http://api.test");
  EXPECT_EQ(index["site"]["name"]["be"], "Тэставы манітор");
  ASSERT_EQ(index["site"]["languages"].size(), 3u);
  for (const char* what : {"topics", "periods", "commentaries", "authors", "search"}) {
    const std::string link = index["links"][what].get<std::string>();
    EXPECT_EQ(link, std::string("http://api.test/api/v1/") + what);
    EXPECT_EQ(fetch(local(link)).status, 200) << link;
  }
  EXPECT_EQ(index["links"]["openapi"], "http://api.test/api/v1/openapi.json");
}

TEST_P(Api, TopicsAndAuthors) {
  Json topics = json_of("/api/v1/topics");
  ASSERT_EQ(topics["data"].size(), 2u);
  EXPECT_EQ(topics["data"][0]["slug"], "security");
  EXPECT_EQ(topics["data"][0]["text"]["ru"]["name"], "Вопросы безопасности");
  EXPECT_EQ(topics["data"][0]["urls"]["be"], "http://api.test/be/topics/security/");
  EXPECT_TRUE(topics["next"].is_null());
  Json one = json_of("/api/v1/topics/west");
  EXPECT_EQ(one["data"]["id"], ids_.west);
  EXPECT_EQ(one["data"]["position"], 2);
  Json missing = json_of("/api/v1/topics/nope", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");

  Json authors = json_of("/api/v1/authors");
  ASSERT_EQ(authors["data"].size(), 1u);
  EXPECT_EQ(authors["data"][0]["slug"], "anna");
  EXPECT_EQ(authors["data"][0]["text"]["en"]["bio"], "Writes on security.");
}

TEST_P(Api, PeriodsCarryEveryTopicsMarker) {
  Json periods = json_of("/api/v1/periods");
  ASSERT_EQ(periods["data"].size(), 2u);  // W10 holds only a draft
  const Json& w09 = periods["data"][0];
  EXPECT_EQ(w09["id"], "2022-W09");
  EXPECT_EQ(w09["start"], "2022-02-28");
  EXPECT_EQ(w09["end"], "2022-03-06");
  ASSERT_EQ(w09["markers"].size(), 2u);
  EXPECT_EQ(w09["markers"][0]["topic"], "security");
  EXPECT_EQ(w09["markers"][0]["assessment"], "worse");
  EXPECT_EQ(w09["markers"][0]["outlook"], "risk");
  EXPECT_EQ(w09["markers"][1]["topic"], "west");
  EXPECT_TRUE(w09["markers"][1]["outlook"].is_null());
  EXPECT_EQ(periods["data"][1]["id"], "2022-W08");

  EXPECT_EQ(json_of("/api/v1/periods?from=2022-W09")["data"].size(), 1u);
  EXPECT_EQ(json_of("/api/v1/periods?to=2022-W08")["data"][0]["id"], "2022-W08");
  EXPECT_EQ(json_of("/api/v1/periods/2022-W08")["data"]["markers"][0]["assessment"], "better");
  EXPECT_EQ(json_of("/api/v1/periods/2022-W10", 404)["error"]["code"], "not_found");
  EXPECT_EQ(json_of("/api/v1/periods/2022-W99", 400)["error"]["parameter"], "period");
}

TEST_P(Api, CommentaryInFull) {
  Json list = json_of("/api/v1/commentaries?topic=security&to=2022-W09&from=2022-W09");
  ASSERT_EQ(list["data"].size(), 1u);
  const Json& c = list["data"][0];
  EXPECT_EQ(c["topic"], "security");
  EXPECT_EQ(c["period"], "2022-W09");
  EXPECT_EQ(c["assessment"], "worse");
  EXPECT_EQ(c["outlook"], "risk");
  EXPECT_EQ(c["authors"], Json::array({"anna"}));
  EXPECT_EQ(c["published_at"], "2022-03-06T18:00:00Z");
  EXPECT_EQ(c["evidence"][0]["date"], "2022-03-01");
  EXPECT_EQ(c["evidence"][0]["source_url"], "https://news.example/a");
  EXPECT_EQ(c["evidence"][0]["lines"]["be"], "Войскі рушылі.");
  // Markup in the text is data: the JSON carries it as it was written, escaped as JSON.
  EXPECT_EQ(c["translations"]["en"]["title"], "Minsk <b>shields</b> the \"Kremlin\"");
  EXPECT_NE(c["translations"]["en"]["body"].get<std::string>().find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_EQ(c["translations"]["ru"]["url"], "http://api.test/ru/topics/security/minsk-prikryvaet/");
  EXPECT_EQ(c["translations"].size(), 3u);
  // ... and < > & as \u escapes, so the bytes hold no markup even for a client that sniffs.
  const std::string raw = *fetch("/api/v1/commentaries?topic=security").body;
  EXPECT_EQ(raw.find('<'), std::string::npos);
  EXPECT_NE(raw.find("\\u003cscript\\u003e"), std::string::npos);

  const auto id = c["id"].get<std::int64_t>();
  Json one = json_of("/api/v1/commentaries/" + std::to_string(id));
  EXPECT_EQ(one["data"], c);
  Json be = json_of("/api/v1/commentaries/" + std::to_string(id) + "?lang=be");
  EXPECT_EQ(be["data"]["translations"].size(), 1u);
  EXPECT_EQ(be["data"]["evidence"][0]["lines"].size(), 1u);
  Json few = json_of("/api/v1/commentaries/" + std::to_string(id) + "?fields=title,assessment");
  EXPECT_EQ(few["data"], (Json{{"id", id},
                               {"assessment", "worse"},
                               {"translations",
                                {{"en", {{"title", "Minsk <b>shields</b> the \"Kremlin\""}}},
                                 {"be", {{"title", "Мінск прыкрывае Крэмль"}}},
                                 {"ru", {{"title", "Минск прикрывает Кремль"}}}}}}));
  EXPECT_EQ(few["fields"], Json::array({"assessment", "title"}));
}

TEST_P(Api, DraftsAreNeverShown) {
  CommentaryFilter every;
  every.published_only = false;
  auto rows = db_->content().find_commentaries(every);
  ASSERT_TRUE(rows.ok());
  for (const auto& c : *rows) {
    if (c.status == CommentaryStatus::published) continue;
    EXPECT_EQ(json_of("/api/v1/commentaries/" + std::to_string(c.id), 404)["error"]["code"], "not_found");
  }
  Json all = json_of("/api/v1/commentaries");
  EXPECT_EQ(ids_in(all), published_ids());
  EXPECT_EQ(all["data"].size(), 3u);
  EXPECT_EQ(json_of("/api/v1/commentaries/999999", 404)["error"]["code"], "not_found");
}

// Each filter alone and together: the topics and weeks of what comes back.
TEST_P(Api, CommentaryFilters) {
  const auto keys = [&](const std::string& query) {
    std::vector<std::string> out;
    const Json page = json_of("/api/v1/commentaries" + query);
    for (const auto& c : page["data"])
      out.push_back(c["topic"].get<std::string>() + "/" + c["period"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(keys(""), (V{"security/2022-W08", "security/2022-W09", "west/2022-W09"}));
  EXPECT_EQ(keys("?topic=west"), (V{"west/2022-W09"}));
  EXPECT_EQ(keys("?author=anna"), (V{"security/2022-W08", "security/2022-W09"}));
  EXPECT_EQ(keys("?from=2022-W09"), (V{"security/2022-W09", "west/2022-W09"}));
  EXPECT_EQ(keys("?to=2022-W08"), (V{"security/2022-W08"}));
  EXPECT_EQ(keys("?assessment=unchanged"), (V{"west/2022-W09"}));
  EXPECT_EQ(keys("?assessment=better"), (V{"security/2022-W08"}));
  EXPECT_EQ(keys("?outlook=risk"), (V{"security/2022-W09"}));
  EXPECT_EQ(keys("?outlook=opportunity"), V{});
  EXPECT_EQ(keys("?lang=ru"), (V{"security/2022-W09", "west/2022-W09"}));
  EXPECT_EQ(keys("?lang=be&topic=security&assessment=worse&author=anna&from=2022-W01&to=2022-W52"),
            (V{"security/2022-W09"}));
  EXPECT_EQ(keys("?topic=west&assessment=worse"), V{});
  Json ru = json_of("/api/v1/commentaries?lang=ru&fields=url");
  for (const auto& c : ru["data"]) {
    EXPECT_EQ(c.size(), 2u) << c;  // id and translations
    EXPECT_EQ(c["translations"].size(), 1u);
    EXPECT_EQ(c["translations"]["ru"].size(), 1u);
  }
}

TEST_P(Api, SearchThroughSiteSearch) {
  Json hits = json_of("/api/v1/search?q=kremlin");
  ASSERT_EQ(hits["data"].size(), 1u);
  EXPECT_EQ(hits["total"], 1);
  EXPECT_EQ(hits["data"][0]["lang"], "en");
  EXPECT_EQ(hits["data"][0]["topic"], "security");
  EXPECT_EQ(hits["data"][0]["url"], "http://api.test/en/topics/security/minsk-shields/");
  bool marked = false;
  for (const auto& part : hits["data"][0]["highlighted_title"]) marked |= part["marked"] && part["text"] == "Kremlin";
  EXPECT_TRUE(marked) << hits;
  // Every language by default (Кремль in ru, Крэмль in be are other words).
  EXPECT_EQ(json_of("/api/v1/search?q=" + percent_encode("кремль"))["data"][0]["lang"], "ru");
  EXPECT_EQ(json_of("/api/v1/search?q=kremlin&lang=ru")["total"], 0);
  // Filters alone: the archive, as on the search page.
  EXPECT_EQ(json_of("/api/v1/search?lang=en")["total"], 3);
  EXPECT_EQ(json_of("/api/v1/search?topic=security&assessment=worse&outlook=risk&author=anna")["total"], 3);
  EXPECT_EQ(json_of("/api/v1/search?topic=security&assessment=worse&outlook=risk&author=anna&lang=en")["total"], 1);
  EXPECT_EQ(json_of("/api/v1/search?from=2022-W08&to=2022-W08")["total"], 1);
  EXPECT_EQ(json_of("/api/v1/search?q=" + percent_encode("-kremlin"))["query_ignored"], true);

  // Pages of two, all the way through: every hit once.
  std::set<std::string> seen;
  std::string next = "/api/v1/search?lang=all&limit=2";
  int pages = 0;
  while (!next.empty() && pages < 10) {
    Json page = json_of(next);
    for (const auto& h : page["data"])
      EXPECT_TRUE(seen.insert(std::to_string(h["commentary"].get<int>()) + h["lang"].get<std::string>()).second);
    next = page["next"].is_null() ? "" : local(page["next"]);
    ++pages;
  }
  EXPECT_EQ(seen.size(), 6u);  // security W09 x3, W08 x1, west W09 x2
  EXPECT_EQ(pages, 3);
}

TEST_P(Api, OpenApiDocumentIsServed) {
  Json doc = json_of("/api/v1/openapi.json");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  for (const char* path : {"/api/v1/", "/api/v1/topics", "/api/v1/topics/{slug}", "/api/v1/periods",
                           "/api/v1/periods/{period}", "/api/v1/commentaries", "/api/v1/commentaries/{id}",
                           "/api/v1/authors", "/api/v1/search", "/api/v1/openapi.json"})
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
}

BAROMETER_ON_BACKENDS(Api);

}  // namespace
}  // namespace barometer::web
