// Every page type in every language over the built-in demo content, on both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <tuple>

#include "i18n/catalogue.hpp"
#include "services/demo/demo_site.hpp"
#include "support/temp_dir.hpp"
#include "support/backend_fixture.hpp"
#include "web/public_site.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web {
namespace {

// One row: a page type in one language (its URLs are found in the demo's content).
struct DemoPage {
  std::string name;  // the test's name
  LangCode lang;
  std::string kind;  // home, period, topic, topic_page_1, missing, commentaries, author, static_page
};

void PrintTo(const DemoPage& p, std::ostream* os) { *os << p.lang << " " << p.kind; }

std::vector<DemoPage> demo_pages(std::initializer_list<LangCode> langs) {
  std::vector<DemoPage> out;
  for (const auto& lang : langs)
    for (const char* kind : {"home", "period", "topic", "topic_page_1", "missing", "commentaries", "author", "static_page"})
      out.push_back({lang + "_" + kind, lang, kind});
  return out;
}

// The demo is seeded once per backend (the slow part) and shared by the suite's tests.
class PublicDemoTest : public ::testing::TestWithParam<std::tuple<std::string, DemoPage>> {
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
    const std::string& backend = std::get<0>(GetParam());
    auto& demo = demos()[backend];
    if (!demo) {
      auto fresh = std::make_unique<Demo>(backend);
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

  const DemoPage& page() const { return std::get<1>(GetParam()); }

  // The row's URLs: one, or every commentary of 2022-W09 in the row's language.
  std::vector<std::string> urls() {
    const std::string prefix = "/" + page().lang + "/";
    const std::string& kind = page().kind;
    if (kind == "home") return {prefix};
    if (kind == "period") return {prefix + "2022-W09/"};
    if (kind == "topic") return {prefix + "topics/security/"};
    if (kind == "topic_page_1") return {prefix + "topics/security/?page=1"};
    if (kind == "missing") return {prefix + "nothing-here/"};
    if (kind == "author") {
      auto authors = store_->list_authors();
      EXPECT_TRUE(authors.ok() && !authors->empty());
      return {prefix + "authors/" + authors->front().slug + "/"};
    }
    if (kind == "static_page") {
      auto pages = store_->list_pages();
      EXPECT_TRUE(pages.ok() && !pages->empty());
      return {prefix + pages->front().text.at(page().lang).slug + "/"};
    }
    std::vector<std::string> out;
    CommentaryFilter filter;
    filter.period = *Period::parse("2022-W09");
    auto commentaries = store_->find_commentaries(filter);
    EXPECT_TRUE(commentaries.ok());
    for (const auto& c : *commentaries) {
      auto tr = c.translations.find(page().lang);
      auto topic = std::find_if(topics_->begin(), topics_->end(), [&](const Topic& t) { return t.id == c.topic_id; });
      if (tr != c.translations.end() && topic != topics_->end())
        out.push_back(prefix + "topics/" + topic->slug + "/" + tr->second.slug + "/");
    }
    EXPECT_GE(out.size(), 3u);  // most of the week's commentaries exist in every language
    return out;
  }

  Store* store_ = nullptr;
  Handler* handler_ = nullptr;
  const std::vector<Topic>* topics_ = nullptr;
};

std::string demo_page_name(const ::testing::TestParamInfo<std::tuple<std::string, DemoPage>>& info) {
  return std::get<1>(info.param).name + "_" + std::get<0>(info.param);
}

TEST_P(PublicDemoTest, Renders) {
  const std::string lang = page().lang;
  for (const auto& url : urls()) {
    auto r = handler_->handle(testing_support::get(url));
    EXPECT_EQ(r.status, page().kind == "missing" ? 404 : 200) << url;
    EXPECT_NE(r.body->find("<html lang=\"" + lang + "\""), std::string::npos) << url;
    EXPECT_NE(r.body->find("<title>"), std::string::npos) << url;
    EXPECT_EQ(r.body->find("style=\""), std::string::npos) << url;  // CSP style-src 'self'
    // No script runs on a public page; the one <script> allowed is the JSON-LD data block of a
    // commentary (docs/decisions/0018), which browsers never execute.
    for (auto at = r.body->find("<script"); at != std::string::npos; at = r.body->find("<script", at + 1))
      EXPECT_EQ(r.body->compare(at, 35, "<script type=\"application/ld+json\">"), 0) << url;
  }
}

// The rows in Belarusian and Russian: no English UI string on them.
class PublicDemoTranslatedTest : public PublicDemoTest {};

TEST_P(PublicDemoTranslatedTest, HasNoEnglishUiStrings) {
  auto en = Catalogue::load((barometer::testing::source_dir() / "themes/default/locales/en.toml").string(), "en");
  ASSERT_TRUE(en.ok());
  std::vector<std::string> english;
  for (const auto& [key, pattern] : en->entries())
    if (pattern.find('{') == std::string::npos) english.push_back(en->format(key, {}));
  english.insert(english.end(), {"Situation in", "Page ", "The situation", " commentaries", "Previous week"});
  ASSERT_GT(english.size(), 40u);
  for (const auto& url : urls()) {
    auto r = handler_->handle(testing_support::get(url));
    // The JSON-LD block speaks schema.org's vocabulary ("inLanguage"), not the reader's.
    std::string body = *r.body;
    if (auto at = body.find("<script type=\"application/ld+json\">"); at != std::string::npos)
      body.erase(at, body.find("</script>", at) - at);
    for (const auto& text : english) EXPECT_EQ(body.find(text), std::string::npos) << url << ": \"" << text << "\"";
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

INSTANTIATE_TEST_SUITE_P(Backends, PublicDemoTest,
                         ::testing::Combine(::testing::ValuesIn(testing::test_backends()),
                                            ::testing::ValuesIn(demo_pages({"en", "be", "ru"}))),
                         demo_page_name);
INSTANTIATE_TEST_SUITE_P(Backends, PublicDemoTranslatedTest,
                         ::testing::Combine(::testing::ValuesIn(testing::test_backends()),
                                            ::testing::ValuesIn(demo_pages({"be", "ru"}))),
                         demo_page_name);

}  // namespace
}  // namespace barometer::web
