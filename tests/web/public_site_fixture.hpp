// A tiny hand-built site in a throwaway store, plus the public handler over it, for exact
// assertions on the public pages. Parameterised over the backends (support/backend_fixture.hpp): tests
// are TEST_P and run on SQLite and PostgreSQL.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "support/temp_dir.hpp"
#include "support/backend_fixture.hpp"
#include "web/public_site.hpp"

namespace barometer::web::testing_support {

inline Request get(std::string target, std::string accept_language = "") {
  Request r;
  r.method = "GET";
  r.target = target;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  if (!accept_language.empty()) r.headers.push_back({"Accept-Language", accept_language});
  return r;
}

inline bool contains(const Response& r, std::string_view text) { return r.body->find(text) != std::string::npos; }

// A commentary of `topic` for `week`: published at `published_at` (Unix seconds), or a draft when 0.
inline Commentary make_commentary(Id topic, const std::string& week, Assessment assessment, std::int64_t published_at,
                                  decltype(Commentary::translations) translations) {
  Commentary c;
  c.topic_id = topic;
  c.period = *Period::parse(week);
  c.assessment = assessment;
  c.status = published_at ? CommentaryStatus::published : CommentaryStatus::draft;
  if (published_at) c.published_at = from_unix(published_at);
  c.translations = std::move(translations);
  return c;
}

// The ids seed_public_site gave the topics and the author.
struct SeedIds {
  Id security = 0, west = 0, anna = 0;
};

// The tiny site: two topics (security, west), one author (anna), one static page (about), security
// commentaries for 2022-W09 (worse + risk, every language, markup in the title and body) and W08
// (better, English only), west for W09 (unchanged, en + ru) and a draft for W10.
inline void seed_public_site(Store& store, SeedIds& ids) {
  Site site;
  site.name = {{"en", "Test Monitor"}, {"be", "Тэставы манітор"}, {"ru", "Тестовый монитор"}};
  site.subject = {{"en", "Belarus"}, {"be", "Беларусі"}, {"ru", "Беларуси"}};
  site.base_url = "http://test.example";
  site.languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  ASSERT_TRUE(store.save_site(site).ok());

  const auto add_topic = [&](Id& id, std::string slug, decltype(Topic::position) position, decltype(Topic::text) text) {
    Topic topic;
    topic.slug = std::move(slug);
    topic.position = position;
    topic.text = std::move(text);
    auto added = store.add_topic(topic);
    ASSERT_TRUE(added.ok()) << added.error().message;
    id = *added;
  };
  add_topic(ids.security, "security", 1,
            {{"en", {"Security issues", "Army, police and borders."}},
             {"be", {"Пытанні бяспекі", "Армія, міліцыя і межы."}},
             {"ru", {"Вопросы безопасности", "Армия, милиция и границы."}}});
  add_topic(ids.west, "west", 2,
            {{"en", {"Belarus–West relations", "Diplomacy and sanctions."}},
             {"be", {"Беларусь і Захад", "Дыпламатыя і санкцыі."}},
             {"ru", {"Беларусь и Запад", "Дипломатия и санкции."}}});
  if (::testing::Test::HasFatalFailure()) return;

  Author anna;
  anna.slug = "anna";
  anna.text = {{"en", {"Anna Analyst", "Writes on security."}},
               {"be", {"Ганна Аналітык", "Піша пра бяспеку."}},
               {"ru", {"Анна Аналитик", "Пишет о безопасности."}}};
  auto aid = store.add_author(anna);
  ASSERT_TRUE(aid.ok());
  ids.anna = *aid;

  Page about;
  about.key = "about";
  about.position = 1;
  about.text = {{"en", {"about", "About monitoring", "We **monitor** weekly."}},
                {"be", {"pra-manitorynh", "Пра маніторынг", "Мы сочым штотыдзень."}},
                {"ru", {"o-monitoringe", "О мониторинге", "Мы следим еженедельно."}}};
  ASSERT_TRUE(store.add_page(about).ok());

  Commentary c = make_commentary(ids.security, "2022-W09", Assessment::worse, 1646589600,
                                 {{"en", {"Minsk <b>shields</b> the \"Kremlin\"", "The regime distances itself.",
                                          "Body *text*.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
                                          "[click](javascript:alert(3))\n",
                                          "minsk-shields"}},
                                  {"be", {"Мінск прыкрывае Крэмль", "Рэжым дыстанцуецца.", "Тэкст.", "minsk-prykryvae"}},
                                  {"ru", {"Минск прикрывает Кремль", "Режим дистанцируется.", "Текст.", "minsk-prikryvaet"}}});
  c.outlook = Outlook::risk;
  c.author_ids = {ids.anna};
  c.evidence = {{make_date(2022, 3, 1), "https://news.example/a", {{"en", "Troops moved."}, {"be", "Войскі рушылі."}, {"ru", "Войска двинулись."}}}};
  auto cid = store.add_commentary(c);
  ASSERT_TRUE(cid.ok()) << cid.error().message;

  Commentary earlier = make_commentary(ids.security, "2022-W08", Assessment::better, 1645984800,
                                       {{"en", {"Calm week", "Nothing moved.", "Quiet.", "calm-week"}}});
  earlier.author_ids = {ids.anna};
  ASSERT_TRUE(store.add_commentary(earlier).ok());
  ASSERT_TRUE(store.add_commentary(make_commentary(ids.west, "2022-W09", Assessment::unchanged, 1646589600,
                                                   {{"en", {"Sanctions hold", "No change.", "Same.", "sanctions-hold"}},
                                                    {"ru", {"Санкции в силе", "Без перемен.", "То же.", "sankcii-v-sile"}}}))
                  .ok());
  ASSERT_TRUE(store.add_commentary(make_commentary(ids.west, "2022-W10", Assessment::worse, 0,
                                                   {{"en", {"Draft", "Not yet.", "Draft.", "draft"}}}))
                  .ok());
}

// The public site's options the tests use (one commentary per archive page).
inline PublicSiteOptions test_site_options() {
  PublicSiteOptions o;
  o.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
  o.page_size = 1;  // two security commentaries -> two pages
  return o;
}

class PublicSiteTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto opened = open_store();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    seed();
    if (HasFatalFailure()) return;
    make_handler(options());
  }

  virtual void seed() { seed_public_site(*store_, ids_); }

  PublicSiteOptions options() const { return test_site_options(); }

  void make_handler(const PublicSiteOptions& o) {
    auto handler = make_public_site(*store_, o);
    ASSERT_TRUE(handler.ok()) << handler.error().message;
    handler_ = std::move(*handler);
  }

  Response fetch(const std::string& target, const std::string& accept_language = "") {
    return handler_->handle(get(target, accept_language));
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<Handler> handler_;
  SeedIds ids_;
};

}  // namespace barometer::web::testing_support
