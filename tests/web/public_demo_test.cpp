// Every page type in every language over the built-in demo content, on both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "i18n/catalogue.hpp"
#include "services/demo/demo_site.hpp"
#include "support/temp_dir.hpp"
#include "support/backend_fixture.hpp"
#include "web/public_site.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web {
namespace {

// The demo is seeded once per backend (the slow part) and shared by the suite's tests.
class PublicDemoTest : public testing::BackendTest {
 protected:
  struct Demo {
    barometer::testing::TempDir dir;
    testing::BackendDatabase database;
    std::unique_ptr<Store> store;
    std::unique_ptr<Handler> handler;
    std::vector<Topic> topics;
    explicit Demo(const std::string& backend) : database(backend, dir, "demo.db") {}
  };
  static std::map<std::string, std::unique_ptr<Demo>>& demos() {
    static std::map<std::string, std::unique_ptr<Demo>> all;
    return all;
  }
  static void TearDownTestSuite() { demos().clear(); }

  void SetUp() override {
    auto& demo = demos()[GetParam()];
    if (!demo) {
      auto fresh = std::make_unique<Demo>(GetParam());
      auto opened = fresh->database.open_store();
      ASSERT_TRUE(opened.ok()) << opened.error().message;
      fresh->store = std::move(*opened);
      DemoOptions options;
      options.first = *Period::parse("2022-W01");
      options.last = *Period::parse("2022-W12");
      auto seeded = seed_demo_site(*fresh->store, options);
      ASSERT_TRUE(seeded.ok()) << seeded.error().message;
      PublicSiteOptions site;
      site.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
      auto handler = make_public_site(*fresh->store, site);
      ASSERT_TRUE(handler.ok()) << handler.error().message;
      fresh->handler = std::move(*handler);
      auto topics = fresh->store->list_topics();
      ASSERT_TRUE(topics.ok()) << topics.error().message;
      fresh->topics = *topics;
      demo = std::move(fresh);
    }
    store_ = demo->store.get();
    handler_ = demo->handler.get();
    topics_ = &demo->topics;
  }

  // One URL of every page type in `lang`.
  std::vector<std::string> urls(const LangCode& lang) {
    std::vector<std::string> out = {"/" + lang + "/", "/" + lang + "/2022-W09/", "/" + lang + "/topics/security/",
                                    "/" + lang + "/topics/security/?page=1", "/" + lang + "/nothing-here/"};
    CommentaryFilter filter;
    filter.period = *Period::parse("2022-W09");
    auto commentaries = store_->find_commentaries(filter);
    EXPECT_TRUE(commentaries.ok());
    for (const auto& c : *commentaries) {
      auto tr = c.translations.find(lang);
      auto topic = std::find_if(topics_->begin(), topics_->end(), [&](const Topic& t) { return t.id == c.topic_id; });
      if (tr != c.translations.end() && topic != topics_->end())
        out.push_back("/" + lang + "/topics/" + topic->slug + "/" + tr->second.slug + "/");
    }
    auto authors = store_->list_authors();
    EXPECT_TRUE(authors.ok() && !authors->empty());
    out.push_back("/" + lang + "/authors/" + authors->front().slug + "/");
    auto pages = store_->list_pages();
    EXPECT_TRUE(pages.ok() && !pages->empty());
    out.push_back("/" + lang + "/" + pages->front().text.at(lang).slug + "/");
    return out;
  }

  Store* store_ = nullptr;
  Handler* handler_ = nullptr;
  const std::vector<Topic>* topics_ = nullptr;
};

TEST_P(PublicDemoTest, EveryPageTypeInEveryLanguageRenders) {
  for (const LangCode lang : {"en", "be", "ru"}) {
    const auto list = urls(lang);
    EXPECT_GE(list.size(), 10u);
    for (const auto& url : list) {
      auto r = handler_->handle(testing_support::get(url));
      const int expected = url.find("nothing-here") != std::string::npos ? 404 : 200;
      EXPECT_EQ(r.status, expected) << url;
      EXPECT_NE(r.body->find("<html lang=\"" + lang + "\""), std::string::npos) << url;
      EXPECT_NE(r.body->find("<title>"), std::string::npos) << url;
      EXPECT_EQ(r.body->find("style=\""), std::string::npos) << url;  // CSP style-src 'self'
      EXPECT_EQ(r.body->find("<script"), std::string::npos) << url;
    }
  }
}

TEST_P(PublicDemoTest, NoEnglishUiStringsOnBelarusianAndRussianPages) {
  auto en = Catalogue::load((barometer::testing::source_dir() / "themes/default/locales/en.toml").string(), "en");
  ASSERT_TRUE(en.ok());
  std::vector<std::string> english;
  for (const auto& [key, pattern] : en->entries())
    if (pattern.find('{') == std::string::npos) english.push_back(en->format(key, {}));
  english.insert(english.end(), {"Situation in", "Page ", "The situation", " commentaries", "Previous week"});
  ASSERT_GT(english.size(), 40u);
  for (const LangCode lang : {"be", "ru"}) {
    for (const auto& url : urls(lang)) {
      auto r = handler_->handle(testing_support::get(url));
      for (const auto& text : english) EXPECT_EQ(r.body->find(text), std::string::npos) << url << ": \"" << text << "\"";
    }
  }
}

TEST(PublicDemoCatalogues, EveryCatalogueHasTheSameKeys) {
  const auto dir = barometer::testing::source_dir() / "themes/default/locales";
  auto en = Catalogue::load((dir / "en.toml").string(), "en");
  auto be = Catalogue::load((dir / "be.toml").string(), "be_BY");
  auto ru = Catalogue::load((dir / "ru.toml").string(), "ru_RU");
  ASSERT_TRUE(en.ok() && be.ok() && ru.ok());
  for (const auto& [key, value] : en->entries()) {
    EXPECT_TRUE(be->has(key)) << key;
    EXPECT_TRUE(ru->has(key)) << key;
  }
  EXPECT_EQ(en->entries().size(), be->entries().size());
  EXPECT_EQ(en->entries().size(), ru->entries().size());
}

BAROMETER_ON_BACKENDS(PublicDemoTest);

}  // namespace
}  // namespace barometer::web
