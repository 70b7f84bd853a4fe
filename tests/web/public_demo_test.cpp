// Every page type in every language over the built-in demo content.
#include <gtest/gtest.h>

#include "i18n/catalogue.hpp"
#include "services/demo/demo_site.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"
#include "web/public_site.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web {
namespace {

class PublicDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new barometer::testing::TempDir();
    auto opened = open_sqlite_store({.path = dir_->file("demo.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = opened->release();
    DemoOptions demo;
    demo.first = *Period::parse("2022-W01");
    demo.last = *Period::parse("2022-W12");
    auto seeded = seed_demo_site(*store_, demo);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    PublicSiteOptions options;
    options.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
    auto handler = make_public_site(*store_, options);
    ASSERT_TRUE(handler.ok()) << handler.error().message;
    handler_ = handler->release();
  }
  static void TearDownTestSuite() {
    delete handler_;
    delete store_;
    delete dir_;
  }

  // One URL of every page type in `lang`.
  static std::vector<std::string> urls(const LangCode& lang) {
    std::vector<std::string> out = {"/" + lang + "/", "/" + lang + "/2022-W09/", "/" + lang + "/topics/security/",
                                    "/" + lang + "/topics/security/?page=1", "/" + lang + "/nothing-here/"};
    CommentaryFilter filter;
    filter.period = *Period::parse("2022-W09");
    auto commentaries = store_->find_commentaries(filter);
    EXPECT_TRUE(commentaries.ok());
    for (const auto& c : *commentaries) {
      auto tr = c.translations.find(lang);
      auto topic = std::find_if(topics().begin(), topics().end(), [&](const Topic& t) { return t.id == c.topic_id; });
      if (tr != c.translations.end() && topic != topics().end())
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
  static const std::vector<Topic>& topics() {
    static const std::vector<Topic> t = *store_->list_topics();
    return t;
  }

  static barometer::testing::TempDir* dir_;
  static Store* store_;
  static Handler* handler_;
};

barometer::testing::TempDir* PublicDemoTest::dir_ = nullptr;
Store* PublicDemoTest::store_ = nullptr;
Handler* PublicDemoTest::handler_ = nullptr;

TEST_F(PublicDemoTest, EveryPageTypeInEveryLanguageRenders) {
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

TEST_F(PublicDemoTest, NoEnglishUiStringsOnBelarusianAndRussianPages) {
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

TEST_F(PublicDemoTest, EveryCatalogueHasTheSameKeys) {
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

}  // namespace
}  // namespace barometer::web
